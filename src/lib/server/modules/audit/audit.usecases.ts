import type { Db, DbOrTx } from '../../db/client';
import { decide, type Actor } from '../../platform/authz';
import { ForbiddenError } from '../../platform/errors';
import { GENESIS_HASH, verifyChainSegment, type ChainVerdict, type FieldChanges } from './audit.models';
import { appendAuditRow, distinctAuditActions, findAuditRows, readChainBatch, type AuditFilter } from './audit.repository';

export interface AuditContext {
	actor: Actor | null;
	ip: string | null;
	/** For events without a signed-in actor (failed sign-in): who it was about. */
	userEmail?: string | null;
}

export interface AuditEvent {
	action: string;
	entityType: string;
	entityId?: string | null;
	municipalityId?: string | null;
	organisationId?: string | null;
	changes?: FieldChanges | null;
}

/** Call inside the same transaction as the change it records. */
export async function recordAudit(tx: DbOrTx, context: AuditContext, event: AuditEvent): Promise<void> {
	const actor = context.actor;
	await appendAuditRow(tx, {
		at: new Date().toISOString(),
		userId: actor?.userId ?? null,
		userEmail: actor?.email ?? context.userEmail ?? null,
		organisationId: event.organisationId ?? actor?.memberships.find((m) => m.municipalityId === event.municipalityId)?.organisationId ?? null,
		municipalityId: event.municipalityId ?? null,
		action: event.action,
		entityType: event.entityType,
		entityId: event.entityId ?? null,
		changes: event.changes ?? null,
		ip: context.ip
	});
}

export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<ChainVerdict> {
	let lastId = 0;
	let previous = GENESIS_HASH;
	let count = 0;
	for (;;) {
		const rows = await readChainBatch(db, lastId, batchSize);
		if (rows.length === 0) return { ok: true, rows: count };
		const { verdict, last } = verifyChainSegment(rows, previous);
		if (verdict && !verdict.ok) return { ...verdict, rows: count + verdict.rows };
		count += rows.length;
		previous = last;
		lastId = rows[rows.length - 1].id;
	}
}

export async function browseAuditLog(options: { actor: Actor; db: Db; filter: AuditFilter }) {
	const { actor, db, filter } = options;
	const decision = decide(actor, filter.municipalityId ? 'audit.read' : 'installation.manage', {
		municipalityId: filter.municipalityId
	});
	if (!decision.allowed) throw new ForbiddenError(decision.reason);
	const [rows, actions] = await Promise.all([findAuditRows(db, filter), distinctAuditActions(db, filter.municipalityId)]);
	return { rows, actions };
}
