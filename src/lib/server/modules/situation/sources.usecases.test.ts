import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import type { Actor } from '../../platform/authz';
import type { Config } from '../../platform/config';
import { AppError, ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findAuditRows } from '../audit/audit.repository';
import { findMemberships, findUserByEmail } from '../users/public';
import { deleteStaleCrimeDrafts } from './crimes/housekeeping';
import { situationModule } from './module';
import { fetchPolisenEvents, importPolisenFile } from './crimes/polisen.usecases';
import { areaPopulationSummaries, importPopulationFile } from './indicators/population.usecases';
import { eventYears } from './crimes/crimes.repository';
import { listPopulations } from './areas/areas.repository';
import { crimeStatistics } from './analysis/statistics.usecases';
import { importAreaFile, listAreas, reassignEvents, saveAreas } from './areas/areas.usecases';
import { startCrimeImport } from './crimes/crimes.usecases';
import { bboxOf, mapGeometry, swerefToWgs84, type Geometry } from '../../platform/geo/spatial';
import { crimeCsvSweref } from './testing';
import { POLISEN_EVENTS, pxPopulation, pxWebCsv, pxWebJsonStat } from './testing-sources';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

const bytes = (s: string) => new TextEncoder().encode(s);
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.resolve('src/lib/server/modules/situation/fixtures', name)));

describe(`lägesbild: GeoPackage, Polisen's events, SCB population, draft housekeeping (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: { id: string; scbCode: string; name: string; officialName: string };
	let coordinator: Actor;
	let reader: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, scbCode: '2080', name: 'Falun', officialName: 'Falu kommun' };
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		reader = await actorFor(database, 'politiker@falun.demo');
	});
	afterAll(() => database.close());

	it('imports DeSO from a GeoPackage in EPSG:3006, keeping the source geometry, and lists the skipped features', async () => {
		await expect(
			importAreaFile({
				db: database.db,
				actor: reader,
				municipality: falun,
				fileName: 'deso.gpkg',
				data: fixture('deso-2025-3006.gpkg'),
				kind: 'auto',
				ip: null
			})
		).rejects.toBeInstanceOf(ForbiddenError);
		const result = await importAreaFile({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			fileName: 'DeSO_2025.gpkg',
			data: fixture('deso-2025-3006.gpkg'),
			kind: 'auto',
			ip: null
		});
		expect(result).toMatchObject({ saved: 4, epsg: 3006, kinds: ['deso'], otherMunicipalities: 1 });
		expect(result.skipped.map((s) => s.feature)).toEqual([6, 7]);
		const [row] = await queryRows<{ source_epsg: number; source_geometry: Geometry; source: string }>(
			database.db,
			sql`select source_epsg, source_geometry, source from areas where municipality_id = ${falun.id} and code = '2080C1040'`
		);
		expect(row.source_epsg).toBe(3006);
		expect(row.source).toBe('fil: DeSO_2025.gpkg');
		expect(row.source_geometry.type).toBe('MultiPolygon');
		expect((row.source_geometry as { coordinates: number[][][][] }).coordinates[0]).toHaveLength(2); // the hole is kept
	});

	it('refuses broken and foreign GeoPackages with a Swedish message instead of failing', async () => {
		const garbage = new Uint8Array(4096).fill(7);
		for (const [name, data, message] of [
			['rt90.gpkg', fixture('rt90-3021.gpkg'), /EPSG:3021 stöds inte/],
			['trasig.gpkg', garbage, /inte en GeoPackage/],
			['halv.gpkg', fixture('deso-2025-3006.gpkg').subarray(0, 2048), /GeoPackage/]
		] as const) {
			const error = await importAreaFile({ db: database.db, actor: coordinator, municipality: falun, fileName: name, data, kind: 'auto', ip: null }).catch(
				(e) => e
			);
			expect(error).toBeInstanceOf(AppError);
			expect((error as AppError).status).toBe(400);
			expect((error as AppError).message).toMatch(message);
		}
	});

	it('stores Polisen events of the municipality on the municipality area only, without places or free text; a re-import adds nothing', async () => {
		// The municipality as a whole, so municipality-level events have an area to count in.
		const ring = [
			[520000, 6700000],
			[550000, 6700000],
			[550000, 6740000],
			[520000, 6740000],
			[520000, 6700000]
		] as [number, number][];
		const planar: Geometry = { type: 'Polygon', coordinates: [ring] };
		const wgs = mapGeometry(planar, ([e, n]) => swerefToWgs84(e, n));
		await database.db.transaction((tx) =>
			saveAreas(
				tx,
				falun.id,
				[{ kind: 'kommun', code: '2080', name: 'Falu kommun', sourceEpsg: 3006, sourceGeometry: planar, geometry: wgs, bbox: bboxOf(wgs) }],
				'test'
			)
		);

		await expect(
			importPolisenFile({ db: database.db, actor: reader, municipality: falun, fileName: 'events.json', data: bytes(JSON.stringify(POLISEN_EVENTS)), ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		const first = await importPolisenFile({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			fileName: 'events.json',
			data: bytes(JSON.stringify(POLISEN_EVENTS)),
			ip: '127.0.0.1'
		});
		expect(first).toMatchObject({ read: 9, otherPlaces: 2, repeated: 1, imported: 3, duplicates: 0, inMunicipalityArea: true });
		expect(first.skipped.map((s) => s.type).sort()).toEqual(['Rån', 'Trafikolycka', 'Trolldom']);

		const events = await queryRows<Record<string, unknown>>(
			database.db,
			sql`select * from crime_events where municipality_id = ${falun.id} order by occurred_on`
		);
		expect(events).toHaveLength(3);
		const kommun = (await listAreas({ db: database.db, actor: reader, municipalityId: falun.id })).find((a) => a.kind === 'kommun')!;
		for (const e of events) {
			expect([e.easting, e.northing, e.latitude, e.longitude]).toEqual([null, null, null, null]);
			expect(e.area_ids).toEqual([kommun.id]);
			expect(JSON.stringify(e)).not.toMatch(/Resecentrum|slogs|aktuellt|60\.607/);
		}
		const stats = await crimeStatistics({ db: database.db, actor: reader, municipalityId: falun.id, groupBy: ['category', 'hour'], from: null, to: null });
		expect(stats.map((s) => [s.category, s.hour, s.count])).toEqual([
			['misshandel', 22, 1],
			['ovrig_stold', 9, 1],
			['skadegorelse', 23, 1]
		]);

		const again = await importPolisenFile({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			fileName: 'events-igen.json',
			data: bytes(JSON.stringify(POLISEN_EVENTS)),
			ip: null
		});
		expect(again).toMatchObject({ imported: 0, duplicates: 3 });
		expect((await eventYears(database.db, falun.id)).total).toBe(3);
		expect(await findAuditRows(database.db, { municipalityId: falun.id, action: 'situation.polisen.imported', limit: 10, offset: 0 })).toHaveLength(2);
	});

	it('counts Polisen events imported before the municipality had an area of its own in that area once it arrives', async () => {
		const sunne = { id: database.refs!.municipalities.sunne.id, scbCode: '1766', name: 'Sunne', officialName: 'Sunne kommun' };
		const sunneCoordinator = await actorFor(database, 'samordnare@sunne.demo');
		const events = POLISEN_EVENTS.map((e) => ({
			...e,
			name: (e.name ?? '').replace('Falun', 'Sunne'),
			location: { ...e.location, name: e.location?.name === 'Falun' ? 'Sunne' : e.location?.name }
		}));
		const result = await importPolisenFile({
			db: database.db,
			actor: sunneCoordinator,
			municipality: sunne,
			fileName: 'sunne.json',
			data: bytes(JSON.stringify(events)),
			ip: null
		});
		expect(result).toMatchObject({ imported: 3, inMunicipalityArea: false });
		const areaIdsOf = async () =>
			(await queryRows<{ area_ids: string[] }>(database.db, sql`select area_ids from crime_events where municipality_id = ${sunne.id}`)).map((e) => e.area_ids);
		expect(await areaIdsOf()).toEqual([[], [], []]);

		const ring = [
			[400000, 6630000],
			[420000, 6630000],
			[420000, 6650000],
			[400000, 6630000]
		] as [number, number][];
		const planar: Geometry = { type: 'Polygon', coordinates: [ring] };
		const wgs = mapGeometry(planar, ([e, n]) => swerefToWgs84(e, n));
		const changed = await database.db.transaction(async (tx) => {
			await saveAreas(
				tx,
				sunne.id,
				[{ kind: 'kommun', code: '1766', name: 'Sunne kommun', sourceEpsg: 3006, sourceGeometry: planar, geometry: wgs, bbox: bboxOf(wgs) }],
				'test'
			);
			return reassignEvents(tx, sunne.id);
		});
		expect(changed).toBe(3);
		const kommun = (await listAreas({ db: database.db, actor: sunneCoordinator, municipalityId: sunne.id })).find((a) => a.kind === 'kommun')!;
		expect(await areaIdsOf()).toEqual([[kommun.id], [kommun.id], [kommun.id]]);
		const perArea = await crimeStatistics({ db: database.db, actor: sunneCoordinator, municipalityId: sunne.id, groupBy: ['area'], from: null, to: null });
		expect(perArea.map((r) => [r.area, r.count])).toEqual([[kommun.id, 3]]);
		// Nothing changes the second time.
		expect(await database.db.transaction((tx) => reassignEvents(tx, sunne.id))).toBe(0);
	});

	it('says so at the field when a Polisen file is not the API, or has nothing of the municipality', async () => {
		const cases: [string, string, RegExp][] = [
			['a.json', '{"values": []}', /händelse-API/],
			['a.csv', '[]', /\.json/],
			['borlange.json', JSON.stringify(POLISEN_EVENTS.filter((e) => e.location?.name === 'Borlänge')), /Ingen av filens 1 händelser gäller Falun/]
		];
		for (const [fileName, text, message] of cases) {
			const error = await importPolisenFile({ db: database.db, actor: coordinator, municipality: falun, fileName, data: bytes(text), ip: null }).catch(
				(e) => e
			);
			expect(error).toBeInstanceOf(ValidationError);
			expect((error as ValidationError).fieldErrors.polisenFile).toMatch(message);
		}
	});

	it('fetches the events from the configured URL (a local server replaying a recorded answer) and reports an unreachable API', async () => {
		const later = POLISEN_EVENTS.map((e) => ({ ...e, id: Number(e.id) + 400 }));
		const server = http.createServer((request, response) => {
			const url = new URL(request.url ?? '/', 'http://x');
			const name = url.searchParams.get('locationname');
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify(later.filter((e) => e.location?.name === name)));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`;
			const fetched = await fetchPolisenEvents({ db: database.db, actor: coordinator, municipality: falun, url, ip: null });
			expect(fetched).toMatchObject({ read: 7, otherPlaces: 0, repeated: 1, imported: 3, duplicates: 0 });
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
		await expect(
			fetchPolisenEvents({ db: database.db, actor: coordinator, municipality: falun, url: 'http://127.0.0.1:9/api/events', ip: null })
		).rejects.toMatchObject({ code: 'situation.polisen_unreachable' });
	});

	it('imports SCB population per DeSO, year, sex and age: all or nothing, unknown codes reported', async () => {
		const data = bytes(pxWebJsonStat(['2080C1010', '2080C1020', '2080C9999', '0180C1010']));
		const refused = await importPopulationFile({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			fileName: 'folkmangd.json',
			data,
			partial: false,
			ip: null
		});
		expect(refused.written).toBe(false);
		expect(refused.saved).toBe(0);
		expect(refused.problems).toEqual([
			{
				reason: expect.stringMatching(/Området 2080C9999 finns inte bland kommunens områden/),
				text: { code: 'situation.population_area_unknown', params: { code: '2080C9999' } },
				count: 24,
				example: '2080C9999'
			}
		]);
		expect(refused.otherRegions).toBe(24);
		expect(await listPopulations(database.db, falun.id)).toEqual([]);

		const written = await importPopulationFile({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			fileName: 'folkmangd.json',
			data,
			partial: true,
			ip: null
		});
		expect(written).toMatchObject({ written: true, saved: 48, years: [2023, 2024] });
		const areas = await listAreas({ db: database.db, actor: reader, municipalityId: falun.id });
		const c1010 = areas.find((a) => a.code === '2080C1010')!;
		expect(c1010.population).toBe(pxPopulation('2080C1010', 0, 2, 2024));
		const byBreakdown = await queryRows<{ sex: string; age_group: string; population: number }>(
			database.db,
			sql`select sex, age_group, population from area_populations where area_id = ${c1010.id} and year = 2023 order by sex, age_group`
		);
		expect(byBreakdown).toHaveLength(12);
		expect(byBreakdown.find((r) => r.sex === 'K' && r.age_group === '65-')?.population).toBe(pxPopulation('2080C1010', 3, 1, 2023));
		expect(await findAuditRows(database.db, { municipalityId: falun.id, action: 'situation.populations.imported', limit: 10, offset: 0 })).toHaveLength(1);
		const summary = (await areaPopulationSummaries({ db: database.db, actor: reader, municipalityId: falun.id })).get(c1010.id);
		expect(summary).toEqual({
			areaId: c1010.id,
			year: 2024,
			total: pxPopulation('2080C1010', 0, 2, 2024),
			women: pxPopulation('2080C1010', 0, 1, 2024),
			men: pxPopulation('2080C1010', 0, 0, 2024),
			ageGroups: 3
		});

		// The CSV export (women and men only): the totals are added so rates have their denominator.
		const csv = await importPopulationFile({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			fileName: 'folkmangd.csv',
			data: bytes(pxWebCsv(['2080C1030'])),
			partial: false,
			ip: null
		});
		expect(csv).toMatchObject({ written: true, problemCount: 0 });
		const c1030 = (await listAreas({ db: database.db, actor: reader, municipalityId: falun.id })).find((a) => a.code === '2080C1030')!;
		expect(c1030.population).toBe(pxPopulation('2080C1030', 0, 0, 2024) + pxPopulation('2080C1030', 0, 1, 2024));

		await expect(
			importPopulationFile({ db: database.db, actor: reader, municipality: falun, fileName: 'folkmangd.json', data, partial: true, ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		const none = await importPopulationFile({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			fileName: 'sthlm.json',
			data: bytes(pxWebJsonStat(['0180C1010'])),
			partial: true,
			ip: null
		}).catch((e) => e);
		expect((none as ValidationError).fieldErrors.populationFile).toMatch(/inga värden för kommunens områden/);
	});

	it('the hourly job deletes crime import drafts older than 24 hours and keeps newer ones', async () => {
		const draft = async () =>
			(
				await startCrimeImport({
					db: database.db,
					actor: coordinator,
					municipalityId: falun.id,
					fileName: 'b.csv',
					data: bytes(crimeCsvSweref()),
					sourceName: 'Polisen'
				})
			).draftId;
		const [old, recent, borderline] = [await draft(), await draft(), await draft()];
		await database.db.execute(sql`update crime_import_drafts set created_at = now() - interval '25 hours' where id = ${old}`);
		await database.db.execute(sql`update crime_import_drafts set created_at = now() - interval '23 hours' where id = ${borderline}`);
		await situationModule.hourly!({ db: database.db, config: {} as Config });
		const left = (await queryRows<{ id: string }>(database.db, sql`select id from crime_import_drafts`)).map((r) => r.id);
		expect(left.sort()).toEqual([recent, borderline].sort());
		// A day later the rest go too.
		expect(await deleteStaleCrimeDrafts(database.db, new Date(Date.now() + 25 * 3_600_000))).toBe(2);
	});
});
