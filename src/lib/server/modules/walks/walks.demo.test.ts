import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { seedSituationDemo } from '../situation/public';
import { FINDING_STATES } from './walks.models';
import { seedWalksDemo } from './walks.demo';
import { listWalks, walkDetail } from './walks.usecases';

describe(`Falun's safety walk demo (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		await seedSituationDemo(database.db, database.refs!.municipalities.falun.id);
		await seedWalksDemo({ db: database.db, refs: database.refs! });
	}, 120_000);
	afterAll(() => database.close());

	it('has Bojsenburg, its re-walk and Stadskärnan, about 30 findings in every state, owners inside and outside', async () => {
		const falunId = database.refs!.municipalities.falun.id;
		const actor = systemActor('test-setup');
		const walks = await listWalks({ db: database.db, actor, municipalityId: falunId });
		expect(walks.map((w) => w.title).sort()).toEqual([
			'Trygghetsvandring Bojsenburg hösten 2025',
			'Trygghetsvandring Stadskärnan våren 2026',
			'Återvandring Bojsenburg våren 2026'
		]);
		const details = await Promise.all(walks.map((w) => walkDetail({ db: database.db, actor, municipalityId: falunId, walkId: w.id })));
		const findings = details.flatMap((d) => d.findings);
		expect(findings.length).toBeGreaterThanOrEqual(25);
		expect(new Set(findings.map((f) => f.state))).toEqual(new Set(FINDING_STATES));
		expect(findings.some((f) => f.ownerOrganisationId)).toBe(true);
		expect(findings.some((f) => f.ownerEmail)).toBe(true);
		expect(details.find((d) => d.previous)?.walk.areaId).toBeTruthy();
	});
});
