/**
 * The one authorisation policy: a pure function of (who, action, resource).
 * Every server route and form action asks it through `authorize` (see platform/guard.ts),
 * and use cases ask it again before they touch data (`requireAccess`, platform/access.ts).
 * The actions and their rules are declared by the modules (`modules/<m>/<m>.permissions.ts`);
 * this file holds the foundation actions and loops over every declaration.
 */
import { MODULE_PERMISSIONS } from '../modules/permissions';
import {
	SETUP,
	allow,
	coordinator,
	definePermissions,
	deny,
	isAdmin,
	member,
	type Decision,
	type Declarations,
	type Permission,
	type Principal,
	type Resource
} from './permissions';

export {
	ROLES,
	SYSTEM_REASONS,
	isAdmin,
	isPerson,
	personActor,
	personId,
	principalLabel,
	rolesIn,
	systemActor,
	type Actor,
	type Decision,
	type Membership,
	type Principal,
	type Resource,
	type Role,
	type SystemActor,
	type SystemReason
} from './permissions';

/** What the installation itself and every municipality need, whatever modules are installed. */
export const FOUNDATION_PERMISSIONS = definePermissions({
	'public.read': { anonymous: true, system: ['public-site'], rule: () => allow('public') },
	'session.manage': { anonymous: true, system: ['sign-in'], rule: () => allow('public') },
	'account.manage': { admin: false, rule: () => allow('signed_in') },
	'app.enter': { rule: () => allow('signed_in') },
	'installation.manage': { system: ['cli'], rule: () => deny('admin_only') },
	'municipality.read': { system: [...SETUP, 'scheduled-job'], rule: member },
	'municipality.manage': { system: SETUP, rule: coordinator }
});

const ALL = { ...FOUNDATION_PERMISSIONS, ...MODULE_PERMISSIONS };
type All = typeof ALL;

export type Action = keyof All & string;
/** What a caller must describe about the resource for `action` in a set of declarations. */
type ResourceIn<D, A extends keyof D> = D[A] extends Permission<infer R> ? R : Resource;
/** What a caller must describe about the resource for `action` (a module may ask for more than `Resource`). */
export type ResourceOf<A extends Action> = ResourceIn<All, A>;

/** A policy over a set of declarations; the app's is `decide` below, tests build their own. */
export function createPolicy<D extends Declarations>(declarations: D) {
	return function decide<A extends keyof D & string>(who: Principal | null, action: A, resource?: ResourceIn<D, A>): Decision {
		const permission = declarations[action] as Permission<Resource> | undefined;
		if (!permission) return deny('unknown_action');
		if (!who) return permission.anonymous ? allow('public') : deny('not_signed_in');
		if (who.kind === 'system') {
			const system = permission.system;
			if (typeof system === 'function') return system(who, resource ?? {});
			return system?.includes(who.reason) ? allow(`system:${who.reason}`) : deny(`system:${who.reason}`);
		}
		if (permission.anonymous) return allow('public');
		if (permission.admin !== false && isAdmin(who)) return allow('admin');
		return permission.rule(who, resource ?? {});
	};
}

const policy: (who: Principal | null, action: Action, resource?: Resource) => Decision = createPolicy(ALL as Declarations);

/**
 * May `who` do `action` on `resource`? `null` is an anonymous visitor (routes only; use cases
 * act for a person or a system actor). The resource may carry what the use case loaded
 * (owning organisation, state, a consent record) for rules that depend on the record.
 */
export function decide<A extends Action>(who: Principal | null, action: A, resource?: ResourceOf<A>): Decision {
	return policy(who, action, resource);
}

/** The resource may be left out only when the action needs nothing of it. */
export type ResourceArgument<A extends Action> = object extends ResourceOf<A> ? [resource?: ResourceOf<A>] : [resource: ResourceOf<A>];

/**
 * The same question as `decide`, for use cases asking about a single record or field
 * ("may this actor read field X of record Y?"). An action whose declaration needs more than the
 * common resource fields (e.g. a consent record) cannot be asked without them.
 */
export function can<A extends Action>(who: Principal, action: A, ...[resource]: ResourceArgument<A>): Decision {
	return policy(who, action, resource);
}

/** Every declared action, for tests and documentation. */
export const ACTIONS = Object.keys(ALL) as Action[];
