import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { diffFields } from './audit.models';
import { recordAudit, verifyAuditChain } from './audit.usecases';
import { systemActor } from '../../platform/authz';

describe(`the audit log (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
	});
	afterAll(() => database.close());

	it('chains every row to the previous one and verifies', async () => {
		const { db } = database;
		await db.transaction((tx) =>
			recordAudit(
				tx,
				{ actor: systemActor('test-setup'), ip: '127.0.0.1' },
				{ action: 'plans.plan.updated', entityType: 'thing', entityId: 'a', changes: diffFields({ b: 1, a: 'x' }, { b: 2, a: 'x' }) }
			)
		);
		const verdict = await verifyAuditChain(db, 3);
		expect(verdict.ok).toBe(true);
		expect(verdict.rows).toBeGreaterThan(6);
	});

	it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
		const { db } = database;
		await expect(db.execute(sql`update audit_log set action = 'forged'`)).rejects.toThrow();
		await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
		await expect(db.execute(sql`truncate audit_log`)).rejects.toThrow();
	});

	it('names the first broken row when someone with superuser rights edits the log', async () => {
		const { db } = database;
		const [{ id }] = await queryRows<{ id: number }>(db, sql`select (min(id) + 2)::int as id from audit_log`);
		await db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
		await db.execute(sql`update audit_log set user_email = 'forged@example.se' where id = ${id}`);
		await db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
		const verdict = await verifyAuditChain(db);
		expect(verdict).toMatchObject({ ok: false, firstBrokenId: Number(id), reason: 'hash_mismatch', rows: Number(id) - 1 });
	});

	it('rolls the audit row back with the change it records', async () => {
		const { db } = database;
		const before = await queryRows(db, sql`select count(*)::int as n from audit_log`);
		await expect(
			db.transaction(async (tx) => {
				await recordAudit(tx, { actor: systemActor('test-setup'), ip: null }, { action: 'plans.plan.updated', entityType: 'thing' });
				throw new Error('the change failed');
			})
		).rejects.toThrow('the change failed');
		const after = await queryRows(db, sql`select count(*)::int as n from audit_log`);
		expect(after).toEqual(before);
	});
});

describe('diffFields', () => {
	it('keeps only changed fields and never writes secrets', () => {
		expect(diffFields({ name: 'A', passwordHash: 'x', same: [1] }, { name: 'B', passwordHash: 'y', same: [1] })).toEqual({
			name: { before: 'A', after: 'B' },
			passwordHash: { before: '•••', after: '•••' }
		});
	});
});
