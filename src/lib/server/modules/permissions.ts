/**
 * Every module's permission declarations, for the one policy (platform/authz.ts). Kept apart from
 * the module manifests: a manifest imports use cases, which import the policy, which imports this.
 * The `Action` union is derived from these objects, so they are imported statically — from the list
 * scripts/generate-modules.mjs writes of every `modules/<m>/<m>.permissions.ts`, so a new module's
 * permissions join the policy without an edit here.
 */
export { MODULE_PERMISSION_SETS, MODULE_PERMISSIONS } from './permissions.generated';
