import { describe, expect, it } from 'vitest';
import { MODULE_PERMISSION_SETS } from '../modules/permissions';
import { ForbiddenError } from './errors';
import { requireAccess } from './access';
import { ACTIONS, FOUNDATION_PERMISSIONS, can, createPolicy, decide, systemActor, type Action, type Actor, type Role } from './authz';
import { SYSTEM_REASONS, allow, definePermissions, deny, member, type Resource } from './permissions';

const FALUN = 'falun-id';
const SUNNE = 'sunne-id';
const POLICE = 'lpo-falun';
const HOUSING = 'kopparstaden';

const actor = (role: Role, municipalityId: string | null, organisationId: string | null = null): Actor => ({
	kind: 'person',
	userId: `${role}-${municipalityId}-${organisationId}`,
	email: 'x@example.se',
	name: 'X',
	memberships: [{ role, municipalityId, organisationId }]
});

describe('the authorisation policy: foundation actions', () => {
	it('lets anyone read public pages but nobody anonymous into the app', () => {
		expect(decide(null, 'public.read').allowed).toBe(true);
		expect(decide(null, 'session.manage').allowed).toBe(true);
		expect(decide(null, 'app.enter')).toEqual({ allowed: false, reason: 'not_signed_in' });
		expect(decide(null, 'municipality.read', { municipalityId: FALUN }).allowed).toBe(false);
		for (const action of ACTIONS.filter((a) => a !== 'public.read' && a !== 'session.manage')) {
			expect(decide(null, action, { municipalityId: FALUN, published: true }).allowed, action).toBe(false);
		}
	});

	it('keeps a Sunne coordinator out of Falun', () => {
		const sunne = actor('samordnare', SUNNE);
		expect(decide(sunne, 'municipality.read', { municipalityId: SUNNE }).allowed).toBe(true);
		expect(decide(sunne, 'municipality.read', { municipalityId: FALUN })).toEqual({ allowed: false, reason: 'other_municipality' });
		expect(decide(sunne, 'municipality.manage', { municipalityId: FALUN }).allowed).toBe(false);
		expect(decide(sunne, 'municipality.read', {})).toEqual({ allowed: false, reason: 'no_municipality' });
	});

	it('lets a coordinator manage and read the audit log of her own municipality only', () => {
		const falun = actor('samordnare', FALUN);
		expect(decide(falun, 'municipality.manage', { municipalityId: FALUN }).allowed).toBe(true);
		expect(decide(falun, 'audit.read', { municipalityId: FALUN }).allowed).toBe(true);
		expect(decide(falun, 'audit.read', {})).toEqual({ allowed: false, reason: 'admin_only' });
		expect(decide(falun, 'installation.manage')).toEqual({ allowed: false, reason: 'admin_only' });
	});

	it('lets the installation admin do everything a declaration does not keep from admins', () => {
		const admin = actor('admin', null);
		// Actions declared `admin: false` (consent-bound SSPF case data) are decided by their rule, never waved through as admin.
		const keptFromAdmins = new Set(
			[FOUNDATION_PERMISSIONS, ...MODULE_PERMISSION_SETS].flatMap((set) =>
				Object.entries(set)
					.filter(([, p]) => (p as { admin?: boolean }).admin === false)
					.map(([name]) => name)
			)
		);
		for (const action of ACTIONS) {
			if (keptFromAdmins.has(action)) expect(decide(admin, action, { municipalityId: SUNNE }).reason, action).not.toBe('admin');
			else expect(decide(admin, action, { municipalityId: SUNNE }).allowed, action).toBe(true);
		}
		expect(decide(admin, 'plan.edit', { municipalityId: SUNNE })).toEqual({ allowed: true, reason: 'admin' });
	});
});

describe('the modules’ declarations', () => {
	it('name every action resource.verb, once across all modules', () => {
		const names = [FOUNDATION_PERMISSIONS, ...MODULE_PERMISSION_SETS].flatMap((set) => Object.keys(set));
		expect(new Set(names).size).toBe(names.length);
		expect([...names].sort()).toEqual([...ACTIONS].sort());
		for (const name of names) expect(name).toMatch(/^[a-z][a-z-]*(\.[a-z][a-z-]*)+$/);
	});

	it('refuse a name that is not resource.verb', () => {
		expect(() => definePermissions({ editPlan: { rule: () => allow('x') } })).toThrow(/resource\.verb/);
	});

	/**
	 * Who in Falun may do each module action: every member, the coordinator and staff of any
	 * organisation (not readers), the coordinator only, or the coordinator and staff of the
	 * organisation answering for the record. A new action fails here until it is
	 * placed, so each declaration is tested for every role.
	 */
	// SSPF's actions decide on the person's SSPF groups or the case's consent, not on these roles: sspf.permissions.test.ts places each.
	const WHO: Record<Exclude<Action, keyof typeof FOUNDATION_PERMISSIONS | `sspf.${string}`>, 'member' | 'staff' | 'coordinator' | 'owning-staff'> = {
		'audit.read': 'coordinator',
		'organisation.read': 'member',
		'organisation.edit': 'coordinator',
		'user.invite': 'coordinator',
		'user.manage': 'coordinator',
		'situation.read': 'member',
		'crime.points.read': 'member',
		'area.import': 'coordinator',
		'crime.import': 'coordinator',
		'indicator.import': 'coordinator',
		'situation.document.read': 'member',
		'situation.document.edit': 'coordinator',
		'situation.document.adopt': 'coordinator',
		'plan.read': 'member',
		'plan.import': 'coordinator',
		'plan.edit': 'coordinator',
		'plan.export': 'member',
		'round.read': 'member',
		'round.open': 'coordinator',
		'round.answer': 'owning-staff',
		'round.close': 'coordinator',
		'round.remind': 'coordinator',
		'promise.read': 'member',
		'promise.import': 'coordinator',
		'promise.edit': 'coordinator',
		'promise.publish': 'coordinator',
		'promise.feedback.moderate': 'coordinator',
		'est.read': 'member',
		'est.report.create': 'staff',
		'est.settings.edit': 'coordinator',
		'est.meeting.edit': 'coordinator',
		'est.task.update': 'owning-staff',
		'est.escalation.edit': 'coordinator',
		'est.report.import': 'coordinator',
		'walk.read': 'member',
		'walk.plan': 'coordinator',
		'walk.publish': 'coordinator',
		'walk.remind': 'coordinator',
		'walk-finding.record': 'staff',
		'walk-finding.assign': 'coordinator',
		'walk-finding.answer': 'owning-staff',
		'walk-report.moderate': 'coordinator'
	};

	const people = {
		coordinator: actor('samordnare', FALUN),
		policeStaff: actor('medarbetare', FALUN, POLICE),
		housingStaff: actor('medarbetare', FALUN, HOUSING),
		reader: actor('lasare', FALUN),
		sunneCoordinator: actor('samordnare', SUNNE)
	};

	for (const [action, who] of Object.entries(WHO) as [keyof typeof WHO, (typeof WHO)[keyof typeof WHO]][]) {
		it(`${action}: ${who}`, () => {
			// The record is answered for by the police (lead) in Falun.
			const resource: Resource = { municipalityId: FALUN, organisationIds: [POLICE] };
			const allowed = (person: Actor) => decide(person, action, resource).allowed;
			expect(allowed(people.coordinator), 'coordinator').toBe(true);
			expect(allowed(people.policeStaff), 'police staff').toBe(who !== 'coordinator');
			expect(allowed(people.housingStaff), 'housing staff').toBe(who === 'member' || who === 'staff');
			expect(allowed(people.reader), 'reader').toBe(who === 'member');
			expect(decide(people.sunneCoordinator, action, resource)).toEqual({ allowed: false, reason: 'other_municipality' });
			expect(decide(people.coordinator, action, { organisationIds: [POLICE] }).allowed, 'without a municipality').toBe(false);
		});
	}

	it('lets partner staff answer a round only for measures their organisation is lead or co-responsible for', () => {
		const police = people.policeStaff;
		expect(decide(police, 'round.answer', { municipalityId: FALUN, organisationIds: [HOUSING, POLICE] })).toEqual({
			allowed: true,
			reason: 'own_organisation'
		});
		expect(decide(police, 'round.answer', { municipalityId: FALUN, organisationIds: [HOUSING] })).toEqual({ allowed: false, reason: 'not_own_organisation' });
		expect(decide(police, 'round.answer', { municipalityId: FALUN })).toEqual({ allowed: false, reason: 'not_own_organisation' });
		// The same organisation's membership in Falun gives nothing in Sunne.
		expect(decide(police, 'round.answer', { municipalityId: SUNNE, organisationIds: [POLICE] }).allowed).toBe(false);
	});

	it('lets only an admin give the admin role', () => {
		expect(decide(people.coordinator, 'user.invite', { municipalityId: FALUN, role: 'medarbetare' }).allowed).toBe(true);
		expect(decide(people.coordinator, 'user.invite', { municipalityId: FALUN, role: 'admin' })).toEqual({ allowed: false, reason: 'admin_only' });
		expect(decide(actor('admin', null), 'user.invite', { role: 'admin' }).allowed).toBe(true);
	});
});

describe('system actors', () => {
	it('are allowed only what their reason is declared for', () => {
		expect(decide(systemActor('demo-seed'), 'plan.import', { municipalityId: FALUN })).toEqual({ allowed: true, reason: 'system:demo-seed' });
		expect(decide(systemActor('cli'), 'plan.export', { municipalityId: FALUN }).allowed).toBe(true);
		expect(decide(systemActor('scheduled-job'), 'round.remind', { municipalityId: FALUN }).allowed).toBe(true);
		expect(decide(systemActor('scheduled-job'), 'plan.edit', { municipalityId: FALUN })).toEqual({ allowed: false, reason: 'system:scheduled-job' });
		expect(decide(systemActor('benchmark'), 'crime.points.read', { municipalityId: FALUN }).allowed).toBe(false);
		expect(decide(systemActor('cli'), 'audit.read', {}).allowed).toBe(true);
		expect(decide(systemActor('demo-seed'), 'audit.read', { municipalityId: FALUN }).allowed).toBe(false);
	});

	it('never hold an account, enter the app or act for a person', () => {
		for (const reason of SYSTEM_REASONS) {
			expect(decide(systemActor(reason), 'account.manage').allowed, reason).toBe(false);
			expect(decide(systemActor(reason), 'app.enter').allowed, reason).toBe(false);
		}
	});

	it('let the sign-in flow record events and nothing else', () => {
		const signIn = systemActor('sign-in');
		expect(ACTIONS.filter((action) => decide(signIn, action, { municipalityId: FALUN, published: true }).allowed)).toEqual(['session.manage']);
	});

	it('let public pages read published plans, promises, closed rounds and documents, never drafts', () => {
		const site = systemActor('public-site');
		for (const action of ['plan.read', 'promise.read', 'round.read', 'situation.document.read'] as const) {
			expect(decide(site, action, { municipalityId: FALUN, published: true }), action).toEqual({ allowed: true, reason: 'published' });
			expect(decide(site, action, { municipalityId: FALUN, published: false }), action).toEqual({ allowed: false, reason: 'not_published' });
			expect(decide(site, action, { municipalityId: FALUN }), action).toEqual({ allowed: false, reason: 'not_published' });
		}
		const writes = ACTIONS.filter((action) => !action.endsWith('.read') && decide(site, action, { municipalityId: FALUN, published: true }).allowed);
		expect(writes).toEqual([]);
	});

	it('are refused through requireAccess with the coded ForbiddenError', () => {
		expect(() => requireAccess(systemActor('benchmark'), 'promise.publish', { municipalityId: FALUN })).toThrow(ForbiddenError);
		const refusal = (() => {
			try {
				requireAccess(actor('lasare', FALUN), 'plan.edit', { municipalityId: FALUN });
			} catch (caught) {
				return caught as ForbiddenError;
			}
		})();
		expect(refusal?.code).toBe('auth.forbidden');
		expect(refusal?.status).toBe(403);
		expect(refusal?.details).toEqual({ reason: 'role' });
	});
});

describe('resource-level questions (the shape consent checks use)', () => {
	/** A field of a record readable only by the organisation that owns the record. */
	interface MeasureField extends Resource {
		resource: 'measure';
		id: string;
		field: 'notes' | 'title';
		organisationId: string;
	}
	/** A consent as a use case loads it: recipients, categories and its period. */
	interface Consent {
		recipients: string[];
		categories: string[];
		from: string;
		to: string;
		withdrawn: boolean;
	}
	interface CaseField extends Resource {
		resource: 'case';
		id: string;
		category: string;
		consent: Consent | null;
		today: string;
	}

	const TEST_MODULE = definePermissions({
		'field.read': {
			rule: (person, r: MeasureField) => {
				const inMunicipality = member(person, r);
				if (!inMunicipality.allowed) return inMunicipality;
				if (r.field === 'title') return allow('public_field');
				return person.memberships.some((m) => m.organisationId === r.organisationId) ? allow('owning_organisation') : deny('not_owning_organisation');
			}
		},
		'case.field.read': {
			// Nobody outside the consent reads case data, an installation admin included.
			admin: false,
			rule: (person, r: CaseField) => {
				const c = r.consent;
				if (!c || c.withdrawn) return deny('no_consent');
				if (r.today < c.from || r.today > c.to) return deny('consent_expired');
				if (!c.categories.includes(r.category)) return deny('category_not_covered');
				const recipient = person.memberships.some((m) => m.municipalityId === r.municipalityId && m.organisationId && c.recipients.includes(m.organisationId));
				return recipient ? allow('consent') : deny('not_a_recipient');
			}
		}
	});
	const policy = createPolicy({ ...FOUNDATION_PERMISSIONS, ...TEST_MODULE });

	it('decides on an attribute of the record: only the owning organisation reads its notes', () => {
		const notes: MeasureField = { municipalityId: FALUN, resource: 'measure', id: 'm1', field: 'notes', organisationId: POLICE };
		expect(policy(actor('medarbetare', FALUN, POLICE), 'field.read', notes)).toEqual({ allowed: true, reason: 'owning_organisation' });
		expect(policy(actor('medarbetare', FALUN, HOUSING), 'field.read', notes)).toEqual({ allowed: false, reason: 'not_owning_organisation' });
		expect(policy(actor('medarbetare', FALUN, HOUSING), 'field.read', { ...notes, field: 'title' }).allowed).toBe(true);
		expect(policy(actor('medarbetare', SUNNE, POLICE), 'field.read', notes)).toEqual({ allowed: false, reason: 'other_municipality' });
	});

	it('decides on a consent record the use case passes in, and keeps even the admin out without it', () => {
		const consent: Consent = { recipients: [POLICE], categories: ['polis.handelser'], from: '2026-01-01', to: '2026-12-31', withdrawn: false };
		const read: CaseField = { municipalityId: FALUN, resource: 'case', id: 'c1', category: 'polis.handelser', consent, today: '2026-06-01' };
		const police = actor('medarbetare', FALUN, POLICE);
		expect(policy(police, 'case.field.read', read)).toEqual({ allowed: true, reason: 'consent' });
		expect(policy(police, 'case.field.read', { ...read, category: 'skola.narvaro' })).toEqual({ allowed: false, reason: 'category_not_covered' });
		expect(policy(police, 'case.field.read', { ...read, today: '2027-01-01' })).toEqual({ allowed: false, reason: 'consent_expired' });
		expect(policy(police, 'case.field.read', { ...read, consent: { ...consent, withdrawn: true } })).toEqual({ allowed: false, reason: 'no_consent' });
		expect(policy(actor('medarbetare', FALUN, HOUSING), 'case.field.read', read)).toEqual({ allowed: false, reason: 'not_a_recipient' });
		expect(policy(actor('admin', null), 'case.field.read', read)).toEqual({ allowed: false, reason: 'not_a_recipient' });
		expect(policy(systemActor('cli'), 'case.field.read', read)).toEqual({ allowed: false, reason: 'system:cli' });
		expect(policy(null, 'case.field.read', read)).toEqual({ allowed: false, reason: 'not_signed_in' });
	});

	it('asks the app’s policy the same way through can()', () => {
		const resource = { municipalityId: FALUN, resource: 'measure', id: 'm1', organisationIds: [POLICE] };
		expect(can(actor('medarbetare', FALUN, POLICE), 'round.answer', resource).allowed).toBe(true);
		expect(can(actor('medarbetare', FALUN, HOUSING), 'round.answer', resource)).toEqual({ allowed: false, reason: 'not_own_organisation' });
	});

	it('refuses an action nobody declared', () => {
		expect(policy(actor('admin', null), 'plan.delete' as 'field.read', {} as MeasureField)).toEqual({ allowed: false, reason: 'unknown_action' });
	});
});
