// Issue 11, item 6: the chain alone misses a cut-off end and a re-computed chain; the signed checkpoints do not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { chainHash } from './audit.models';
import { readChainBatch } from './audit.repository';
import { signCheckpoint } from './audit.checkpoint.models';
import { CHECKPOINT_ACTION, checkpointFile, KEY_FILE, loadAuditKey, readCheckpointFile, verifyAuditLog, writeCheckpoint } from './audit.checkpoint';
import { recordAudit, verifyAuditChain } from './audit.usecases';

const opened: TestDb[] = [];
const dirs: string[] = [];

async function setup() {
	// No demo foundation: a few rows of our own make a log, and each attack gets a database of its own quickly.
	const database = await createTestDb();
	opened.push(database);
	await addRows(database.db, 5);
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-audit-'));
	dirs.push(dataDir);
	return { database, db: database.db, config: { dataDir, auditKey: null } };
}

async function addRows(db: TestDb['db'], n: number) {
	for (let i = 0; i < n; i++) {
		await db.transaction((tx) =>
			recordAudit(tx, { actor: systemActor('test-setup'), ip: null }, { action: 'plans.plan.updated', entityType: 'thing', entityId: String(i) })
		);
	}
}

/** What a database superuser can do: switch the append-only trigger off, change the table, switch it on again. */
async function asSuperuser(db: TestDb['db'], work: () => Promise<void>) {
	await db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
	try {
		await work();
	} finally {
		await db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
	}
}

afterEach(async () => {
	for (const database of opened.splice(0)) await database.close();
	for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe(`signed audit checkpoints (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	it('makes its key file on first use, readable by its owner only, and keeps it', () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-audit-key-'));
		dirs.push(dataDir);
		const first = loadAuditKey({ dataDir, auditKey: null });
		expect(fs.statSync(path.join(dataDir, KEY_FILE)).mode & 0o777).toBe(0o600);
		expect(loadAuditKey({ dataDir, auditKey: null }).equals(first)).toBe(true);
		expect(() => loadAuditKey({ dataDir, auditKey: 'för-kort' })).toThrow(/minst 32 tecken/);
	});

	it('writes a checkpoint to the log and to the file, and an untouched log verifies against it', async () => {
		const { db, config } = await setup();
		const checkpoint = (await writeCheckpoint({ db, config, reason: 'cli' }))!;
		expect(readCheckpointFile(config)).toEqual([checkpoint]);
		await addRows(db, 3);
		const verdict = await verifyAuditLog({ db, config });
		expect(verdict).toMatchObject({ ok: true, checkpoints: 1, problems: [], missingFromLog: 0 });
		expect(verdict.latest?.lastId).toBe(checkpoint.lastId);
		// The hourly job writes nothing while nothing was written; on demand it signs anyway.
		await writeCheckpoint({ db, config });
		expect(await writeCheckpoint({ db, config })).toBeNull();
		expect(await writeCheckpoint({ db, config, force: true })).not.toBeNull();
	});

	it('reports rows cut off the end of the log, which the chain alone cannot see', async () => {
		const { db, config } = await setup();
		await addRows(db, 2);
		const checkpoint = (await writeCheckpoint({ db, config }))!;
		await addRows(db, 2);
		// Delete the checkpoint's last row and everything after it, the checkpoint row included.
		await asSuperuser(db, async () => {
			await db.execute(sql`delete from audit_log where id >= ${checkpoint.lastId}`);
		});
		expect((await verifyAuditChain(db)).ok).toBe(true);
		const verdict = await verifyAuditLog({ db, config });
		expect(verdict.ok).toBe(false);
		expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'truncated', lastIdNow: checkpoint.lastId - 1 })]);
		expect(verdict.missingFromLog).toBe(1);
	});

	it('reports a changed row whose chain was recomputed after it, which the chain alone cannot see', async () => {
		const { db, config } = await setup();
		await addRows(db, 3);
		const checkpoint = (await writeCheckpoint({ db, config }))!;
		await asSuperuser(db, async () => {
			const rows = await readChainBatch(db, 0, 100_000);
			const target = rows[Math.floor(rows.length / 2)];
			await db.execute(sql`update audit_log set user_email = 'forged@example.se' where id = ${target.id}`);
			// Recompute every hash from the changed row on, as someone hiding the change would.
			let previous = rows[rows.indexOf(target) - 1]?.hash ?? '0'.repeat(64);
			for (const row of await readChainBatch(db, target.id - 1, 100_000)) {
				const hash = chainHash(previous, row);
				await db.execute(sql`update audit_log set prev_hash = ${previous}, hash = ${hash} where id = ${row.id}`);
				previous = hash;
			}
		});
		expect((await verifyAuditChain(db)).ok).toBe(true);
		const verdict = await verifyAuditLog({ db, config });
		expect(verdict.ok).toBe(false);
		expect(verdict.problems.map((p) => p.kind)).toContain('rechained');
		expect(verdict.problems.find((p) => p.kind === 'rechained')?.checkpoint.lastId).toBe(checkpoint.lastId);
	});

	it('reports a checkpoint signed without the key', async () => {
		const { db, config } = await setup();
		await writeCheckpoint({ db, config });
		const forged = signCheckpoint(Buffer.alloc(32, 7), { at: new Date().toISOString(), rows: 1, lastId: 1, headHash: 'x'.repeat(64) });
		await db.transaction((tx) =>
			recordAudit(
				tx,
				{ actor: systemActor('test-setup'), ip: null },
				{ action: CHECKPOINT_ACTION, entityType: 'audit_log', changes: { checkpoint: { before: null, after: forged } } }
			)
		);
		const verdict = await verifyAuditLog({ db, config });
		expect(verdict.problems.map((p) => p.kind)).toEqual(['forged']);
		expect(fs.readFileSync(checkpointFile(config), 'utf8').trim().split('\n')).toHaveLength(1);
	});
});
