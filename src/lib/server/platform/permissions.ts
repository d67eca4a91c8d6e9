/**
 * The vocabulary the modules write their permission declarations in (`modules/<m>/<m>.permissions.ts`).
 * It imports nothing from the modules, so a declaration can import it without a cycle through the
 * policy (platform/authz.ts), which imports every declaration.
 */
export const ROLES = ['admin', 'samordnare', 'medarbetare', 'lasare'] as const;
export type Role = (typeof ROLES)[number];

export interface Membership {
	role: Role;
	organisationId: string | null;
	municipalityId: string | null;
}

/** A signed-in person (through a session or a personal API token). */
export interface Actor {
	kind: 'person';
	userId: string;
	email: string;
	name: string;
	memberships: Membership[];
}

/**
 * Why the installation itself acts, without a person: each reason is allowed only the actions whose
 * declaration names it, and the audit log records it as `system:<reason>`.
 * - `public-site`: rendering published records for an anonymous visitor (never unpublished ones);
 * - `sign-in`: recording sign-in, reset and unknown-account events before anyone is signed in.
 */
export const SYSTEM_REASONS = ['demo-seed', 'scheduled-job', 'benchmark', 'cli', 'test-setup', 'public-site', 'sign-in'] as const;
export type SystemReason = (typeof SYSTEM_REASONS)[number];

export interface SystemActor {
	kind: 'system';
	reason: SystemReason;
}

/** Whoever a use case acts for. Anonymous visitors never reach a use case as themselves (see `public-site`). */
export type Principal = Actor | SystemActor;

export function systemActor(reason: SystemReason): SystemActor {
	return { kind: 'system', reason };
}

export function personActor(user: { id: string; email: string; name: string }, memberships: Membership[]): Actor {
	return { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships };
}

export function isPerson(who: Principal | null | undefined): who is Actor {
	return who != null && who.kind !== 'system';
}

/** The person's id for "created by" columns; null when the installation acted. */
export function personId(who: Principal): string | null {
	return who.kind === 'person' ? who.userId : null;
}

/** How the audit log names who acted. */
export function principalLabel(who: Principal): string {
	return who.kind === 'person' ? who.email : `system:${who.reason}`;
}

/**
 * What a decision is about. Rules read the fields they need; a use case passes what it loaded
 * (the record's municipality, owning organisation, responsible organisations, state, or a
 * consent record) so that rules stay pure functions without database access.
 */
export interface Resource {
	municipalityId?: string | null;
	/** The organisation that owns the thing (e.g. the one responsible for a measure). */
	organisationId?: string | null;
	/** Organisations answering for the thing together (lead and co-responsible). */
	organisationIds?: readonly string[];
	/** The kind of record and its id, for field-level questions and for reasons in logs. */
	resource?: string;
	id?: string;
	/** A field of the record, for questions such as "may this actor read field X of record Y?". */
	field?: string;
	/** Whether the record is published (public pages read only published records). */
	published?: boolean;
}

export interface Decision {
	allowed: boolean;
	reason: string;
}

export const allow = (reason: string): Decision => ({ allowed: true, reason });
export const deny = (reason: string): Decision => ({ allowed: false, reason });

/** One action's rules. `R` is what a caller must describe about the resource. */
export interface Permission<R extends Resource = Resource> {
	/** Anonymous visitors (no session) may do it: only public pages and signing in. */
	anonymous?: boolean;
	/**
	 * Whether an installation admin is allowed without asking `rule` (default true). Actions on
	 * records only named people may see (consent-bound case data) set it to false.
	 */
	admin?: boolean;
	/** The system reasons allowed, or a rule for system actors (e.g. `public-site` only for published records). */
	system?: readonly SystemReason[] | SystemRule<R>;
	/** The rule for a signed-in person (not an admin, unless `admin: false`). */
	rule(actor: Actor, resource: R): Decision;
}

/** A method type, so that a rule over a narrower resource still counts as a `Permission<Resource>`. */
type SystemRule<R> = { rule(actor: SystemActor, resource: R): Decision }['rule'];

export type Declarations = Record<string, Permission<Resource>>;

/**
 * Declares a module's actions. `const` keeps each action name and resource type, so the policy's
 * `Action` union and the resource each action needs are derived from the declarations.
 */
export function definePermissions<const T extends { [action: string]: Permission<Resource> }>(declarations: T): T {
	for (const action of Object.keys(declarations)) {
		if (!/^[a-z][a-z-]*(\.[a-z][a-z-]*)+$/.test(action)) throw new Error(`permission ${action} is not resource.verb`);
	}
	return declarations;
}

/** The reasons that set up data without a person: seeding, command line, benchmarks, test fixtures. */
export const SETUP: readonly SystemReason[] = ['demo-seed', 'cli', 'benchmark', 'test-setup'];

export function rolesIn(actor: Actor, municipalityId: string): Role[] {
	return actor.memberships.filter((m) => m.municipalityId === municipalityId).map((m) => m.role);
}

export function isAdmin(actor: Principal | null | undefined): boolean {
	return isPerson(actor) && actor.memberships.some((m) => m.role === 'admin');
}

/** Any membership in the resource's municipality. */
export function member(actor: Actor, resource: Resource): Decision {
	if (!resource.municipalityId) return deny('no_municipality');
	const roles = rolesIn(actor, resource.municipalityId);
	return roles.length > 0 ? allow(roles[0]) : deny('other_municipality');
}

/** The municipality's coordinator. */
export function coordinator(actor: Actor, resource: Resource): Decision {
	const membership = member(actor, resource);
	if (!membership.allowed) return membership;
	return rolesIn(actor, resource.municipalityId!).includes('samordnare') ? allow('samordnare') : deny('role');
}

/** The municipality's working staff: its coordinator and the staff (medarbetare) of any of its organisations, not its readers. */
export function staff(actor: Actor, resource: Resource): Decision {
	const membership = member(actor, resource);
	if (!membership.allowed) return membership;
	const roles = rolesIn(actor, resource.municipalityId!);
	return roles.includes('samordnare') || roles.includes('medarbetare') ? allow('staff') : deny('role');
}

/**
 * The coordinator, or staff (medarbetare) of an organisation the resource names as owning or
 * answering for it — in the same municipality.
 */
export function coordinatorOrOwningStaff(actor: Actor, resource: Resource): Decision {
	const asCoordinator = coordinator(actor, resource);
	if (asCoordinator.allowed || asCoordinator.reason !== 'role') return asCoordinator;
	const owners = [resource.organisationId, ...(resource.organisationIds ?? [])].filter((id): id is string => !!id);
	const ownsIt = actor.memberships.some(
		(m) => m.role === 'medarbetare' && m.municipalityId === resource.municipalityId && m.organisationId !== null && owners.includes(m.organisationId)
	);
	return ownsIt ? allow('own_organisation') : deny('not_own_organisation');
}

/** For `system`: public pages may read a record only when it is published. */
export function publishedOnly(reasons: readonly SystemReason[] = []) {
	return (actor: SystemActor, resource: Resource): Decision => {
		if (actor.reason === 'public-site') return resource.published === true ? allow('published') : deny('not_published');
		return reasons.includes(actor.reason) ? allow(`system:${actor.reason}`) : deny(`system:${actor.reason}`);
	};
}
