import { AUDIT_PERMISSIONS } from './audit/audit.permissions';
import { ORGANISATIONS_PERMISSIONS } from './organisations/organisations.permissions';
import { PLANS_PERMISSIONS } from './plans/plans.permissions';
import { PROMISES_PERMISSIONS } from './promises/promises.permissions';
import { SITUATION_PERMISSIONS } from './situation/situation.permissions';
import { USERS_PERMISSIONS } from './users/users.permissions';

/**
 * Every module's permission declarations, for the one policy (platform/authz.ts). Kept apart from
 * the module manifests: a manifest imports use cases, which import the policy, which imports this.
 * The `Action` union is derived from these objects, so they are imported statically.
 */
export const MODULE_PERMISSION_SETS = [
	AUDIT_PERMISSIONS,
	ORGANISATIONS_PERMISSIONS,
	USERS_PERMISSIONS,
	SITUATION_PERMISSIONS,
	PLANS_PERMISSIONS,
	PROMISES_PERMISSIONS
] as const;

export const MODULE_PERMISSIONS = {
	...AUDIT_PERMISSIONS,
	...ORGANISATIONS_PERMISSIONS,
	...USERS_PERMISSIONS,
	...SITUATION_PERMISSIONS,
	...PLANS_PERMISSIONS,
	...PROMISES_PERMISSIONS
};
