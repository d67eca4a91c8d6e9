import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureFormValues } from '$lib/modules/plans/measure-form';
import { systemActor, type Actor } from '../../platform/authz';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { seedSituationDemo } from '../situation/public';
import { findMemberships, findUserByEmail } from '../users/public';
import { measureEffect } from './measure-effect.usecases';
import { FALUN_PLAN_FIXTURE } from './module';
import { updateMeasure } from './plan-editing.usecases';
import { parsePlanText } from './plan-import';
import { getPlan, importPlan } from './plans.usecases';

describe(`the effect view of a measure, on the lägesbild's events (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: string;
	let planId: string;
	let coordinator: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = database.refs!.municipalities.falun.id;
		await database.db.transaction((tx) => seedSituationDemo(tx, falun));
		planId = await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falun,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		const user = (await findUserByEmail(database.db, 'samordnare@falun.demo'))!;
		coordinator = { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	}, 60_000);
	afterAll(() => database.close());

	it('says why there is nothing to compare until the measure has a start and named places', async () => {
		const m = (await getPlan({ db: database.db, actor: coordinator, planId })).focusAreas[2].measures[0];
		await updateMeasure({
			db: database.db,
			actor: coordinator,
			planId,
			measureId: m.id,
			municipalityId: falun,
			input: { ...measureFormValues(m), startDate: '', targetAreas: [] },
			ip: null
		});
		expect((await measureEffect({ db: database.db, actor: coordinator, planId, municipalityId: falun, measureId: m.id })).status).toBe('no_start');
		await updateMeasure({
			db: database.db,
			actor: coordinator,
			planId,
			measureId: m.id,
			municipalityId: falun,
			input: { ...measureFormValues(m), startDate: '2023-01-01', targetAreas: ['Atlantis'] },
			ip: null
		});
		expect((await measureEffect({ db: database.db, actor: coordinator, planId, municipalityId: falun, measureId: m.id })).status).toBe('no_areas');
	});

	it('compares bicycle thefts at Resecentrum the year before and after the start with untargeted places', async () => {
		const m = (await getPlan({ db: database.db, actor: coordinator, planId })).focusAreas[2].measures[0];
		await updateMeasure({
			db: database.db,
			actor: coordinator,
			planId,
			measureId: m.id,
			municipalityId: falun,
			input: { ...measureFormValues(m), startDate: '2023-01-01', targetAreas: ['Resecentrum'] },
			ip: null
		});
		const effect = await measureEffect({ db: database.db, actor: coordinator, planId, municipalityId: falun, measureId: m.id, category: 'cykelstold' });
		expect(effect.status).toBe('ok');
		if (effect.status !== 'ok') return;
		expect(effect.category).toBe('cykelstold');
		expect(effect.comparison.target.areas).toEqual([expect.stringContaining('Resecentrum')]);
		expect(effect.comparison.comparison.areas).not.toContain(effect.comparison.target.areas[0]);
		expect(effect.comparison.window.start).toBe('2023-01');
		// The demo data has bicycle thefts rising at Resecentrum in 2023 (the seed's pattern).
		expect(effect.comparison.target.after).toBeGreaterThan(effect.comparison.target.before);
		expect(effect.comparison.series.reduce((s, p) => s + p.target, 0)).toBe(effect.comparison.target.before + effect.comparison.target.after);
	});
});
