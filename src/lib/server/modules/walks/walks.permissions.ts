import { SETUP, coordinator, coordinatorOrOwningStaff, definePermissions, member, publishedOnly, staff } from '../../platform/permissions';

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
	'walk-finding.record': { system: SETUP, rule: staff },
	'walk-finding.assign': { system: SETUP, rule: coordinator },
	'walk-finding.answer': { system: SETUP, rule: coordinatorOrOwningStaff },
	'walk-report.moderate': { system: SETUP, rule: coordinator },
	/** The hourly reminders to owners before the follow-up meeting. */
	'walk.remind': { system: ['scheduled-job', ...SETUP], rule: coordinator }
});
