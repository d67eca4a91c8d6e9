import { and, asc, desc, eq, gt, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { memberships } from '../users/users.table';
import type { DbOrTx } from '../../db/client';
import { auditLog } from './audit.table';
import { GENESIS_HASH, chainHash, type AuditFields, type ChainRow } from './audit.models';

// One advisory lock serialises appends so the chain stays linear under concurrent writers.
const AUDIT_CHAIN_LOCK = 4_711_001;

export async function appendAuditRow(tx: DbOrTx, fields: AuditFields): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
	const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
	const prevHash = last?.hash ?? GENESIS_HASH;
	await tx.insert(auditLog).values({ ...fields, prevHash, hash: chainHash(prevHash, fields) });
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
