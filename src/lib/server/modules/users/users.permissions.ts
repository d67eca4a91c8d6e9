import { SETUP, coordinator, definePermissions, deny, type Resource } from '../../platform/permissions';
import type { Role } from '../../platform/permissions';

/** `role`: the role the person gets. Only an admin (allowed before any rule) may make an admin. */
export interface UserResource extends Resource {
	role?: Role;
}

/** People of a municipality: inviting and creating them, changing roles, removing members. */
export const USERS_PERMISSIONS = definePermissions({
	'user.invite': {
		system: SETUP,
		rule: (actor, resource: UserResource) => (resource.role === 'admin' ? deny('admin_only') : coordinator(actor, resource))
	},
	'user.manage': {
		system: SETUP,
		rule: (actor, resource: UserResource) => (resource.role === 'admin' ? deny('admin_only') : coordinator(actor, resource))
	}
});
