import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz';
import { seedDemo } from '../../demo/seed';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { listPlansOfMunicipality } from './plans.repository';
import { problemsFor } from './plans.demo';
import { getPlan } from './plans.usecases';

describe('linking a measure to the problems it answers', () => {
	const problems = [
		{ id: 'a', text: 'Bojsenburg – Britsarvsskolan F-9 – förskolorna' },
		{ id: 'b', text: 'Nedre Norslund – Hälsingårdsskolan F-9 – förskolorna' },
		{ id: 'c', text: 'Järnet – Södra skolan F-6 och Västra skolan 7–9' }
	];
	const places = ['Bojsenburg', 'Nedre Norslund', 'Järnet'];
	it('picks the problems that name the measure’s places', () => {
		expect(problemsFor('Starta samverkansgrupper i Nedre Norslund och Järnet', problems, places).sort()).toEqual(['b', 'c']);
	});
	it('falls back to the focus area’s first problem, and to nothing without problems', () => {
		expect(problemsFor('Föräldrakurser med metoden COPE', problems, places)).toEqual(['a']);
		expect(problemsFor('Vad som helst', [], places)).toEqual([]);
	});
});

describe(`the demo plan (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let planId: string;
	beforeAll(async () => {
		database = await createTestDb();
		await seedDemo(database.db);
		const falun = (await database.db.query.municipalities.findFirst({ where: (m, { eq }) => eq(m.slug, 'falun') }))!;
		planId = (await listPlansOfMunicipality(database.db, falun.id))[0].id;
	}, 300_000);
	afterAll(() => database?.close());

	it('links every measure to a problem of its focus area, and the lägesbild reuses the problems instead of doubling them', async () => {
		const plan = await getPlan({ db: database.db, actor: systemActor('test-setup'), planId });
		const measures = plan.focusAreas.flatMap((a) => a.measures);
		expect(measures).toHaveLength(33);
		expect(measures.filter((m) => !m.linkedToProblem).map((m) => m.title)).toEqual([]);
		for (const area of plan.focusAreas) {
			const texts = area.problems.map((p) => p.text.toLowerCase().replace(/\s+/g, ' ').trim());
			expect(new Set(texts).size, area.title).toBe(texts.length);
		}
	});

	it('gives measures that name the lägesbild’s places those places, and titles read without list dashes', async () => {
		const plan = await getPlan({ db: database.db, actor: systemActor('test-setup'), planId });
		const measures = plan.focusAreas.flatMap((a) => a.measures);
		const byTitle = (pattern: RegExp) => measures.find((m) => pattern.test(m.title))!;
		expect(byTitle(/^Grannsamverkan i flerfamiljshus/).targetAreas.sort()).toEqual(['Bojsenburg', 'Järnet', 'Nedre Norslund']);
		const groups = byTitle(/^Starta samverkansgrupper/);
		expect(groups.title).toBe('Starta samverkansgrupper i Nedre Norslund och Järnet motsvarande samverkansgruppen i Bojsenburg');
		expect(groups.targetAreas).toEqual(expect.arrayContaining(['Nedre Norslund', 'Järnet']));
		expect(byTitle(/^Fortsatt och utökad samverkan och stöd till butiker/).targetAreas).toContain('Stadskärnan');
	});
});
