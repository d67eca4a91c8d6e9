// The daily backup of issue 11: written on schedule, the newest N kept, and restored into an empty database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db';
import { verifyAuditChain } from '../modules/audit/audit.usecases';
import { listScheduledBackups, restoreBackup, runScheduledBackup } from './backup';
import { queryRows } from './client';

describe(`scheduled backups (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let source: TestDb;
	let dir: string;
	beforeAll(async () => {
		source = await createTestDb({ municipalities: true });
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-backups-'));
	});
	afterAll(async () => {
		await source.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('writes one copy a day, keeps the newest N, and leaves no half-written file', async () => {
		const config = { backupDir: dir, backupKeep: 2 };
		const day = (d: number, h = 3) => new Date(Date.UTC(2026, 11, d, h, 0, 0));
		expect(await runScheduledBackup(source.db, config, day(1))).toMatch(/forebygg-20261201T030000Z\.jsonl\.gz$/);
		// The hourly job an hour later finds a fresh copy and does nothing.
		expect(await runScheduledBackup(source.db, config, day(1, 4))).toBeNull();
		expect(await runScheduledBackup(source.db, config, day(2))).not.toBeNull();
		expect(await runScheduledBackup(source.db, config, day(3))).not.toBeNull();
		expect(listScheduledBackups(dir).map((b) => b.takenAt.toISOString())).toEqual(['2026-12-03T03:00:00.000Z', '2026-12-02T03:00:00.000Z']);
		expect(fs.readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
		expect(fs.statSync(listScheduledBackups(dir)[0].file).mode & 0o077).toBe(0);
	});

	it('restores the newest copy into an empty database: the same rows, and the audit chain verifies', async () => {
		const [newest] = listScheduledBackups(dir);
		const target = await createTestDb();
		try {
			const counts = await restoreBackup(target.db, newest.file);
			const count = async (db: TestDb['db'], table: string) =>
				(await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0].n;
			for (const table of ['users', 'municipalities', 'organisations', 'audit_log']) {
				expect(await count(target.db, table), table).toBe(await count(source.db, table));
				expect(counts[table] ?? 0, table).toBe(await count(source.db, table));
			}
			expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true });
		} finally {
			await target.close();
		}
	});
});
