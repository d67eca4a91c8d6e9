import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../users/public';
import { seedEstDemo } from './est.demo';
import { meetingsOverview } from './est.meetings.usecases';
import { cyclePicture } from './est.usecases';

describe(`EST demo for Falun (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		await seedEstDemo(database.db, database.refs!, '2025-11-26');
	}, 120_000);
	afterAll(() => database.close());

	it('has about 600 reports in 14-day cycles over six months, a repeat place, and tasks in every state', async () => {
		const [{ n }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from est_reports`);
		expect(n).toBeGreaterThan(550);
		expect(n).toBeLessThan(700);
		const user = (await findUserByEmail(database.db, 'politiker@falun.demo'))!;
		const reader = { kind: 'person' as const, userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
		const falunId = database.refs!.municipalities.falun.id;
		const picture = (await cyclePicture({ db: database.db, actor: reader, municipalityId: falunId, today: '2025-11-26', noAreaLabel: '–' }))!;
		expect(picture.cadence).toBe('14dagar');
		expect(picture.cycle.number).toBe(14);
		expect(picture.repeatPlaces[0]).toMatchObject({ label: 'Gruvparken, gångvägen', cycles: 6, window: 6 });
		const statuses = await queryRows<{ status: string }>(database.db, sql`select distinct status from est_tasks order by status`);
		expect(statuses.map((s) => s.status)).toEqual(['inte_klar', 'klar', 'oppen', 'pagar']);
		const overview = await meetingsOverview({ db: database.db, actor: reader, municipalityId: falunId, today: '2025-11-26' });
		expect(overview.meetings.length).toBe(13);
		expect(overview.priorities.map((p) => p.place)).toEqual(['Gruvparken, gångvägen']);
		expect(overview.openTasks.some((t) => t.overdue)).toBe(true);
		const reportStatuses = await queryRows<{ status: string }>(database.db, sql`select distinct status from est_reports order by status`);
		expect(reportStatuses.map((s) => s.status)).toEqual(['atgard_beslutad', 'atgardad', 'behandlad', 'mottagen']);
		// One escalation: Gruvparken, prioritised since the third meeting, raised by the routine to the council.
		const escalations = await queryRows<{ place: string; reason: string; recipients: string[]; notified: boolean }>(
			database.db,
			sql`select place, reason, recipients, notified_at is not null as notified from est_escalations`
		);
		expect(escalations).toEqual([{ place: 'Gruvparken, gångvägen', reason: 'upprepad_prioritering', recipients: ['bra@falun.demo'], notified: true }]);
	});
});
