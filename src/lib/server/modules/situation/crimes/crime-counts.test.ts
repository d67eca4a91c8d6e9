import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/client';
import { restoreBackup, writeBackup } from '../../../db/backup';
import { createTestDb, type TestDb } from '../../../testing/test-db';
import { countFromAggregates, countFromEvents, planPeriod, rebuildCrimeCounts, type CountQuery } from './crime-counts.repository';
import { CRIME_CATEGORIES, GROUP_BY, isoWeekday, type CrimeRow, type GroupBy } from '../situation.models';
import { deleteCrimeImportRows, eventYears } from './crimes.repository';
import { loadAssigner, reassignEvents, saveAreas, type AreaInput } from '../areas/areas.usecases';
import { saveCrimeRows } from './crimes.usecases';
import { bboxOf, mapGeometry, swerefToWgs84, type Geometry } from '../../../platform/geo/spatial';
import { seededRandom } from '../../../platform/seeded-random';

const E0 = 533_000;
const N0 = 6_718_000;
function square(kind: AreaInput['kind'], code: string, e: number, n: number, size: number): AreaInput {
	const planar: Geometry = {
		type: 'Polygon',
		coordinates: [
			[
				[e, n],
				[e + size, n],
				[e + size, n + size],
				[e, n + size],
				[e, n]
			]
		]
	};
	const wgs = mapGeometry(planar, ([x, y]) => swerefToWgs84(x, y));
	return { kind, code, name: code, sourceEpsg: 3006, sourceGeometry: planar, geometry: wgs, bbox: bboxOf(wgs), population: [{ year: 2023, population: 1000 }] };
}

/** The municipality, four DeSO tiling it, and an own area overlapping two of them. */
const AREAS: AreaInput[] = [
	square('kommun', '2080', E0, N0, 2000),
	square('deso', 'D1', E0, N0, 1000),
	square('deso', 'D2', E0 + 1000, N0, 1000),
	square('deso', 'D3', E0, N0 + 1000, 1000),
	square('deso', 'D4', E0 + 1000, N0 + 1000, 1000),
	square('egen', 'Centrum', E0 + 500, N0 + 500, 1000)
];

const pad = (n: number) => String(n).padStart(2, '0');

function events(count: number, seed: number, prefix: string): CrimeRow[] {
	const random = seededRandom(seed);
	return Array.from({ length: count }, (_, i) => {
		const year = 2021 + Math.floor(random() * 3);
		const month = 1 + Math.floor(random() * 12);
		const day = 1 + Math.floor(random() * 28);
		const date = `${year}-${pad(month)}-${pad(day)}`;
		const hour = random() < 0.25 ? null : Math.floor(random() * 24);
		// Some on the shared DeSO edges and some outside every area.
		const onEdge = random() < 0.05;
		const easting = onEdge ? E0 + 1000 : E0 - 100 + Math.round(random() * 2200);
		const northing = N0 - 100 + Math.round(random() * 2200);
		return {
			hashKey: `${prefix}${i}`,
			category: CRIME_CATEGORIES[Math.floor(random() * 5)].id,
			crimeCode: null,
			occurredOn: hour === null ? date : `${date}T${pad(hour)}:00`,
			year,
			month,
			weekday: isoWeekday(date),
			hour,
			easting,
			northing,
			latitude: null,
			longitude: null,
			areaCode: null
		};
	});
}

function randomDate(random: () => number): string {
	const year = 2020 + Math.floor(random() * 5);
	const month = 1 + Math.floor(random() * 12);
	// Month starts and ends are frequent: they decide between aggregates and events.
	const r = random();
	const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
	const day = r < 0.3 ? 1 : r < 0.6 ? last : 1 + Math.floor(random() * last);
	return `${year}-${pad(month)}-${pad(day)}`;
}

let areaIdPool: string[] = [];

function randomQuery(random: () => number, municipalityId: string): { groupBy: GroupBy[]; q: CountQuery } {
	const groupBy = GROUP_BY.filter(() => random() < 0.4);
	let from = random() < 0.2 ? null : randomDate(random);
	let to = random() < 0.2 ? null : randomDate(random);
	if (from && to && from > to && random() < 0.8) [from, to] = [to, from];
	const categories = random() < 0.3 ? CRIME_CATEGORIES.slice(0, 1 + Math.floor(random() * 3)).map((c) => c.id) : null;
	const areaKind = random() < 0.4 ? (['kommun', 'deso', 'egen'] as const)[Math.floor(random() * 3)] : null;
	// Sometimes only some areas, as the page asks for its top areas.
	const areaIds = random() < 0.3 ? areaIdPool.filter(() => random() < 0.5) : null;
	return { groupBy, q: { municipalityId, from, to, categories, areaKind, areaIds } };
}

async function expectSameAsEvents(database: TestDb, municipalityId: string, seed: number, runs: number) {
	const random = seededRandom(seed);
	for (let i = 0; i < runs; i++) {
		const { groupBy, q } = randomQuery(random, municipalityId);
		const expected = await countFromEvents(database.db, groupBy, q);
		const actual = await countFromAggregates(database.db, groupBy, q);
		expect({ groupBy, q, rows: actual }).toEqual({ groupBy, q, rows: expected });
	}
}

const dump = async (database: TestDb, municipalityId: string) => {
	const out: Record<string, unknown[]> = {};
	for (const table of ['crime_area_month_counts', 'crime_year_counts', 'crime_time_counts'])
		out[table] = await queryRows(database.db, sql`select * from ${sql.identifier(table)} t where municipality_id = ${municipalityId} order by t::text`);
	return out;
};

describe(`pre-aggregated crime counts (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let municipalityId: string;
	let firstImport: string;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		municipalityId = database.refs!.municipalities.falun.id;
		await database.db.transaction((tx) => saveAreas(tx, municipalityId, AREAS, 'test'));
		areaIdPool = (await queryRows<{ id: string }>(database.db, sql`select id from areas where municipality_id = ${municipalityId} order by code`)).map(
			(r) => r.id
		);
		const assigner = await loadAssigner(database.db, municipalityId);
		firstImport = (
			await database.db.transaction((tx) =>
				saveCrimeRows(tx, { municipalityId, sourceId: null, fileName: 'a.csv', rows: events(3000, 1, 'a'), rejected: 0, assigner, actorId: null, demo: false })
			)
		).importId;
	}, 60_000);
	afterAll(() => database?.close());

	it('splits a period into whole years, whole months and partial edge months', () => {
		expect(planPeriod('2021-01-01', '2023-12-31', true)).toEqual({ years: { from: 2021, to: 2023 }, months: [], days: [] });
		expect(planPeriod('2021-03-15', '2023-02-10', true)).toEqual({
			years: { from: 2022, to: 2022 },
			months: [
				{ from: 2021 * 12 + 3, to: 2021 * 12 + 11 },
				{ from: 2023 * 12, to: 2023 * 12 }
			],
			days: [
				{ from: '2021-03-15', to: '2021-03-31' },
				{ from: '2023-02-01', to: '2023-02-10' }
			]
		});
		expect(planPeriod('2024-02-01', '2024-02-29', true)).toEqual({ years: null, months: [{ from: 2024 * 12 + 1, to: 2024 * 12 + 1 }], days: [] });
		expect(planPeriod('2024-02-03', '2024-03-10', true)).toEqual({ years: null, months: [], days: [{ from: '2024-02-03', to: '2024-03-10' }] });
		expect(planPeriod(null, '2022-06-30', true)).toEqual({ years: { from: null, to: 2021 }, months: [{ from: 2022 * 12, to: 2022 * 12 + 5 }], days: [] });
		expect(planPeriod('2022-01-01', null, false)).toEqual({ years: null, months: [{ from: 2022 * 12, to: null }], days: [] });
		expect(planPeriod('2023-05-01', '2022-01-01', true)).toEqual({ years: null, months: [], days: [] });
	});

	it('answers random groupings and periods exactly as the events do', async () => {
		await expectSameAsEvents(database, municipalityId, 7, 150);
	}, 120_000);

	it('stays exact through a re-import (duplicates add nothing), a delete of an import and new areas', async () => {
		const assigner = await loadAssigner(database.db, municipalityId);
		// Half of the first extract again plus new rows, one of them twice: only the new rows count, once.
		const fresh = events(500, 2, 'b');
		const again = [...events(3000, 1, 'a').slice(0, 1500), ...fresh, fresh[7]];
		const second = await database.db.transaction((tx) =>
			saveCrimeRows(tx, { municipalityId, sourceId: null, fileName: 'b.csv', rows: again, rejected: 0, assigner, actorId: null, demo: true })
		);
		expect(second).toMatchObject({ imported: 500, duplicates: 1501 });
		expect(await eventYears(database.db, municipalityId)).toEqual({ min: 2021, max: 2023, total: 3500, demo: 500 });
		await expectSameAsEvents(database, municipalityId, 8, 40);
		const afterImport = await dump(database, municipalityId);
		await database.db.transaction((tx) => rebuildCrimeCounts(tx, municipalityId));
		expect(await dump(database, municipalityId)).toEqual(afterImport);

		expect(await database.db.transaction((tx) => deleteCrimeImportRows(tx, municipalityId, firstImport))).toBe(3000);
		expect(await eventYears(database.db, municipalityId)).toEqual({ min: 2021, max: 2023, total: 500, demo: 500 });
		await expectSameAsEvents(database, municipalityId, 9, 40);
		const [zero] = await queryRows<{ n: unknown }>(
			database.db,
			sql`select count(*)::int as n from crime_area_month_counts where municipality_id = ${municipalityId} and count <= 0`
		);
		expect(Number(zero.n)).toBe(0);

		// New areas: the events are assigned again and the per-area counts follow.
		await database.db.transaction(async (tx) => {
			await saveAreas(tx, municipalityId, [square('egen', 'Norr', E0, N0 + 1200, 2000)], 'test');
			await reassignEvents(tx, municipalityId);
		});
		await expectSameAsEvents(database, municipalityId, 10, 40);

		// What the upkeep maintained equals a rebuild from the events.
		const maintained = await dump(database, municipalityId);
		await database.db.transaction((tx) => rebuildCrimeCounts(tx, municipalityId));
		expect(await dump(database, municipalityId)).toEqual(maintained);
	}, 120_000);

	it('survives a backup and restore with the events', async () => {
		const file = path.join(os.tmpdir(), `forebygg-counts-${process.pid}.jsonl`);
		await writeBackup(database.db, file);
		const target = await createTestDb();
		try {
			await restoreBackup(target.db, file);
			expect(await dump(target as TestDb, municipalityId)).toEqual(await dump(database, municipalityId));
			const random = seededRandom(11);
			for (let i = 0; i < 20; i++) {
				const { groupBy, q } = randomQuery(random, municipalityId);
				expect(await countFromAggregates(target.db, groupBy, q)).toEqual(await countFromEvents(target.db, groupBy, q));
			}
		} finally {
			await target.close();
			fs.rmSync(file, { force: true });
		}
	}, 120_000);
});
