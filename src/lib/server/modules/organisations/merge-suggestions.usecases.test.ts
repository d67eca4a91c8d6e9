import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../platform/authz';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findAuditRows } from '../audit/audit.repository';
import { FALUN_PLAN_FIXTURE, getPlan, importPlan, parsePlanText } from '../plans/public';
import { findMemberships, findUserByEmail } from '../users/public';
import { createOrganisation } from './organisation-editing.usecases';
import { listOrganisationsOfMunicipality } from './organisations.repository';
import { mergeSuggestedOrganisations, organisationMergeSuggestions } from './organisations.usecases';

describe(`merge suggestions for near-duplicate organisations (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: string;
	let planId: string;
	let coordinator: Actor;
	let reader: Actor;

	const actor = async (email: string): Promise<Actor> => {
		const user = (await findUserByEmail(database.db, email))!;
		return { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	};

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = database.refs!.municipalities.falun.id;
		planId = await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falun,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		coordinator = await actor('samordnare@falun.demo');
		reader = await actor('politiker@falun.demo');
	});
	afterAll(() => database.close());

	const measuresOf = async (organisationId: string) =>
		(await getPlan({ db: database.db, actor: coordinator, planId })).focusAreas
			.flatMap((a) => a.measures)
			.filter((m) => m.responsible.some((r) => r.organisationId === organisationId))
			.map((m) => m.id);

	it('suggests the definite form of a name as a duplicate; the person keeps the name they choose, the measures move, the merge is audited', async () => {
		// An imported name with measures, and the same word in its definite form typed in by hand.
		const imported = (await listOrganisationsOfMunicipality(database.db, falun)).find(
			(o) => o.needsConfirmation && /^\p{L}{6,}$/u.test(o.name) && !/en$/.test(o.name)
		)!;
		const moved = await measuresOf(imported.id);
		expect(moved.length).toBeGreaterThan(0);
		const typed = await createOrganisation({
			db: database.db,
			actor: coordinator,
			municipalityId: falun,
			name: `${imported.name}en`,
			type: 'kommunal_forvaltning'
		});

		const suggestions = await organisationMergeSuggestions({ db: database.db, actor: coordinator, municipalityId: falun });
		const pair = suggestions.find((s) => [s.keep.id, s.merge.id].includes(imported.id));
		// The confirmed one is suggested to keep.
		expect(pair).toMatchObject({ keep: { id: typed.id }, merge: { id: imported.id }, reason: 'same_word' });
		await expect(organisationMergeSuggestions({ db: database.db, actor: reader, municipalityId: falun })).rejects.toBeInstanceOf(ForbiddenError);

		// Organisations the list does not suggest are not merged through this path.
		const unrelated = (await listOrganisationsOfMunicipality(database.db, falun)).find((o) => o.name === 'Kopparstaden')!;
		await expect(
			mergeSuggestedOrganisations({ db: database.db, actor: coordinator, municipalityId: falun, keepId: unrelated.id, mergeId: imported.id, ip: null })
		).rejects.toBeInstanceOf(ValidationError);

		// The person chooses the imported name to keep (the other way round from the suggestion).
		await mergeSuggestedOrganisations({ db: database.db, actor: coordinator, municipalityId: falun, keepId: imported.id, mergeId: typed.id, ip: null });
		const after = await listOrganisationsOfMunicipality(database.db, falun);
		expect(after.some((o) => o.id === typed.id)).toBe(false);
		expect(await measuresOf(imported.id)).toEqual(moved);
		expect((await organisationMergeSuggestions({ db: database.db, actor: coordinator, municipalityId: falun })).some((s) => s.merge.id === typed.id)).toBe(
			false
		);
		const [audit] = await findAuditRows(database.db, { municipalityId: falun, action: 'organisations.organisation.merged', limit: 5, offset: 0 });
		expect(audit).toMatchObject({ entityId: imported.id });
		expect(audit.changes).toMatchObject({ mergedFrom: { before: `${imported.name}en` }, suggested: { after: 'same_word' } });
	});
});
