import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/authz';
import { AppError, ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findAuditRows } from '../audit/audit.repository';
import { findMemberships, findUserByEmail } from '../users/public';
import { checkCrimeImport, crimeImportOverview, deleteCrimeImport, finishCrimeImport, startCrimeImport } from './crimes/crimes.usecases';
import { crimeStatistics } from './analysis/statistics.usecases';
import { importAreaFile, listAreas, saveAreas } from './areas/areas.usecases';
import { eventYears } from './crimes/crimes.repository';
import { crimeCsvSweref, desoGeoJson3006 } from './testing';
import { bboxOf, mapGeometry, swerefToWgs84, type Geometry } from '../../platform/geo/spatial';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

const bytes = (s: string) => new TextEncoder().encode(s);
const TODAY = '2025-12-31';

describe(`lägesbild: areas and crime imports (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: { id: string; scbCode: string };
	let coordinator: Actor;
	let reader: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, scbCode: '2080' };
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		reader = await actorFor(database, 'politiker@falun.demo');
	});
	afterAll(() => database.close());

	it('refuses area and crime imports to a reader', async () => {
		await expect(
			importAreaFile({ db: database.db, actor: reader, municipality: falun, fileName: 'deso.geojson', data: bytes(desoGeoJson3006()), kind: 'auto', ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			startCrimeImport({ db: database.db, actor: reader, municipalityId: falun.id, fileName: 'b.csv', data: bytes(crimeCsvSweref()), sourceName: 'Polisen' })
		).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('imports DeSO in EPSG:3006 with population and RegSO codes, and lists them', async () => {
		const result = await importAreaFile({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			fileName: 'deso.geojson',
			data: bytes(desoGeoJson3006()),
			kind: 'auto',
			ip: null
		});
		expect(result).toMatchObject({ saved: 4, epsg: 3006, kinds: ['deso'] });
		const areas = await listAreas({ db: database.db, actor: reader, municipalityId: falun.id });
		expect(areas.map((a) => [a.kind, a.code, a.population])).toEqual([
			['deso', '2080C1010', 1000],
			['deso', '2080C1020', 1000],
			['deso', '2080C1030', 1000],
			['deso', '2080C1040', 1000]
		]);
		const audit = await findAuditRows(database.db, { municipalityId: falun.id, action: 'situation.areas.imported', limit: 10, offset: 0 });
		expect(audit).toHaveLength(1);
	});

	it('maps the columns, lists bad rows with reasons, and writes nothing when the user says so', async () => {
		const started = await startCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			fileName: 'brott.csv',
			data: bytes(crimeCsvSweref()),
			sourceName: 'Polisen kartverktyg'
		});
		expect(started.remembered).toBe(false);
		expect(started.mapping).toMatchObject({
			id: 'Händelse-id',
			type: 'Brottstyp',
			date: 'Datum',
			time: 'Klockslag',
			easting: 'X_SWEREF',
			northing: 'Y_SWEREF'
		});
		const check = await checkCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			draftId: started.draftId,
			mapping: started.mapping,
			today: TODAY
		});
		expect(check).toMatchObject({ rowsRead: 10, valid: 5, duplicates: 0 });
		expect(check.rejected.map((r) => [r.line, r.reason.split(' ')[0]])).toEqual([
			[7, 'Koordinaterna'],
			[8, 'Koordinaten'],
			[9, 'Platsen'],
			[10, 'Okänd'],
			[11, 'Ogiltigt']
		]);
		expect(check.rejected[2].reason).toMatch(/utanför kommunen/);
		const cancelled = await finishCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			draftId: started.draftId,
			choice: 'nothing',
			ip: null,
			today: TODAY
		});
		expect(cancelled.cancelled).toBe(true);
		expect((await eventYears(database.db, falun.id)).total).toBe(0);
		await expect(
			finishCrimeImport({ db: database.db, actor: coordinator, municipalityId: falun.id, draftId: started.draftId, choice: 'rest', ip: null, today: TODAY })
		).rejects.toBeInstanceOf(AppError);
	});

	it('refuses a mapping without a place, at the field', async () => {
		const started = await startCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			fileName: 'brott.csv',
			data: bytes(crimeCsvSweref()),
			sourceName: 'Polisen kartverktyg'
		});
		const error = await checkCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			draftId: started.draftId,
			mapping: { ...started.mapping, easting: null, northing: null },
			today: TODAY
		}).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(Object.keys((error as ValidationError).fieldErrors)).toEqual(['map_easting']);
	});

	it('imports the rest into every containing area, remembers the mapping, and a re-import adds nothing', async () => {
		const started = await startCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			fileName: 'brott.csv',
			data: bytes(crimeCsvSweref()),
			sourceName: 'Polisen kartverktyg'
		});
		const custom = { ...started.mapping, time: null };
		await checkCrimeImport({ db: database.db, actor: coordinator, municipalityId: falun.id, draftId: started.draftId, mapping: custom, today: TODAY });
		const done = await finishCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			draftId: started.draftId,
			choice: 'rest',
			ip: '127.0.0.1',
			today: TODAY
		});
		expect(done).toMatchObject({ imported: 5, duplicates: 0, rejected: 5 });
		const perArea = await crimeStatistics({
			db: database.db,
			actor: reader,
			municipalityId: falun.id,
			groupBy: ['area', 'category', 'year'],
			from: '2025-01-01',
			to: '2025-12-31'
		});
		expect(perArea.map((r) => [r.areaName, r.category, r.year, r.count, r.ratePer1000])).toEqual(
			expect.arrayContaining([
				['2080C1010', 'cykelstold', 2025, 2, 2],
				['2080C1020', 'butiksstold', 2025, 1, 1],
				['2080C1040', 'misshandel', 2025, 1, 1],
				['2080C1030', 'skadegorelse', 2025, 1, 1]
			])
		);
		expect(perArea).toHaveLength(4);
		// The mapping without the time column is remembered for the same source.
		const again = await startCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			fileName: 'brott-igen.csv',
			data: bytes(crimeCsvSweref()),
			sourceName: 'Polisen kartverktyg'
		});
		expect(again.remembered).toBe(true);
		expect(again.mapping.time).toBeNull();
		const check = await checkCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			draftId: again.draftId,
			mapping: again.mapping,
			today: TODAY
		});
		expect(check.duplicates).toBe(5);
		const second = await finishCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			draftId: again.draftId,
			choice: 'rest',
			ip: null,
			today: TODAY
		});
		expect(second).toMatchObject({ imported: 0, duplicates: 5 });
		expect((await eventYears(database.db, falun.id)).total).toBe(5);
		expect(await findAuditRows(database.db, { municipalityId: falun.id, action: 'situation.crimes.imported', limit: 10, offset: 0 })).toHaveLength(2);
	});

	it('groups by weekday and hour, month, and filters by period', async () => {
		const grid = await crimeStatistics({ db: database.db, actor: reader, municipalityId: falun.id, groupBy: ['weekday', 'hour'], from: null, to: null });
		// The remembered mapping left out the time column: the hour is unknown.
		expect(grid).toEqual([
			// 2025-05-14 Wednesday, 05-15 and 07-03 Thursdays, 06-01 Sunday, 06-02 Monday.
			{ weekday: 1, hour: null, count: 1, ratePer1000: null },
			{ weekday: 3, hour: null, count: 1, ratePer1000: null },
			{ weekday: 4, hour: null, count: 2, ratePer1000: null },
			{ weekday: 7, hour: null, count: 1, ratePer1000: null }
		]);
		const june = await crimeStatistics({ db: database.db, actor: reader, municipalityId: falun.id, groupBy: ['month'], from: '2025-06-01', to: '2025-06-30' });
		expect(june).toEqual([{ month: 6, count: 2, ratePer1000: null }]);
	});

	it('re-assigns events when a new area is added, so an own area counts what lies inside it', async () => {
		const ring = [
			[533000, 6718000],
			[534000, 6718000],
			[534000, 6719000],
			[533000, 6719000],
			[533000, 6718000]
		];
		const planar: Geometry = { type: 'Polygon', coordinates: [ring as [number, number][]] };
		const wgs = mapGeometry(planar, ([e, n]) => swerefToWgs84(e, n));
		await database.db.transaction((tx) =>
			saveAreas(
				tx,
				falun.id,
				[
					{
						kind: 'egen',
						code: 'centrum',
						name: 'Centrum',
						sourceEpsg: 3006,
						sourceGeometry: planar,
						geometry: wgs,
						bbox: bboxOf(wgs),
						population: [{ year: 2024, population: 500 }]
					}
				],
				'test'
			)
		);
		// saveAreas alone does not re-assign: the file import does, so import the DeSO file again.
		await importAreaFile({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			fileName: 'deso.geojson',
			data: bytes(desoGeoJson3006()),
			kind: 'auto',
			ip: null
		});
		const own = await crimeStatistics({ db: database.db, actor: reader, municipalityId: falun.id, groupBy: ['area'], from: null, to: null, areaKind: 'egen' });
		expect(own).toEqual([{ area: expect.any(String), areaCode: 'centrum', areaName: 'Centrum', count: 2, ratePer1000: 4 }]);
	});

	it('deletes an import with its events, and only in its own municipality', async () => {
		const { imports } = await crimeImportOverview({ db: database.db, actor: coordinator, municipalityId: falun.id });
		const withEvents = imports.find((i) => i.rowsImported === 5)!;
		const sunne = database.refs!.municipalities.sunne.id;
		const admin = await actorFor(database, 'admin@forebygg.demo');
		await expect(deleteCrimeImport({ db: database.db, actor: admin, municipalityId: sunne, importId: withEvents.id, ip: null })).rejects.toMatchObject({
			status: 404
		});
		await expect(deleteCrimeImport({ db: database.db, actor: reader, municipalityId: falun.id, importId: withEvents.id, ip: null })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		expect(await deleteCrimeImport({ db: database.db, actor: coordinator, municipalityId: falun.id, importId: withEvents.id, ip: null })).toBe(5);
		expect((await eventYears(database.db, falun.id)).total).toBe(0);
	});
});
