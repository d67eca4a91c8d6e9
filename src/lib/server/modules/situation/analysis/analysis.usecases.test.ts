import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../platform/authz';
import { ForbiddenError } from '../../../platform/errors';
import { createTestDb, type TestDb } from '../../../testing/test-db';
import { findAuditRows } from '../../audit/audit.repository';
import { findMemberships, findUserByEmail } from '../../users/public';
import { exportAreaTable, situationAnalysis } from './analysis.usecases';
import { CRIME_CATEGORIES, isoWeekday, type CrimeCategory, type CrimeRow } from '../situation.models';
import { crimeStatistics } from './statistics.usecases';
import { loadAssigner, saveAreas, type AreaInput } from '../areas/areas.usecases';
import { saveCrimeRows } from '../crimes/crimes.usecases';
import { bboxOf, mapGeometry, swerefToWgs84, type Geometry } from '../../../platform/geo/spatial';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

const E0 = 533_000;
const N0 = 6_718_000;
function cell(code: string, col: number, row: number, population: number): AreaInput {
	const [e, n] = [E0 + col * 100, N0 + row * 100];
	const planar: Geometry = {
		type: 'Polygon',
		coordinates: [
			[
				[e, n],
				[e + 100, n],
				[e + 100, n + 100],
				[e, n + 100],
				[e, n]
			]
		]
	};
	const wgs = mapGeometry(planar, ([x, y]) => swerefToWgs84(x, y));
	return {
		kind: 'deso',
		code,
		name: code,
		sourceEpsg: 3006,
		sourceGeometry: planar,
		geometry: wgs,
		bbox: bboxOf(wgs),
		population: [{ year: 2024, population }]
	};
}

/** 8 × 8 = 64 DeSO cells: more than the page's table shows. */
const CELLS = Array.from({ length: 64 }, (_, i) => cell(`C${String(i).padStart(2, '0')}`, i % 8, Math.floor(i / 8), 1000 + i * 10));

function event(i: number, col: number, row: number, category: CrimeCategory, date: string, hour: number | null): CrimeRow {
	return {
		hashKey: `e${i}`,
		category,
		crimeCode: null,
		occurredOn: hour === null ? date : `${date}T${String(hour).padStart(2, '0')}:00`,
		year: Number(date.slice(0, 4)),
		month: Number(date.slice(5, 7)),
		weekday: isoWeekday(date),
		hour,
		easting: E0 + col * 100 + 50,
		northing: N0 + row * 100 + 50,
		latitude: null,
		longitude: null,
		areaCode: null
	};
}

describe(`the lägesbild analysis page (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let municipalityId: string;
	let coordinator: Actor;
	let outsider: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		municipalityId = database.refs!.municipalities.falun.id;
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		outsider = await actorFor(database, 'samordnare@sunne.demo');
		await database.db.transaction((tx) => saveAreas(tx, municipalityId, CELLS, 'test'));
		// Cell i gets i events in 2024 (alternating two categories), and one in 2023.
		const rows: CrimeRow[] = [];
		let n = 0;
		for (let i = 0; i < 64; i++) {
			for (let k = 0; k < i; k++)
				rows.push(event(n++, i % 8, Math.floor(i / 8), CRIME_CATEGORIES[k % 2].id, `2024-${String(1 + (k % 12)).padStart(2, '0')}-10`, k % 3 ? 14 : null));
			rows.push(event(n++, i % 8, Math.floor(i / 8), CRIME_CATEGORIES[2].id, '2023-06-01', 9));
		}
		const assigner = await loadAssigner(database.db, municipalityId);
		await database.db.transaction((tx) =>
			saveCrimeRows(tx, { municipalityId, sourceId: null, fileName: 't.csv', rows, rejected: 0, assigner, actorId: null, demo: false })
		);
	}, 60_000);
	afterAll(() => database?.close());

	it('is for the municipality only', async () => {
		await expect(
			situationAnalysis({ db: database.db, actor: outsider, municipalityId, from: null, to: null, areaKind: null, category: null })
		).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('shows the areas with the highest rate first, limited, with their categories, and the map of every area', async () => {
		const page = await situationAnalysis({
			db: database.db,
			actor: coordinator,
			municipalityId,
			from: '2024-01-01',
			to: '2024-12-31',
			areaKind: 'deso',
			category: null,
			limit: 10
		});
		expect(page.filter).toEqual({ from: '2024-01-01', to: '2024-12-31', kind: 'deso', category: null });
		expect(page.perArea.total).toBe(64);
		expect(page.perArea.rows.map((r) => r.code)).toEqual(['C63', 'C62', 'C61', 'C60', 'C59', 'C58', 'C57', 'C56', 'C55', 'C54']);
		const top = page.perArea.rows[0];
		expect(top).toMatchObject({ count: 63, population: 1630 });
		expect(top.rate).toBe(38.7);
		expect(top.byCategory).toEqual({ [CRIME_CATEGORIES[0].id]: 32, [CRIME_CATEGORIES[1].id]: 31 });
		// The same figures as the general statistics.
		const stats = await crimeStatistics({
			db: database.db,
			actor: coordinator,
			municipalityId,
			groupBy: ['area'],
			from: '2024-01-01',
			to: '2024-12-31',
			areaKind: 'deso'
		});
		expect(stats.find((r) => r.area === top.id)).toMatchObject({ count: 63, ratePer1000: top.rate });
		expect(page.map.shapes).toHaveLength(64);
		// C00 has no events in 2024 but inhabitants: 0, not "no value".
		expect(page.map.shapes.find((s) => s.name === 'C00')).toMatchObject({ value: 0 });
		expect(page.trend.years).toEqual([2023, 2024]);
		expect(page.trend.totals).toEqual([64, (63 * 64) / 2]);
		expect(page.months.reduce((a, b) => a + b, 0)).toBe((63 * 64) / 2);
		expect(page.grid.reduce((a, c) => a + c.count, 0)).toBe((63 * 64) / 2);
	});

	it('draws changed areas at once (the cached map paths follow the areas)', async () => {
		const before = await situationAnalysis({ db: database.db, actor: coordinator, municipalityId, from: null, to: null, areaKind: 'deso', category: null });
		const renamed = { ...CELLS[5], name: 'Nytt namn' };
		await database.db.transaction((tx) => saveAreas(tx, municipalityId, [renamed], 'test'));
		const after = await situationAnalysis({ db: database.db, actor: coordinator, municipalityId, from: null, to: null, areaKind: 'deso', category: null });
		expect(before.map.shapes.some((s) => s.name === 'Nytt namn')).toBe(false);
		expect(after.map.shapes.some((s) => s.name === 'Nytt namn')).toBe(true);
		await database.db.transaction((tx) => saveAreas(tx, municipalityId, [CELLS[5]], 'test'));
	});

	it('exports the whole table as CSV and audits the export', async () => {
		const file = await exportAreaTable({
			db: database.db,
			actor: coordinator,
			municipalityId,
			from: '2024-01-01',
			to: '2024-12-31',
			areaKind: 'deso',
			category: null,
			ip: '127.0.0.1'
		});
		const lines = new TextDecoder()
			.decode(file.body)
			.replace(/^\ufeff/, '')
			.trim()
			.split('\r\n');
		expect(lines).toHaveLength(65);
		expect(lines[0].split(';').slice(0, 6)).toEqual(['Område', 'Kod', 'Områdestyp', 'Invånare', 'Brott', 'Per 1 000 invånare']);
		expect(lines[1].split(';').slice(0, 6)).toEqual(['C63', 'C63', 'deso', '1630', '63', '38,7']);
		const audit = await findAuditRows(database.db, { municipalityId, action: 'situation.area_table.exported', limit: 5, offset: 0 });
		expect(audit).toHaveLength(1);
	});
});
