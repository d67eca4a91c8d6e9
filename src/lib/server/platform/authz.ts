/**
 * The one authorisation policy: a pure function of (actor, action, resource).
 * Every server route and form action asks it through `authorize` (see platform/guard.ts),
 * and use cases ask it again before they touch data.
 */
export const ROLES = ['admin', 'samordnare', 'medarbetare', 'lasare'] as const;
export type Role = (typeof ROLES)[number];

export interface Membership {
	role: Role;
	organisationId: string | null;
	municipalityId: string | null;
}

export interface Actor {
	userId: string;
	email: string;
	name: string;
	memberships: Membership[];
}

export type Action =
	| 'public.read'
	| 'session.manage'
	| 'account.manage'
	| 'app.enter'
	| 'municipality.read'
	| 'municipality.manage'
	| 'organisation.write'
	| 'audit.read'
	| 'installation.manage';

export interface Resource {
	municipalityId?: string | null;
	/** The organisation that owns the thing (e.g. the one responsible for a measure). */
	organisationId?: string | null;
}

export interface Decision {
	allowed: boolean;
	reason: string;
}

const allow = (reason: string): Decision => ({ allowed: true, reason });
const deny = (reason: string): Decision => ({ allowed: false, reason });

export function isAdmin(actor: Actor | null): boolean {
	return actor?.memberships.some((m) => m.role === 'admin') ?? false;
}

export function rolesIn(actor: Actor, municipalityId: string): Role[] {
	return actor.memberships.filter((m) => m.municipalityId === municipalityId).map((m) => m.role);
}

export function decide(actor: Actor | null, action: Action, resource: Resource = {}): Decision {
	if (action === 'public.read' || action === 'session.manage') return allow('public');
	if (!actor) return deny('not_signed_in');
	if (action === 'account.manage' || action === 'app.enter') return allow('signed_in');
	if (isAdmin(actor)) return allow('admin');
	if (action === 'installation.manage') return deny('admin_only');

	const municipalityId = resource.municipalityId;
	if (!municipalityId) return deny('no_municipality');
	const roles = rolesIn(actor, municipalityId);
	if (roles.length === 0) return deny('other_municipality');

	switch (action) {
		case 'municipality.read':
			return allow(roles[0]);
		case 'municipality.manage':
		case 'audit.read':
			return roles.includes('samordnare') ? allow('samordnare') : deny('role');
		case 'organisation.write': {
			if (roles.includes('samordnare')) return allow('samordnare');
			const ownsIt = actor.memberships.some(
				(m) =>
					m.role === 'medarbetare' && m.municipalityId === municipalityId && resource.organisationId != null && m.organisationId === resource.organisationId
			);
			return ownsIt ? allow('own_organisation') : deny('not_own_organisation');
		}
	}
}
