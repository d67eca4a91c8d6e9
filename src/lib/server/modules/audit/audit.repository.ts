import { and, asc, desc, eq, gt, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { memberships } from '../users/users.table';
import type { DbOrTx } from '../../db/client';
import { auditLog } from './audit.table';
import { GENESIS_HASH, chainHash, type AuditFields, type ChainRow } from './audit.models';
import { notePublicWrite, publicScopeOfAudit } from '../../platform/shared/page-cache';
import { bumpPublicVersion } from '../../platform/shared/shared.repository';

// One advisory lock serialises appends so the chain stays linear under concurrent writers.
const AUDIT_CHAIN_LOCK = 4_711_001;

export async function appendAuditRow(tx: DbOrTx, fields: AuditFields): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
	const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
	const prevHash = last?.hash ?? GENESIS_HASH;
	await tx.insert(auditLog).values({ ...fields, prevHash, hash: chainHash(prevHash, fields) });
	// Every write is audited in its own transaction, so this is the one place that sees them all:
	// a municipality's public pages change version exactly when the write commits, on every app
	// server (platform/shared/page-cache.ts). The chain lock above already serialises writers, so
	// the version row adds no waiting of its own.
	const scope = publicScopeOfAudit(fields);
	if (scope) {
		await bumpPublicVersion(tx, scope);
		notePublicWrite();
	}
}

export async function readChainBatch(db: DbOrTx, afterId: number, limit: number): Promise<ChainRow[]> {
	const rows = await db.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(limit);
	return rows.map((row) => ({ ...row, changes: row.changes ?? null }));
}

export interface AuditFilter {
	municipalityId?: string | null;
	action?: string;
	entityType?: string;
	search?: string;
	from?: string;
	to?: string;
	limit: number;
	offset: number;
}

export async function findAuditRows(db: DbOrTx, filter: AuditFilter) {
	const conditions: SQL[] = [];
	if (filter.municipalityId) conditions.push(inMunicipality(filter.municipalityId)!);
	if (filter.action) conditions.push(eq(auditLog.action, filter.action));
	if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
	if (filter.from) conditions.push(gte(auditLog.at, filter.from));
	if (filter.to) conditions.push(lte(auditLog.at, `${filter.to}T23:59:59.999Z`));
	if (filter.search) {
		const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		const matches = or(ilike(auditLog.userEmail, pattern), ilike(auditLog.entityId, pattern));
		if (matches) conditions.push(matches);
	}
	return db
		.select()
		.from(auditLog)
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(desc(auditLog.id))
		.limit(filter.limit)
		.offset(filter.offset);
}

/**
 * A municipality's log: its own rows, plus the account events (sign-in, sign-out …) of its
 * members, which belong to no municipality.
 */
function inMunicipality(municipalityId: string) {
	const members = sql`(select ${memberships.userId} from ${memberships} where ${memberships.municipalityId} = ${municipalityId})`;
	return or(eq(auditLog.municipalityId, municipalityId), and(isNull(auditLog.municipalityId), inArray(auditLog.userId, members)));
}

export async function distinctAuditActions(db: DbOrTx, municipalityId?: string | null): Promise<string[]> {
	const rows = await db
		.selectDistinct({ action: auditLog.action })
		.from(auditLog)
		.where(municipalityId ? inMunicipality(municipalityId) : undefined)
		.orderBy(asc(auditLog.action));
	return rows.map((row) => row.action);
}

/** The chain's head under the append lock, so no row can slip in between the count and the hash. */
export async function lockedChainHead(tx: DbOrTx): Promise<{ rows: number; lastId: number; headHash: string; lastAction: string } | null> {
	await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
	const [last] = await tx.select({ id: auditLog.id, hash: auditLog.hash, action: auditLog.action }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
	if (!last) return null;
	const [{ rows }] = await tx.select({ rows: sql<number>`count(*)::int` }).from(auditLog);
	return { rows: Number(rows), lastId: Number(last.id), headHash: last.hash, lastAction: last.action };
}

/** What a checkpoint is compared with: the row it ended at, the rows up to it, and where the log ends now. */
export async function auditLogAt(db: DbOrTx, lastId: number) {
	const [row] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, lastId));
	const [{ rows }] = await db
		.select({ rows: sql<number>`count(*)::int` })
		.from(auditLog)
		.where(lte(auditLog.id, lastId));
	const [{ maxId }] = await db.select({ maxId: sql<number | null>`max(${auditLog.id})` }).from(auditLog);
	return { hashAtLastId: row?.hash ?? null, rowsUpToLastId: Number(rows), lastIdNow: maxId === null ? null : Number(maxId) };
}

export async function findCheckpointRows(db: DbOrTx, action: string) {
	return db.select({ id: auditLog.id, changes: auditLog.changes }).from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id));
}
