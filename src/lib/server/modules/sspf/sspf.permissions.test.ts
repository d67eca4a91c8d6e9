import { describe, expect, it } from 'vitest';
import { ACTIONS, decide, systemActor, type Actor, type Role } from '../../platform/authz';
import type { CaseCategory, ConsentScope, SspfScope } from './sspf.permissions';
import { SSPF_PERMISSIONS } from './sspf.permissions';

const FALUN = 'falun-id';
const SCHOOL = 'buf';
const POLICE = 'lpo';
const person = (id: string, role: Role, municipalityId: string | null, organisationId: string | null = null): Actor => ({
	kind: 'person',
	userId: id,
	email: `${id}@example.se`,
	name: id,
	memberships: [{ role, municipalityId, organisationId }]
});
const scope = (groups: SspfScope['groups'] = [], sspfCoordinator = false): SspfScope => ({ municipalityId: FALUN, groups, sspfCoordinator });

describe('SSPF permissions', () => {
	const sspfCoordinator = person('siv', 'medarbetare', FALUN, 'kommun');
	const braCoordinator = person('sara', 'samordnare', FALUN, 'kommun');
	const staff = person('selma', 'medarbetare', FALUN, SCHOOL);
	const reader = person('per', 'lasare', FALUN, 'kommun');
	const admin = person('ada', 'admin', null);
	const sunne = person('stina', 'samordnare', 'sunne-id', 'kommun');

	/** Who may do each scope action; a new SSPF action fails here until it is placed. */
	const WHO: Record<Exclude<keyof typeof SSPF_PERMISSIONS, 'sspf.case.field.read' | 'sspf.case.field.write'>, [Actor, SspfScope, boolean][]> = {
		'sspf.groups.manage': [
			[braCoordinator, scope(), true],
			[sspfCoordinator, scope(['beredningsgrupp'], true), false],
			[sunne, scope(), false]
		],
		'sspf.enter': [
			[staff, scope(['beredningsgrupp']), true],
			[reader, scope(['styrgrupp']), true],
			[staff, scope(), false],
			[braCoordinator, scope(), true],
			[admin, scope(), false]
		],
		'sspf.case.manage': [
			[sspfCoordinator, scope(['beredningsgrupp'], true), true],
			[braCoordinator, scope(['styrgrupp']), false],
			[admin, scope(), false]
		],
		'sspf.case.signpost': [
			[staff, scope(), true],
			[reader, scope(['styrgrupp']), false],
			[sunne, scope(), false],
			[admin, scope(), false]
		],
		'sspf.statistics.read': [
			[reader, scope(['styrgrupp']), true],
			[staff, scope(['beredningsgrupp']), false],
			[braCoordinator, scope(), true]
		],
		'sspf.meeting.read': [
			[staff, scope(['beredningsgrupp']), true],
			[reader, scope(['styrgrupp']), false],
			[admin, scope(), false]
		],
		'sspf.meeting.manage': [
			[sspfCoordinator, scope(['beredningsgrupp'], true), true],
			[staff, scope(['beredningsgrupp']), false]
		],
		'sspf.retention.erase': [[sspfCoordinator, scope([], true), false]],
		'sspf.keys.rotate': [[admin, scope(), false]],
		'sspf.reminders.send': [[braCoordinator, scope(), false]]
	};

	for (const [action, cases] of Object.entries(WHO)) {
		it(`${action}`, () => {
			for (const [who, resource, allowed] of cases) expect(decide(who, action as keyof typeof WHO, resource).allowed, `${who.userId}`).toBe(allowed);
		});
	}

	it('lets only the installation’s jobs erase, rotate and remind', () => {
		expect(decide(systemActor('scheduled-job'), 'sspf.retention.erase', { municipalityId: FALUN }).allowed).toBe(true);
		expect(decide(systemActor('cli'), 'sspf.keys.rotate', {}).allowed).toBe(true);
		expect(decide(systemActor('public-site'), 'sspf.reminders.send', {}).allowed).toBe(false);
		expect(ACTIONS.filter((a) => a.startsWith('sspf.')).sort()).toEqual(Object.keys(SSPF_PERMISSIONS).sort());
	});

	describe('the consent rule', () => {
		const consent: ConsentScope = {
			validFrom: '2026-01-01',
			validTo: '2026-12-31',
			categories: ['skola'],
			recipients: [{ organisationId: SCHOOL, unit: '' }],
			withdrawn: false,
			withdrawnCategories: [],
			withdrawnRecipients: []
		};
		const read = (who: Actor, overrides: Partial<CaseCategory> = {}) =>
			decide(who, 'sspf.case.field.read', {
				municipalityId: FALUN,
				resource: 'sspf_case',
				id: 'c1',
				category: 'skola',
				coordinatorId: 'siv',
				team: [
					{ userId: 'selma', organisationId: SCHOOL, unit: 'Elevhälsan' },
					{ userId: 'kim', organisationId: POLICE, unit: '' }
				],
				consents: [consent],
				today: '2026-06-01',
				...overrides
			});
		const police = person('kim', 'medarbetare', FALUN, POLICE);

		it('allows a team member whose organisation is a recipient, for a covered category, today', () => {
			expect(read(staff)).toEqual({ allowed: true, reason: 'consent' });
			expect(read(staff, { category: 'grund' })).toEqual({ allowed: true, reason: 'consent' });
		});
		it('refuses with the reason a signpost page can show', () => {
			expect(read(staff, { category: 'polis' })).toEqual({ allowed: false, reason: 'category_not_covered' });
			expect(read(police)).toEqual({ allowed: false, reason: 'not_a_recipient' });
			expect(read(person('other', 'medarbetare', FALUN, SCHOOL))).toEqual({ allowed: false, reason: 'not_in_team' });
			expect(read(staff, { today: '2027-01-01' })).toEqual({ allowed: false, reason: 'consent_expired' });
			expect(read(staff, { consents: [{ ...consent, withdrawn: true }] })).toEqual({ allowed: false, reason: 'no_consent' });
			expect(read(staff, { consents: [{ ...consent, withdrawnCategories: ['skola'] }] })).toEqual({ allowed: false, reason: 'category_not_covered' });
			expect(read(staff, { consents: [{ ...consent, withdrawnRecipients: [SCHOOL] }] })).toEqual({ allowed: false, reason: 'not_a_recipient' });
			expect(read(staff, { consents: [] })).toEqual({ allowed: false, reason: 'no_consent' });
		});
		it('honours a unit named in the consent: only members of that unit read', () => {
			const toUnit = (unit: string): ConsentScope => ({ ...consent, recipients: [{ organisationId: SCHOOL, unit }] });
			expect(read(staff, { consents: [toUnit('Elevhälsan')] })).toEqual({ allowed: true, reason: 'consent' });
			expect(read(staff, { consents: [toUnit('  elevhälsan ')] })).toEqual({ allowed: true, reason: 'consent' });
			expect(read(staff, { consents: [toUnit('Rektorsexpeditionen')] })).toEqual({ allowed: false, reason: 'not_in_unit' });
			expect(read(staff, { consents: [toUnit('Rektorsexpeditionen')], category: 'grund' })).toEqual({ allowed: false, reason: 'not_in_unit' });
			// A member without a unit is not in any named unit; the whole organisation as recipient still names them.
			const noUnit = [{ userId: 'selma', organisationId: SCHOOL, unit: '' }];
			expect(read(staff, { team: noUnit, consents: [toUnit('Elevhälsan')] })).toEqual({ allowed: false, reason: 'not_in_unit' });
			expect(read(staff, { team: noUnit })).toEqual({ allowed: true, reason: 'consent' });
			// Another consent naming the unit's whole organisation still lets them read.
			expect(read(staff, { consents: [toUnit('Rektorsexpeditionen'), consent] })).toEqual({ allowed: true, reason: 'consent' });
		});
		it('lets the case coordinator read the basic record, other categories only under consent', () => {
			expect(read(sspfCoordinator, { category: 'grund', consents: [] })).toEqual({ allowed: true, reason: 'case_coordinator' });
			expect(read(sspfCoordinator, { category: 'skola' })).toEqual({ allowed: false, reason: 'not_a_recipient' });
		});
		it('keeps the admin, other municipalities, readers outside the team and the installation out', () => {
			expect(read(admin).allowed).toBe(false);
			expect(read(sunne)).toEqual({ allowed: false, reason: 'other_municipality' });
			expect(read(reader)).toEqual({ allowed: false, reason: 'not_in_team' });
			expect(read(systemActor('cli') as never).allowed).toBe(false);
		});
	});
});
