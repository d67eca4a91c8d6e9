import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, toNumber } from '../../../db/client';
import type { Actor } from '../../../platform/authz';
import { ForbiddenError, ValidationError } from '../../../platform/errors';
import { createTestDb, type TestDb } from '../../../testing/test-db';
import { findAuditRows } from '../../audit/audit.repository';
import { findMemberships, findUserByEmail } from '../../users/public';
import { seedSituationDemo } from '../demo';
import { saveDrawnArea } from './drawn-area.usecases';
import { crimeStatistics } from '../analysis/statistics.usecases';
import { listAreas } from './areas.usecases';
import { swerefToWgs84 } from '../../../platform/geo/spatial';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

describe(`an own area drawn in the map (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: { id: string; scbCode: string };

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, scbCode: '2080' };
		await database.db.transaction((tx) => seedSituationDemo(tx, falun.id));
	}, 120_000);
	afterAll(() => database.close());

	it('is saved as an own area and counts the crimes inside it at once; readers may not draw', async () => {
		// A square of about 600 × 400 m in the centre, drawn as the map writes it (WGS84 polygon).
		const [e0, e1, n0, n1] = [534500.5, 535100.5, 6718950.5, 6719350.5];
		const corners = [
			[e0, n0],
			[e1, n0],
			[e1, n1],
			[e0, n1]
		].map(([e, n]) => swerefToWgs84(e, n));
		const boundary = JSON.stringify({ type: 'Polygon', coordinates: [[...corners, corners[0]]] });
		const reader = await actorFor(database, 'politiker@falun.demo');
		await expect(saveDrawnArea({ db: database.db, actor: reader, municipality: falun, name: 'Stora torget', boundary, ip: null })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		const coordinator = await actorFor(database, 'samordnare@falun.demo');
		await expect(saveDrawnArea({ db: database.db, actor: coordinator, municipality: falun, name: '', boundary, ip: null })).rejects.toBeInstanceOf(
			ValidationError
		);

		expect(await saveDrawnArea({ db: database.db, actor: coordinator, municipality: falun, name: 'Stora torget', boundary, ip: '127.0.0.1' })).toEqual({
			name: 'Stora torget',
			saved: 1
		});
		const area = (await listAreas({ db: database.db, actor: coordinator, municipalityId: falun.id })).find((a) => a.name === 'Stora torget')!;
		expect(area).toMatchObject({ kind: 'egen', sourceEpsg: 4326, source: 'fil: ritat i kartan' });

		const [inside] = await queryRows<{ n: unknown }>(
			database.db,
			sql`select count(*) as n from crime_events where municipality_id = ${falun.id} and easting between ${e0} and ${e1} and northing between ${n0} and ${n1}`
		);
		expect(toNumber(inside.n)).toBeGreaterThan(100);
		const perArea = await crimeStatistics({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			groupBy: ['area'],
			from: null,
			to: null,
			areaKind: 'egen'
		});
		expect(perArea.find((r) => r.area === area.id)?.count).toBe(toNumber(inside.n));
		expect(await findAuditRows(database.db, { municipalityId: falun.id, action: 'situation.areas.imported', limit: 10, offset: 0 })).toHaveLength(1);
	});
});
