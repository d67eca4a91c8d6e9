import { can, type Action, type Principal, type ResourceArgument } from './authz';
import { ForbiddenError } from './errors';

/**
 * The use cases' door to the policy: returns when `who` may do `action` on the resource and
 * throws the coded ForbiddenError (403, with the policy's reason) when not.
 */
export function requireAccess<A extends Action>(who: Principal, action: A, ...resource: ResourceArgument<A>): void {
	const decision = can(who, action, ...resource);
	if (!decision.allowed) throw new ForbiddenError(decision.reason);
}
