import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../authz';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../../modules/users/public';
import { importAreaFile, listAreas } from '../../modules/situation/areas/areas.usecases';
import { checkCrimeImport, finishCrimeImport, startCrimeImport } from '../../modules/situation/crimes/crimes.usecases';
import { eventYears } from '../../modules/situation/crimes/crimes.repository';
import { fuzzFiles, isCodedError } from './fuzz';
import { closeParseWorkers } from './parse-pool';

const bytes = (s: string) => new TextEncoder().encode(s);

/** Imports of generated files through the use cases: each writes all of itself or nothing. */
describe(`importers under generated files write all or nothing (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: { id: string; scbCode: string };
	let coordinator: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, scbCode: '2080' };
		const user = (await findUserByEmail(database.db, 'samordnare@falun.demo'))!;
		coordinator = { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	}, 180_000);
	afterAll(async () => {
		await closeParseWorkers();
		await database?.close();
	});

	it('area files: a refused file leaves the areas as they were', { timeout: 120_000 }, async () => {
		await fc.assert(
			fc.asyncProperty(fuzzFiles.geoJson, async (text) => {
				const before = await listAreas({ db: database.db, actor: coordinator, municipalityId: falun.id });
				try {
					await importAreaFile({
						db: database.db,
						actor: coordinator,
						municipality: falun,
						fileName: 'omraden.geojson',
						data: bytes(text),
						kind: 'egen',
						ip: null
					});
				} catch (error) {
					if (!isCodedError(error)) throw error;
					const after = await listAreas({ db: database.db, actor: coordinator, municipalityId: falun.id });
					expect(after.map((a) => [a.id, a.name])).toEqual(before.map((a) => [a.id, a.name]));
				}
			}),
			{ numRuns: Number(process.env.FUZZ_DB_RUNS ?? 30) }
		);
	});

	it('crime extracts: refused or imported, the event count moves by exactly what was imported', { timeout: 120_000 }, async () => {
		await fc.assert(
			fc.asyncProperty(fuzzFiles.crimeCsv, async (csv) => {
				const before = (await eventYears(database.db, falun.id)).total;
				let imported = 0;
				try {
					const started = await startCrimeImport({
						db: database.db,
						actor: coordinator,
						municipalityId: falun.id,
						fileName: 'brott.csv',
						data: bytes(csv),
						sourceName: 'Fuzz'
					});
					await checkCrimeImport({
						db: database.db,
						actor: coordinator,
						municipalityId: falun.id,
						draftId: started.draftId,
						mapping: started.mapping,
						today: '2025-12-31'
					});
					const done = await finishCrimeImport({
						db: database.db,
						actor: coordinator,
						municipalityId: falun.id,
						draftId: started.draftId,
						choice: 'rest',
						ip: null,
						today: '2025-12-31'
					});
					imported = done.imported;
				} catch (error) {
					if (!isCodedError(error)) throw error;
				}
				expect((await eventYears(database.db, falun.id)).total).toBe(before + imported);
			}),
			{ numRuns: Number(process.env.FUZZ_DB_RUNS ?? 30) }
		);
	});
});
