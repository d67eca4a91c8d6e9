import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../../platform/authz';
import { ForbiddenError } from '../../../platform/errors';
import { createTestDb, type TestDb } from '../../../testing/test-db';
import { findAuditRows } from '../../audit/audit.repository';
import { findMemberships, findUserByEmail } from '../../users/public';
import { binPoints, cellKey, type GridSpec } from '../../../platform/geo/grid';
import { countEventsInCells } from './map.repository';
import { mapAreas, mapGrid, mapPoints, publicSituation, resolveMapQuery } from './map.usecases';
import { isoWeekday, type CrimeCategory, type CrimeRow } from '../situation.models';
import { importAreaFile, loadAssigner } from '../areas/areas.usecases';
import { saveCrimeRows } from '../crimes/crimes.usecases';
import { swerefToWgs84 } from '../../../platform/geo/spatial';
import { desoGeoJson3006 } from '../testing';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

let serial = 0;
/** A located event (SWEREF 99 TM), or one without a place like Polisen's municipality-level events. */
function event(category: CrimeCategory, date: string, place: [number, number] | null): CrimeRow {
	const [lon, lat] = place ? swerefToWgs84(...place) : [null, null];
	return {
		hashKey: `map-test-${++serial}`,
		category,
		crimeCode: null,
		occurredOn: date,
		year: Number(date.slice(0, 4)),
		month: Number(date.slice(5, 7)),
		weekday: isoWeekday(date),
		hour: null,
		easting: place?.[0] ?? null,
		northing: place?.[1] ?? null,
		latitude: lat,
		longitude: lon,
		areaCode: null
	};
}

describe(`lägesbild map and public figures (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: { id: string; scbCode: string };
	let coordinator: Actor;
	let reader: Actor;
	let sunneCoordinator: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, scbCode: '2080' };
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		reader = await actorFor(database, 'politiker@falun.demo');
		sunneCoordinator = await actorFor(database, 'samordnare@sunne.demo');
		// Four DeSO squares of 1 km (1 000 inhabitants each), E 533 000–535 000, N 6 718 000–6 720 000.
		await importAreaFile({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			fileName: 'deso.geojson',
			data: new TextEncoder().encode(desoGeoJson3006()),
			kind: 'auto',
			ip: null
		});
		const rows: CrimeRow[] = [
			// 2024: 10 bicycle thefts in 2080C1010 (south-west), 2 in 2080C1020.
			...Array.from({ length: 10 }, (_, i) => event('cykelstold', `2024-05-${String(i + 1).padStart(2, '0')}`, [533_500 + i, 6_718_500])),
			event('cykelstold', '2024-06-01', [534_500, 6_718_500]),
			event('cykelstold', '2024-06-02', [534_500, 6_718_500]),
			// 2025: 12 bicycle thefts clustered in one 100 m corner of 2080C1010, 3 shop thefts in 2080C1020, 1 assault in 2080C1040.
			...Array.from({ length: 12 }, (_, i) => event('cykelstold', `2025-05-${String(i + 1).padStart(2, '0')}`, [533_020 + i * 5, 6_718_030])),
			event('butiksstold', '2025-06-01', [534_500, 6_718_500]),
			event('butiksstold', '2025-06-02', [534_520, 6_718_510]),
			event('butiksstold', '2025-06-03', [534_540, 6_718_520]),
			event('misshandel', '2025-07-01', [534_500, 6_719_500]),
			// Two events with no place (as Polisen's API gives them): counted for the municipality, never drawn.
			event('misshandel', '2025-08-01', null),
			event('cykelstold', '2025-08-02', null)
		];
		const assigner = await loadAssigner(database.db, falun.id);
		await database.db.transaction((tx) =>
			saveCrimeRows(tx, { municipalityId: falun.id, sourceId: null, fileName: 'test', rows, rejected: 0, assigner, actorId: null, demo: false })
		);
	});
	afterAll(() => database.close());

	const query = (text: string) =>
		resolveMapQuery({ db: database.db, actor: reader, municipalityId: falun.id, query: new URLSearchParams(text), today: '2026-06-01' });

	it('defaults to the latest year against the year before, over the statistical areas', async () => {
		const q = await query('');
		expect(q).toMatchObject({
			period: { from: '2025-01-01', to: '2025-12-31' },
			comparison: { from: '2024-01-01', to: '2024-12-31' },
			areaKind: 'deso',
			measure: 'rate',
			grid: { shape: 'hex', size: 250 },
			problems: []
		});
		const chosen = await query('typ=deso&kategori=cykelstold&matt=count&rutform=ruta&rutstorlek=100&fran=2025-13-01');
		expect(chosen).toMatchObject({ category: 'cykelstold', measure: 'count', grid: { shape: 'ruta', size: 100 } });
		expect(chosen.problems[0]).toMatch(/Ogiltigt datum/);
		await expect(resolveMapQuery({ db: database.db, actor: sunneCoordinator, municipalityId: falun.id, query: new URLSearchParams() })).rejects.toBeInstanceOf(
			ForbiddenError
		);
	});

	it('gives each area its count, rate and change against the comparison period', async () => {
		const result = await mapAreas({ db: database.db, actor: reader, municipalityId: falun.id, query: await query('') });
		const byCode = Object.fromEntries(result.areas.map((a) => [a.code, a]));
		expect(byCode['2080C1010']).toMatchObject({
			before: { count: 10, ratePer1000: 10 },
			after: { count: 12, ratePer1000: 12 },
			change: 2,
			changePercent: 20,
			changeClass: 1,
			value: 12,
			population: 1000
		});
		expect(byCode['2080C1020']).toMatchObject({ before: { count: 2 }, after: { count: 3 }, change: 1, changePercent: 50, changeClass: 2 });
		expect(byCode['2080C1030']).toMatchObject({ before: { count: 0, ratePer1000: 0 }, after: { count: 0, ratePer1000: 0 }, change: 0, changePercent: null });
		expect(byCode['2080C1040']).toMatchObject({ before: { count: 0 }, after: { count: 1 }, changePercent: null });
		// The SVG and the GeoJSON share the class of each area.
		expect(result.map.shapes.map((s) => s.cls)).toEqual(result.areas.map((a) => a.cls));
		expect(result.changeMap.shapes.find((s) => s.name === '2080C1010')!.cls).toBe(3);
		const counts = await mapAreas({ db: database.db, actor: reader, municipalityId: falun.id, query: await query('matt=count&kategori=butiksstold') });
		expect(counts.areas.map((a) => [a.code, a.value])).toEqual([
			['2080C1010', 0],
			['2080C1020', 3],
			['2080C1030', 0],
			['2080C1040', 0]
		]);
	});

	it('bins the located events into a grid over the areas and finds the cluster as a hot spot', async () => {
		const grid = await mapGrid({ db: database.db, actor: reader, municipalityId: falun.id, query: await query('rutform=ruta&rutstorlek=100') });
		expect(grid.spec).toEqual({ shape: 'ruta', size: 100 });
		// 2 km × 2 km of 100 m squares; 16 located events, the 2 without a place are not in any cell.
		expect(grid.cellCount).toBe(400);
		expect(grid.eventCount).toBe(16);
		expect(grid.unlocated).toBe(2);
		expect(grid.located).toBe(16);
		const cluster = grid.cells.find((c) => c.id === '5330:67180')!;
		expect(cluster).toMatchObject({ count: 12, easting: 533_050, northing: 6_718_050, significance: { kind: 'hot', confidence: 99 }, hotSpotClass: 3 });
		expect(cluster.ring).toHaveLength(5);
		expect(cluster.ring[0][0]).toBeCloseTo(15.5, 0);
		const hex = await mapGrid({ db: database.db, actor: reader, municipalityId: falun.id, query: await query('rutform=hex&rutstorlek=250') });
		expect(hex.eventCount).toBe(16);
		expect(hex.cells[0].ring).toHaveLength(7);
		await expect(mapGrid({ db: database.db, actor: sunneCoordinator, municipalityId: falun.id, query: await query('') })).rejects.toBeInstanceOf(
			ForbiddenError
		);
	});

	it('gives points only to users of the municipality, never events without a place, and audits each read', async () => {
		const before = await findAuditRows(database.db, { municipalityId: falun.id, action: 'situation.points.read', limit: 10, offset: 0 });
		const result = await mapPoints({ db: database.db, actor: reader, municipalityId: falun.id, query: await query(''), ip: '10.0.0.7' });
		expect(result.points).toHaveLength(16);
		expect(result).toMatchObject({ located: 16, unlocated: 2, truncated: false });
		expect(result.points.every((p) => p.latitude > 60 && p.latitude < 61 && p.longitude > 15 && p.longitude < 16)).toBe(true);
		expect(result.points[0]).toMatchObject({ category: 'cykelstold', categoryName: 'Cykelstöld', occurredOn: '2025-05-01' });
		const audit = await findAuditRows(database.db, { municipalityId: falun.id, action: 'situation.points.read', limit: 10, offset: 0 });
		expect(audit).toHaveLength(before.length + 1);
		expect(audit[0]).toMatchObject({ userEmail: 'politiker@falun.demo', entityType: 'crime_events', ip: '10.0.0.7' });
		expect(audit[0].changes).toMatchObject({ points: { after: 16 }, period: { after: '2025-01-01–2025-12-31' } });

		// No public path: not for public pages, not for the installation's own jobs, not from another municipality; nothing audited.
		const q = await query('');
		for (const reason of ['public-site', 'scheduled-job', 'benchmark'] as const) {
			await expect(
				mapPoints({ db: database.db, actor: systemActor(reason) as unknown as Actor, municipalityId: falun.id, query: q, ip: null })
			).rejects.toBeInstanceOf(ForbiddenError);
		}
		await expect(mapPoints({ db: database.db, actor: sunneCoordinator, municipalityId: falun.id, query: q, ip: null })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await findAuditRows(database.db, { municipalityId: falun.id, action: 'situation.points.read', limit: 10, offset: 0 })).toHaveLength(
			before.length + 1
		);
	});

	it('publishes the last full year per area and category with small counts suppressed, and the trend', async () => {
		const pub = await publicSituation({ db: database.db, municipalityId: falun.id, suppressBelow: 5, areaKind: null, today: '2026-06-01' });
		expect(pub).toMatchObject({ year: 2025, areaKind: 'deso', demo: false, suppressBelow: 5 });
		expect(pub.categories.map((c) => c.id)).toEqual(['butiksstold', 'cykelstold', 'misshandel']);
		const area = (code: string) => pub.areas.find((a) => a.name === code)!;
		expect(area('2080C1010')).toMatchObject({ count: 12, rate: 12, population: 1000, byCategory: [0, 12, 0] });
		// 3 shop thefts and 1 assault: under 5, hidden with their rates.
		expect(area('2080C1020')).toMatchObject({ count: null, rate: null, byCategory: [null, 0, 0] });
		expect(area('2080C1040')).toMatchObject({ count: null, rate: null });
		expect(area('2080C1030')).toMatchObject({ count: 0, rate: 0 });
		// 18 events in 2025 (the 2 without a place count for the municipality), 12 in 2024.
		expect(pub.trend.years).toEqual([2024, 2025]);
		expect(pub.trend.totals).toEqual([12, 18]);
		expect(pub.total).toBe(18);
		const trend = Object.fromEntries(pub.trend.rows.map((r) => [r.id, r.counts]));
		expect(trend.cykelstold).toEqual([12, 13]);
		// Shop thefts (3) and assaults (2) in 2025 are hidden; each year column then has two hidden figures.
		expect(trend.butiksstold).toEqual([0, null]);
		expect(trend.misshandel).toEqual([0, null]);
		// The map shows only the shown rates: hidden areas have no value.
		expect(
			pub.map.shapes
				.filter((s) => s.value !== null)
				.map((s) => s.name)
				.sort()
		).toEqual(['2080C1010', '2080C1030']);
		// A higher threshold from the configuration hides more.
		const strict = await publicSituation({ db: database.db, municipalityId: falun.id, suppressBelow: 15, areaKind: 'deso', today: '2026-06-01' });
		expect(strict.areas.every((a) => a.count === null || a.count === 0 || a.count >= 15)).toBe(true);
		expect(strict.trend.totals).toEqual([null, 18]);
	});

	it('bins events into squares and hexagons in the database exactly as cellOf does in TypeScript', async () => {
		// 600 scattered events in Sunne (no areas there, so nothing else in these tests sees them).
		const sunne = database.refs!.municipalities.sunne.id;
		let seed = 7;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		const rows = Array.from({ length: 600 }, () => event('skadegorelse', '2025-03-03', [420_000 + random() * 3000, 6_620_000 + random() * 3000]));
		const assigner = await loadAssigner(database.db, sunne);
		await database.db.transaction((tx) =>
			saveCrimeRows(tx, { municipalityId: sunne, sourceId: null, fileName: 'test', rows, rejected: 0, assigner, actorId: null, demo: false })
		);
		for (const spec of [
			{ shape: 'hex', size: 100 },
			{ shape: 'hex', size: 250 },
			{ shape: 'ruta', size: 100 },
			{ shape: 'ruta', size: 500 }
		] as GridSpec[]) {
			const inDatabase = await countEventsInCells(database.db, { municipalityId: sunne, from: '2025-01-01', to: '2025-12-31', categories: null }, spec);
			const inTypeScript = binPoints(
				spec,
				rows.map((r) => ({ easting: r.easting!, northing: r.northing!, count: 1 }))
			);
			expect(new Map(inDatabase.map((c) => [cellKey(c.i, c.j), c.count])), `${spec.shape} ${spec.size}`).toEqual(
				new Map([...inTypeScript].map(([key, c]) => [key, c.count]))
			);
		}
	});
});
