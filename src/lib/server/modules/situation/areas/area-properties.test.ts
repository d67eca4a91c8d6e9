/**
 * A municipality's own area file whose name property is not one the importer knows
 * ("KOMMUNDEL", "OBJEKT_ID"; fixture written for this test): the importer says what is missing
 * and which properties the file has, the user chooses, and the choice is used for the next file.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../platform/authz';
import { AppError } from '../../../platform/errors';
import { createTestDb, type TestDb } from '../../../testing/test-db';
import { findMemberships, findUserByEmail } from '../../users/public';
import { parseAreaGeoJson } from './area-import';
import { importAreaFile, listAreas } from './areas.usecases';

const file = readFileSync(new URL('../fixtures/kommundelar-egna-egenskaper.geojson', import.meta.url));

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

describe('parseAreaGeoJson with chosen name and code properties', () => {
	it('lists the file’s properties and reads names and codes from the chosen ones, in any case', () => {
		const text = file.toString('utf8');
		const unchosen = parseAreaGeoJson(text, { municipalityCode: '2080' });
		expect(unchosen.areas).toEqual([]);
		expect(unchosen.properties).toEqual(['OBJEKT_ID', 'KOMMUNDEL', 'YTA_HA']);
		const chosen = parseAreaGeoJson(text, { municipalityCode: '2080', nameProperty: 'kommundel', codeProperty: 'OBJEKT_ID' });
		expect(chosen.areas.map((a) => [a.kind, a.code, a.name])).toEqual([
			['egen', 'KD-01', 'Östra centrum'],
			['egen', 'KD-02', 'Västra centrum']
		]);
		expect(chosen.skipped).toEqual([
			{
				feature: 3,
				reason: 'Området saknar värde i egenskapen ”kommundel”.',
				text: { code: 'situation.area_property_empty', params: { property: 'kommundel' } }
			}
		]);
	});
});

describe(`area import with the municipality's own property names (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: { id: string; scbCode: string };
	let coordinator: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, scbCode: '2080' };
		coordinator = await actorFor(database, 'samordnare@falun.demo');
	});
	afterAll(() => database.close());

	const upload = (properties?: { nameProperty: string; codeProperty: string | null }) =>
		importAreaFile({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			fileName: 'kommundelar.geojson',
			data: new Uint8Array(file),
			kind: 'auto',
			ip: null,
			properties
		});

	it('says the names are missing and which properties the file has, not that there are no areas in the municipality', async () => {
		const error = await upload().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(AppError);
		expect((error as AppError).code).toBe('situation.areas_no_names');
		expect((error as AppError).message).toMatch(/3 områden saknar namn.*”OBJEKT_ID”, ”KOMMUNDEL”, ”YTA_HA”/);
		expect((error as AppError).details).toEqual({ properties: ['OBJEKT_ID', 'KOMMUNDEL', 'YTA_HA'] });
	});

	it('imports with the chosen properties and uses the choice for the municipality’s next file', async () => {
		const first = await upload({ nameProperty: 'KOMMUNDEL', codeProperty: 'OBJEKT_ID' });
		expect(first).toMatchObject({ saved: 2, properties: { nameProperty: 'KOMMUNDEL', codeProperty: 'OBJEKT_ID' } });
		const again = await upload();
		expect(again).toMatchObject({ saved: 2, properties: { nameProperty: 'KOMMUNDEL', codeProperty: 'OBJEKT_ID' } });
		const areas = await listAreas({ db: database.db, actor: coordinator, municipalityId: falun.id });
		expect(
			areas
				.filter((a) => a.kind === 'egen')
				.map((a) => [a.code, a.name])
				.sort()
		).toEqual([
			['KD-01', 'Östra centrum'],
			['KD-02', 'Västra centrum']
		]);
	});
});
