import {
	SETUP,
	allow,
	coordinator,
	coordinatorOrOwningStaff,
	definePermissions,
	deny,
	member,
	publishedOnly,
	rolesIn,
	type Actor,
	type Resource
} from '../../platform/permissions';

/** Coordinators and staff walk and write findings down; readers (politicians) follow along. */
function walker(actor: Actor, resource: Resource) {
	const membership = member(actor, resource);
	if (!membership.allowed) return membership;
	const roles = rolesIn(actor, resource.municipalityId!);
	return roles.includes('samordnare') || roles.includes('medarbetare') ? allow('walker') : deny('role');
}

/**
 * Trygghetsvandringar (issue 14). Everyone in the municipality reads walks and findings; the
 * coordinator plans, assigns, publishes and moderates; coordinators and staff record findings; a
 * finding's state (fixed above all) is changed only by the coordinator or the owning organisation's
 * staff. Outside owners answer through their personal link (checked by the token, not here).
 */
export const WALKS_PERMISSIONS = definePermissions({
	/** The public site reads published walks only (the walk's `published`). */
	'walk.read': { system: publishedOnly(SETUP), rule: member },
	'walk.plan': { system: SETUP, rule: coordinator },
	'walk.publish': { system: SETUP, rule: coordinator },
	'walk-finding.record': { system: SETUP, rule: walker },
	'walk-finding.assign': { system: SETUP, rule: coordinator },
	'walk-finding.answer': { system: SETUP, rule: coordinatorOrOwningStaff },
	'walk-report.moderate': { system: SETUP, rule: coordinator },
	/** The hourly reminders to owners before the follow-up meeting. */
	'walk.remind': { system: ['scheduled-job', ...SETUP], rule: coordinator }
});
