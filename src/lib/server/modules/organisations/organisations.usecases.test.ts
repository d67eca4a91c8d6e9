import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../platform/authz';
import { ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { FALUN_PLAN_FIXTURE } from '../plans/public';
import { parsePlanText } from '../plans/public';
import { getPlan, importPlan } from '../plans/public';
import { findMemberships, findUserByEmail } from '../users/public';
import { listOrganisationsOfMunicipality } from './organisations.repository';
import { confirmOrganisation, mergeOrganisation } from './organisations.usecases';

describe(`confirming and merging organisations an import created (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: string;
	let planId: string;
	let coordinator: Actor;

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
		const user = (await findUserByEmail(database.db, 'samordnare@falun.demo'))!;
		coordinator = { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	});
	afterAll(() => database.close());

	const organisations = () => listOrganisationsOfMunicipality(database.db, falun);
	const measuresOf = async (organisationId: string) =>
		(await getPlan({ db: database.db, actor: coordinator, planId })).focusAreas
			.flatMap((a) => a.measures)
			.filter((m) => m.responsible.some((r) => r.organisationId === organisationId));

	it('the plan import left names to confirm, never dropped', async () => {
		expect((await organisations()).filter((o) => o.needsConfirmation).length).toBeGreaterThan(0);
	});

	it('merges a name into an existing organisation: its measures move over and no measure lists the same party twice', async () => {
		const [from, second] = (await organisations()).filter((o) => o.needsConfirmation && o.name !== '');
		const into = (await organisations()).find((o) => o.name === 'Kopparstaden')!;
		const moved = await measuresOf(from.id);
		expect(moved.length).toBeGreaterThan(0);
		await expect(
			mergeOrganisation({ db: database.db, actor: coordinator, municipalityId: falun, organisationId: into.id, intoId: from.id, ip: null })
		).rejects.toBeInstanceOf(ValidationError);
		await mergeOrganisation({ db: database.db, actor: coordinator, municipalityId: falun, organisationId: from.id, intoId: into.id, ip: null });
		expect((await organisations()).some((o) => o.id === from.id)).toBe(false);
		const now = await measuresOf(into.id);
		for (const m of moved) expect(now.map((x) => x.id)).toContain(m.id);
		for (const m of now) expect(m.responsible.filter((r) => r.organisationId === into.id)).toHaveLength(1);

		await confirmOrganisation({
			db: database.db,
			actor: coordinator,
			municipalityId: falun,
			organisationId: second.id,
			name: `${second.name} `,
			type: 'kommunal_forvaltning',
			ip: null
		});
		const confirmed = (await organisations()).find((o) => o.id === second.id)!;
		expect(confirmed).toMatchObject({ needsConfirmation: false, type: 'kommunal_forvaltning', name: second.name.trim() });
		const bad = await confirmOrganisation({
			db: database.db,
			actor: coordinator,
			municipalityId: falun,
			organisationId: second.id,
			name: '',
			type: 'hemligt',
			ip: null
		}).catch((e) => e);
		expect((bad as ValidationError).fieldErrors).toEqual({ name: expect.any(String), type: 'Välj vilken sorts organisation det är.' });
	});
});
