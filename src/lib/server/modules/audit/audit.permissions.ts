import { allow, coordinator, definePermissions, deny } from '../../platform/permissions';

/** The audit log: a municipality's coordinator reads its rows; the whole log is the admin's (or the CLI's). */
export const AUDIT_PERMISSIONS = definePermissions({
	'audit.read': {
		system: (actor) => (actor.reason === 'cli' ? allow('system:cli') : deny(`system:${actor.reason}`)),
		rule: (actor, resource) => (resource.municipalityId ? coordinator(actor, resource) : deny('admin_only'))
	}
});
