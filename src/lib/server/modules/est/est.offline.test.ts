import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../users/public';
import { createReport } from './est.usecases';

const TODAY = '2025-03-20';

describe(`EST reports sent again (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falunId: string;
	let sunneId: string;
	let caretaker: Actor;
	let sunneCoordinator: Actor;
	const actorFor = async (email: string): Promise<Actor> => {
		const user = (await findUserByEmail(database.db, email))!;
		return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	};
	const count = async (table: 'est_reports' | 'audit_log', where = sql`true`) =>
		(await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`))[0].n;
	const input = { category: 'Klotter', place: 'Tallrisvägen 12', occurredOn: '2025-03-18', timeOfDay: 'kvall', effect: '2' };

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falunId = database.refs!.municipalities.falun.id;
		sunneId = database.refs!.municipalities.sunne.id;
		caretaker = await actorFor('kopparstaden@falun.demo');
		sunneCoordinator = await actorFor('samordnare@sunne.demo');
	});
	afterAll(() => database.close());

	it('store a report sent twice with the same client id once, audited once, and answer with the same id', async () => {
		const before = await count('est_reports');
		const audited = await count('audit_log', sql`action = 'est.report.created'`);
		const send = () =>
			createReport({ db: database.db, actor: caretaker, municipalityId: falunId, input, clientId: 'offline-0001-abcd', ip: null, today: TODAY });
		const first = await send();
		const second = await send();
		expect(second.id).toBe(first.id);
		expect(await count('est_reports')).toBe(before + 1);
		expect(await count('audit_log', sql`action = 'est.report.created'`)).toBe(audited + 1);
	});

	it('store reports with different client ids, or none, each', async () => {
		const before = await count('est_reports');
		const send = (clientId: string | null) =>
			createReport({ db: database.db, actor: caretaker, municipalityId: falunId, input, clientId, ip: null, today: TODAY });
		const ids = [(await send('offline-0002-abcd')).id, (await send('offline-0003-abcd')).id, (await send(null)).id, (await send(null)).id];
		expect(new Set(ids).size).toBe(4);
		expect(await count('est_reports')).toBe(before + 4);
	});

	it('keep client ids apart per municipality, and ignore one that is not an id', async () => {
		const falun = await createReport({ db: database.db, actor: caretaker, municipalityId: falunId, input, clientId: 'shared-id-0001', ip: null, today: TODAY });
		const sunne = await createReport({
			db: database.db,
			actor: sunneCoordinator,
			municipalityId: sunneId,
			input,
			clientId: 'shared-id-0001',
			ip: null,
			today: TODAY
		});
		expect(sunne.id).not.toBe(falun.id);
		const odd = "x'; drop table est_reports; --";
		const a = await createReport({ db: database.db, actor: caretaker, municipalityId: falunId, input, clientId: odd, ip: null, today: TODAY });
		const b = await createReport({ db: database.db, actor: caretaker, municipalityId: falunId, input, clientId: odd, ip: null, today: TODAY });
		expect(a.id).not.toBe(b.id);
	});
});
