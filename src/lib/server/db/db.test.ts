import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../modules/audit/audit.usecases';
import { listMunicipalities } from '../modules/organisations/organisations.repository';
import { seedDemo } from '../demo/seed';
import { MIGRATIONS, createFreshDatabaseUrl, createTestDb, testEngine } from '../testing/test-db';
import { RestoreError, restoreBackup, writeBackup } from './backup';
import { bytea } from './columns';
import { openDatabase, queryRows, serverVersion, toNumber, type Database } from './client';
import { DataDirLockedError } from './lock';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-db-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe(`the database layer (${testEngine()})`, () => {
	it('applies every migration to an empty database, twice without harm', async () => {
		const database = await createTestDb();
		await database.migrate(MIGRATIONS);
		const tables = await queryRows<{ name: string }>(database.db, sql`select table_name as name from information_schema.tables where table_schema = 'public'`);
		expect(tables.map((t) => t.name)).toEqual(
			expect.arrayContaining(['municipalities', 'organisations', 'users', 'memberships', 'sessions', 'audit_log', 'mail_outbox'])
		);
		expect(await serverVersion(database.db)).toMatch(/PostgreSQL/);
		await database.close();
	});

	it('returns counts as numbers on both engines', async () => {
		const database = await createTestDb({ municipalities: true });
		const [row] = await queryRows<{ n: unknown }>(database.db, sql`select count(*) as n from municipalities`);
		expect(toNumber(row.n)).toBe(2);
		await database.close();
	});

	it('stores binary content as bytea and gives back the same bytes on both engines', async () => {
		const database = await createTestDb();
		const blobs = pgTable('test_blobs', { id: integer('id').primaryKey(), content: bytea('content').notNull() });
		await database.db.execute(sql`create table test_blobs (id integer primary key, content bytea not null)`);
		const content = new Uint8Array(256).map((_, i) => 255 - i);
		await database.db.insert(blobs).values({ id: 1, content });
		const [row] = await database.db.select().from(blobs);
		expect(row.content).toBeInstanceOf(Uint8Array);
		expect(Array.from(row.content)).toEqual(Array.from(content));
		await database.close();
	});

	it('answers queries a transaction sends at once, in order and without a driver warning', async () => {
		const database = await createTestDb({ municipalities: true });
		const warnings: string[] = [];
		const onWarning = (warning: Error) => warnings.push(warning.message);
		process.on('warning', onWarning);
		try {
			const answers = await database.db.transaction((tx) =>
				Promise.all([1, 2, 3, 4, 5].map((n) => queryRows<{ n: unknown }>(tx, sql`select ${n}::int as n, pg_sleep(0.01)`)))
			);
			expect(answers.map(([row]) => toNumber(row.n))).toEqual([1, 2, 3, 4, 5]);
			// Deprecation warnings are emitted on the next tick.
			await new Promise((resolve) => setTimeout(resolve, 10));
			expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
		} finally {
			process.off('warning', onWarning);
			await database.close();
		}
	});
});

describe('the embedded database directory', () => {
	it('creates missing parent folders for the data directory', async () => {
		const dataDir = path.join(tmp, 'nested', 'deeper', 'data');
		const database = await openDatabase({ dataDir });
		expect(fs.existsSync(path.join(dataDir, 'forebygg.lock'))).toBe(true);
		await database.close();
	});

	it('names the process that holds the lock', async () => {
		const dataDir = path.join(tmp, 'locked');
		fs.mkdirSync(dataDir, { recursive: true });
		// Our parent process is alive and is not us: it stands in for a running server.
		fs.writeFileSync(path.join(dataDir, 'forebygg.lock'), String(process.ppid));
		const error = await openDatabase({ dataDir }).catch((e) => e);
		expect(error).toBeInstanceOf(DataDirLockedError);
		expect(error.message).toMatch(new RegExp(`används redan av en annan process \\(pid ${process.ppid}\\)`));
	});

	it('takes over a lock left by a process that died', async () => {
		const dataDir = path.join(tmp, 'stale');
		fs.mkdirSync(dataDir, { recursive: true });
		fs.writeFileSync(path.join(dataDir, 'forebygg.lock'), '999999');
		const database = await openDatabase({ dataDir });
		expect(fs.readFileSync(path.join(dataDir, 'forebygg.lock'), 'utf8')).toBe(String(process.pid));
		await database.close();
		expect(fs.existsSync(path.join(dataDir, 'forebygg.lock'))).toBe(false);
	});
});

describe.runIf(testEngine() === 'postgresql')('backup and restore across engines', () => {
	it('round-trips PGlite → PostgreSQL → PGlite with every row and an intact audit chain', async () => {
		const source = await openDatabase({ dataDir: 'memory://' });
		await source.migrate(MIGRATIONS);
		await seedDemo(source.db);
		// Photos are bytea: their bytes must come back exactly, not as JSON's idea of an object.
		const photoDigest = async (db: Database['db']) =>
			(
				await queryRows<{ digest: string | null; n: unknown }>(
					db,
					sql`select md5(string_agg(encode(bytes, 'hex'), '' order by id)) as digest, count(*) as n from walk_finding_photos`
				)
			)[0];
		const photos = await photoDigest(source.db);
		expect(toNumber(photos.n)).toBeGreaterThan(0);
		const first = path.join(tmp, 'first.jsonl');
		const counts = await writeBackup(source.db, first);
		await source.close();

		const fresh = await createFreshDatabaseUrl(process.env.TEST_DATABASE_URL!);
		const server = await openDatabase({ databaseUrl: fresh.url });
		await server.migrate(MIGRATIONS);
		expect(await restoreBackup(server.db, first)).toEqual(Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)));
		expect(await verifyAuditChain(server.db)).toMatchObject({ ok: true, rows: counts.audit_log });
		await expect(restoreBackup(server.db, first)).rejects.toBeInstanceOf(RestoreError);
		const second = path.join(tmp, 'second.jsonl');
		await writeBackup(server.db, second);
		await server.close();
		await fresh.drop();

		const target = await openDatabase({ dataDir: 'memory://' });
		await target.migrate(MIGRATIONS);
		await restoreBackup(target.db, second);
		expect((await listMunicipalities(target.db)).map((m) => m.slug)).toEqual(['falun', 'sunne']);
		expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true, rows: counts.audit_log });
		expect(await photoDigest(target.db)).toEqual(photos);
		await target.close();
	}, 240_000);

	it('writes nothing from a damaged file', async () => {
		const broken = path.join(tmp, 'broken.jsonl');
		const source = await openDatabase({ dataDir: 'memory://' });
		await source.migrate(MIGRATIONS);
		await seedDemo(source.db);
		await writeBackup(source.db, broken);
		await source.close();
		fs.appendFileSync(broken, '{"t":"users","r":{"id":"not-a-uuid"}}\n');
		const target = await openDatabase({ dataDir: 'memory://' });
		await target.migrate(MIGRATIONS);
		await expect(restoreBackup(target.db, broken)).rejects.toThrow();
		expect(await listMunicipalities(target.db)).toEqual([]);
		await target.close();
	}, 240_000);
});
