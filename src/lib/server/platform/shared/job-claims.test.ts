import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import { runClaimedHourlyJobs } from '../../scheduler';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { claimJobSlot, jobClaimsOf } from './shared.repository';

let database: TestDb;
beforeAll(async () => {
	database = await createTestDb();
});
afterAll(async () => database.close());

describe('scheduled job claims', () => {
	it('gives a job slot to the first claimant only', async () => {
		expect(await claimJobSlot(database.db, 'test', '2026-01-01T10', 'a')).toBe(true);
		expect(await claimJobSlot(database.db, 'test', '2026-01-01T10', 'b')).toBe(false);
		expect(await claimJobSlot(database.db, 'test', '2026-01-01T11', 'b')).toBe(true);
	});

	it('runs the hourly jobs once per hour however many servers ask at the same moment', async () => {
		const now = new Date('2026-02-03T04:05:06Z');
		const context = { db: database.db, config: { ...readConfig(), backupDir: null } as never };
		const ran = await Promise.all([runClaimedHourlyJobs(context, now), runClaimedHourlyJobs(context, now), runClaimedHourlyJobs(context, now)]);
		expect(ran.filter(Boolean)).toHaveLength(1);
		const claims = (await jobClaimsOf(database.db, 'hourly')).filter((c) => c.slot === '2026-02-03T04');
		expect(claims).toHaveLength(1);
		expect(claims[0]!.finishedAt).not.toBeNull();
		expect(await runClaimedHourlyJobs(context, new Date('2026-02-03T05:00:00Z'))).toBe(true);
	});
});
