import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { seedSituationDemo } from './demo';
import { crimeStatistics } from './analysis/statistics.usecases';
import { listIndicatorValues } from './indicators/indicators.repository';
import { systemActor } from '../../platform/authz';

describe(`lägesbild demo data (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falunId: string;
	let seconds = 0;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falunId = database.refs!.municipalities.falun.id;
		const started = performance.now();
		await database.db.transaction((tx) => seedSituationDemo(tx, falunId));
		seconds = (performance.now() - started) / 1000;
		console.log(`demo seeding: ${seconds.toFixed(1)} s`);
	}, 60_000);
	afterAll(() => database.close());

	it('seeds about 50,000 demo crimes in Falun’s approximate areas, quickly', async () => {
		const total = await crimeStatistics({ db: database.db, actor: systemActor('test-setup'), municipalityId: falunId, groupBy: [], from: null, to: null });
		expect(total[0].count).toBeGreaterThan(45_000);
		expect(total[0].count).toBeLessThan(55_000);
		expect(seconds, 'demo seeding runs at every fresh start').toBeLessThan(20);
	});

	it('shows bicycle thefts rising in 2023 in the centre and at Resecentrum, and shop thefts in the centre', async () => {
		const rows = await crimeStatistics({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falunId,
			groupBy: ['area', 'category', 'year'],
			from: null,
			to: null,
			areaKind: 'egen'
		});
		const count = (area: string, category: string, year: number) =>
			rows.find((r) => r.areaName === area && r.category === category && r.year === year)?.count ?? 0;
		for (const area of ['Stadskärnan', 'Resecentrum']) expect(count(area, 'cykelstold', 2023), area).toBeGreaterThan(count(area, 'cykelstold', 2022) * 1.3);
		const shopTheft = rows.filter((r) => r.category === 'butiksstold' && r.year === 2024);
		const centre = shopTheft.find((r) => r.areaName === 'Stadskärnan')!;
		expect(centre.ratePer1000!).toBeGreaterThan(
			Math.max(...shopTheft.filter((r) => ['Bojsenburg', 'Järnet', 'Nedre Norslund'].includes(r.areaName!)).map((r) => r.ratePer1000 ?? 0)) * 5
		);
	});

	it('assigns every demo crime to the municipality area, and the nested areas inside the centre', async () => {
		const kommun = await crimeStatistics({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falunId,
			groupBy: ['area'],
			from: null,
			to: null,
			areaKind: 'kommun'
		});
		const total = await crimeStatistics({ db: database.db, actor: systemActor('test-setup'), municipalityId: falunId, groupBy: [], from: null, to: null });
		expect(kommun).toHaveLength(1);
		expect(kommun[0].count).toBe(total[0].count);
	});

	it('has Kolada-style KPIs for Falun, Dalarna and Sweden and a survey with lower trust in the three residential areas', async () => {
		const values = await listIndicatorValues(database.db, falunId);
		expect(new Set(values.filter((v) => v.indicator === 'N07403').map((v) => v.regionCode))).toEqual(new Set(['2080', '0020', '0000']));
		const trust = (area: string) => values.find((v) => v.indicator === 'trygg_kvall' && v.areaName === area && v.period === '2024' && v.sex === 'T')!.value!;
		const kommun = values.find((v) => v.indicator === 'trygg_kvall' && v.regionCode === '2080' && v.period === '2024' && v.sex === 'T')!.value!;
		for (const area of ['Bojsenburg', 'Nedre Norslund', 'Järnet']) expect(trust(area)).toBeLessThan(kommun - 10);
		expect(values.every((v) => v.demo)).toBe(true);
	});
});
