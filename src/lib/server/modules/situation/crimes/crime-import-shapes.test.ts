/**
 * A crime extract as another municipality's police contact sends it (fixture written for this
 * test: Windows-1252, "Anmälningsdatum" in several date formats, crime types no category knows):
 * the user maps the unknown types to categories, remembered for the source.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../platform/authz';
import { ValidationError } from '../../../platform/errors';
import { createTestDb, type TestDb } from '../../../testing/test-db';
import { findMemberships, findUserByEmail } from '../../users/public';
import { importAreaFile } from '../areas/areas.usecases';
import { parseDateTime, typeKey } from '../situation.models';
import { desoGeoJson3006 } from '../testing';
import { checkCrimeImport, finishCrimeImport, startCrimeImport } from './crimes.usecases';

const extract = new Uint8Array(readFileSync(new URL('../fixtures/brottsutdrag-annan-kommun.csv', import.meta.url)));
const TODAY = '2025-12-31';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

describe('parseDateTime in the formats extracts come in', () => {
	it('reads ISO with slashes, day-month-year with dashes and Swedish month names with "kl."', () => {
		expect(parseDateTime('2025/05/15')).toEqual({ date: '2025-05-15', hour: null, minute: null });
		expect(parseDateTime('01-06-2025')).toEqual({ date: '2025-06-01', hour: null, minute: null });
		expect(parseDateTime('14 maj 2025 kl. 13.45')).toEqual({ date: '2025-05-14', hour: 13, minute: 45 });
		expect(parseDateTime('2 jun 2025')).toEqual({ date: '2025-06-02', hour: null, minute: null });
		expect(parseDateTime('14 majs 2025')).toBeNull();
		expect(parseDateTime('31-02-2025')).toBeNull();
	});
});

describe(`crime import from another municipality's extract (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: { id: string; scbCode: string };
	let coordinator: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, scbCode: '2080' };
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		const data = new TextEncoder().encode(desoGeoJson3006());
		await importAreaFile({ db: database.db, actor: coordinator, municipality: falun, fileName: 'deso.geojson', data, kind: 'auto', ip: null });
	});
	afterAll(() => database.close());

	it('reports a wrong file type and a missing source in the same pass', async () => {
		const error = await startCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			fileName: 'utdrag.pdf',
			data: new TextEncoder().encode('%PDF-1.7'),
			sourceName: ' '
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(['file', 'sourceName']);
	});

	it('recognises Anmälningsdatum and Brottsbenämning, and lists the types no category knows', async () => {
		const started = await startCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			fileName: 'utdrag.csv',
			data: extract,
			sourceName: 'LPO Ludvika'
		});
		expect(started.mapping).toMatchObject({ id: 'Ärendenummer', type: 'Brottsbenämning', date: 'Anmälningsdatum', easting: 'X', northing: 'Y' });
		const check = await checkCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			draftId: started.draftId,
			mapping: started.mapping,
			today: TODAY
		});
		expect(check.valid).toBe(2);
		expect(check.unknownTypes.map((u) => [u.type, u.rows])).toEqual([
			['Stöld från person', 2],
			['Brott mot knivlagen', 1]
		]);
		expect(check.rejected.every((r) => /Okänd brottstyp/.test(r.reason))).toBe(true);
	});

	it('counts a mapped type in its category and remembers the mapping for the source', async () => {
		const started = await startCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			fileName: 'utdrag.csv',
			data: extract,
			sourceName: 'LPO Ludvika'
		});
		const mapping = { ...started.mapping, categories: { [typeKey('Stöld från person')]: 'ovrig_stold' as const } };
		const check = await checkCrimeImport({ db: database.db, actor: coordinator, municipalityId: falun.id, draftId: started.draftId, mapping, today: TODAY });
		expect(check.valid).toBe(4);
		expect(check.unknownTypes.map((u) => u.type)).toEqual(['Brott mot knivlagen']);
		const done = await finishCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			draftId: started.draftId,
			choice: 'rest',
			ip: null,
			today: TODAY
		});
		expect(done).toMatchObject({ imported: 4, rejected: 1 });

		const next = await startCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			fileName: 'utdrag-2.csv',
			data: extract,
			sourceName: 'LPO Ludvika'
		});
		expect(next.remembered).toBe(true);
		expect(next.mapping.categories).toEqual({ [typeKey('Stöld från person')]: 'ovrig_stold' });
		const again = await checkCrimeImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			draftId: next.draftId,
			mapping: next.mapping,
			today: TODAY
		});
		expect(again).toMatchObject({ valid: 4, duplicates: 4 });
	});
});
