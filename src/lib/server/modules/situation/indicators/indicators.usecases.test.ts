import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../platform/authz';
import { ForbiddenError, ValidationError } from '../../../platform/errors';
import { createTestDb, type TestDb } from '../../../testing/test-db';
import { findMemberships, findUserByEmail } from '../../users/public';
import { fetchKoladaIndicators, importIndicatorFile, listIndicators } from './indicators.usecases';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}
const bytes = (s: string) => new TextEncoder().encode(s);

describe(`indicators (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: { id: string; scbCode: string; countyCode: string };
	let coordinator: Actor;
	let reader: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, scbCode: '2080', countyCode: '20' };
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		reader = await actorFor(database, 'politiker@falun.demo');
	});
	afterAll(() => database.close());

	it('imports a saved Kolada answer and a Brå table, and a second import updates instead of duplicating', async () => {
		const kolada = JSON.stringify({
			values: [{ kpi: 'N07540', municipality: '2080', period: 2024, values: [{ gender: 'T', value: 12000, status: '' }] }],
			count: 1,
			next_page: null
		});
		expect(
			(await importIndicatorFile({ db: database.db, actor: coordinator, municipalityId: falun.id, fileName: 'kolada.json', data: bytes(kolada), ip: null }))
				.saved
		).toBe(1);
		const bra = 'Region;Brott;År;Antal\r\n2080 Falun;Cykelstöld;2024;..\r\n';
		await importIndicatorFile({ db: database.db, actor: coordinator, municipalityId: falun.id, fileName: 'bra.csv', data: bytes(bra), ip: null });
		await importIndicatorFile({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			fileName: 'kolada.json',
			data: bytes(kolada.replace('12000', '12500')),
			ip: null
		});
		const values = await listIndicators({ db: database.db, actor: reader, municipalityId: falun.id });
		expect(values.map((v) => [v.indicator, v.regionCode, v.period, v.value])).toEqual([
			['N07540', '2080', '2024', 12500],
			['bra:Cykelstöld:antal', '2080', '2024', null]
		]);
	});

	it('refuses readers and unknown files, and says when Kolada cannot be reached', async () => {
		await expect(
			importIndicatorFile({ db: database.db, actor: reader, municipalityId: falun.id, fileName: 'k.json', data: bytes('{}'), ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			importIndicatorFile({ db: database.db, actor: coordinator, municipalityId: falun.id, fileName: 'k.pdf', data: bytes('x'), ip: null })
		).rejects.toBeInstanceOf(ValidationError);
		const offline = (() => Promise.reject(new Error('getaddrinfo ENOTFOUND api.kolada.se'))) as unknown as typeof fetch;
		await expect(
			fetchKoladaIndicators({
				db: database.db,
				actor: coordinator,
				municipality: falun,
				baseUrl: 'https://api.kolada.se',
				years: [2024],
				ip: null,
				fetch: offline
			})
		).rejects.toMatchObject({ code: 'situation.kolada_unreachable' });
	});
});
