import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { queryRows, toNumber, type Db, type DbOrTx } from '../../db/client';
import { randomBytes } from 'node:crypto';
import { jobClaims, publicVersions, rateLimitCounters, sharedSecrets } from './shared.table';

/** Call inside the writing transaction: the new version becomes visible exactly when the write does. */
export async function bumpPublicVersion(tx: DbOrTx, scope: string): Promise<void> {
	await tx
		.insert(publicVersions)
		.values({ scope, version: 1, changedAt: sql`now()` })
		.onConflictDoUpdate({ target: publicVersions.scope, set: { version: sql`${publicVersions.version} + 1`, changedAt: sql`now()` } });
}

/** Every scope's version, with the municipality's slug when the scope is one (the cache is keyed by path). */
export async function readPublicVersions(db: DbOrTx): Promise<{ scope: string; slug: string | null; version: number; changedAt: Date }[]> {
	const rows = await queryRows<{ scope: string; slug: string | null; version: unknown; changed_at: string | Date }>(
		db,
		sql`select v.scope, m.slug, v.version, v.changed_at from public_versions v left join municipalities m on m.id::text = v.scope`
	);
	return rows.map((row) => ({ scope: row.scope, slug: row.slug, version: toNumber(row.version), changedAt: new Date(row.changed_at) }));
}

/**
 * One hit in a fixed window, counted in the database so every app server adds to the same number.
 * A single upsert: two processes hitting the same key at once both count.
 */
export async function countRateLimitHit(db: DbOrTx, key: string, windowMs: number, now: Date): Promise<{ count: number; windowStart: Date }> {
	const windowStartsAfter = new Date(now.getTime() - windowMs);
	const rows = await db
		.insert(rateLimitCounters)
		.values({ key, windowStart: now, count: 1 })
		.onConflictDoUpdate({
			target: rateLimitCounters.key,
			set: {
				count: sql`case when ${rateLimitCounters.windowStart} <= ${windowStartsAfter.toISOString()}::timestamptz then 1 else ${rateLimitCounters.count} + 1 end`,
				windowStart: sql`case when ${rateLimitCounters.windowStart} <= ${windowStartsAfter.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${rateLimitCounters.windowStart} end`
			}
		})
		.returning({ count: rateLimitCounters.count, windowStart: rateLimitCounters.windowStart });
	return rows[0] ?? { count: 1, windowStart: now };
}

/** The key's count in its current window, or null when it has none. */
export async function peekRateLimit(db: DbOrTx, key: string, windowMs: number, now: Date): Promise<{ count: number; windowStart: Date } | null> {
	const [row] = await db
		.select({ count: rateLimitCounters.count, windowStart: rateLimitCounters.windowStart })
		.from(rateLimitCounters)
		.where(and(eq(rateLimitCounters.key, key), gt(rateLimitCounters.windowStart, new Date(now.getTime() - windowMs))));
	return row ?? null;
}

/**
 * Runs heavy read-only work with a time limit on PostgreSQL (statement_timeout for this
 * transaction only). PGlite runs in the server's own process and has no such timer: there the
 * row caps and rate limits are what bound the work.
 */
export async function withStatementTimeout<T>(db: Db, ms: number, engine: 'pglite' | 'postgresql', work: (tx: Db) => Promise<T>): Promise<T> {
	if (engine !== 'postgresql') return work(db);
	return db.transaction(async (tx) => {
		await tx.execute(sql.raw(`set local statement_timeout = ${Math.max(1, Math.floor(ms))}`));
		return work(tx as unknown as Db);
	});
}

/** Forgets one key (a successful sign-in clears the account's failures, say). */
export async function clearRateLimitKey(db: DbOrTx, key: string): Promise<void> {
	await db.delete(rateLimitCounters).where(eq(rateLimitCounters.key, key));
}

export async function pruneRateLimitCounters(db: DbOrTx, olderThan: Date): Promise<void> {
	await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStart, olderThan));
}

/** True for the one process whose insert made the claim; every other process gets false. */
export async function claimJobSlot(db: DbOrTx, job: string, slot: string, claimedBy: string): Promise<boolean> {
	const rows = await db.insert(jobClaims).values({ job, slot, claimedBy }).onConflictDoNothing().returning({ job: jobClaims.job });
	return rows.length === 1;
}

export async function finishJobSlot(db: DbOrTx, job: string, slot: string): Promise<void> {
	await db
		.update(jobClaims)
		.set({ finishedAt: sql`now()` })
		.where(and(eq(jobClaims.job, job), eq(jobClaims.slot, slot)));
}

export async function jobClaimsOf(db: DbOrTx, job: string) {
	return db.select().from(jobClaims).where(eq(jobClaims.job, job));
}

export async function pruneJobClaims(db: DbOrTx, olderThan: Date): Promise<void> {
	await db.delete(jobClaims).where(lt(jobClaims.claimedAt, olderThan));
}

/**
 * The named secret every app server shares: the first process to ask makes it, the others read the
 * one that won (an insert that does nothing on conflict, then a read), so two servers starting at
 * once still agree.
 */
export async function sharedSecret(db: DbOrTx, name: string): Promise<Buffer> {
	await db
		.insert(sharedSecrets)
		.values({ name, secret: randomBytes(32).toString('base64url') })
		.onConflictDoNothing();
	const [row] = await db.select({ secret: sharedSecrets.secret }).from(sharedSecrets).where(eq(sharedSecrets.name, name));
	if (!row) throw new Error(`shared secret ${name} could not be read`);
	return Buffer.from(row.secret, 'base64url');
}
