import type { Db, DbOrTx } from '../../db/client';
import { principalLabel, type Actor, type Principal } from '../../platform/authz';
import { requireAccess } from '../../platform/access';
import { AUDIT_EVENTS, type AuditEventType } from '../audit-events.generated';
import { valuesInSensitiveChanges, type AuditEventDeclaration } from '../../platform/audit-events';
import { GENESIS_HASH, verifyChainSegment, type ChainVerdict, type FieldChanges } from './audit.models';
import { appendAuditRow, distinctAuditActions, findAuditRows, readChainBatch, type AuditFilter } from './audit.repository';

export interface AuditContext {
	/** A person, or the installation acting for a reason (recorded as `system:<reason>`). */
	actor: Principal;
	ip: string | null;
	/** For events before anyone is signed in (failed sign-in): who it was about. */
	userEmail?: string | null;
}

export interface AuditEvent {
	/** A type some module declared in its `<m>.events.ts` (see platform/audit-events.ts). */
	action: AuditEventType;
	entityType: string;
	entityId?: string | null;
	municipalityId?: string | null;
	organisationId?: string | null;
	changes?: FieldChanges | null;
}

/**
 * Call inside the same transaction as the change it records. Only declared event types are accepted
 * (the type says so; the check below catches a cast or a string built at run time). What a row may
 * hold is decided in platform/audit-events.ts and docs/ARCHITECTURE.md ("The audit log"): for an event
 * declared `sensitive`, its changes carry field names and references (ids, booleans), never the values,
 * and a value is refused here before anything is written.
 */
export async function recordAudit(tx: DbOrTx, context: AuditContext, event: AuditEvent): Promise<void> {
	const declaration = (AUDIT_EVENTS as Record<string, AuditEventDeclaration>)[event.action];
	if (!declaration) throw new Error(`Undeclared audit event ${event.action}: declare it in its module's <m>.events.ts`);
	if (declaration.sensitive) {
		const withValues = valuesInSensitiveChanges(event.changes);
		if (withValues.length) throw new Error(`Audit event ${event.action} is sensitive: fields ${withValues.join(', ')} may carry no values`);
	}
	const actor = context.actor;
	const person = actor.kind === 'person' ? actor : null;
	await appendAuditRow(tx, {
		at: new Date().toISOString(),
		userId: person?.userId ?? null,
		userEmail: person ? person.email : (context.userEmail ?? principalLabel(actor)),
		organisationId: event.organisationId ?? person?.memberships.find((m) => m.municipalityId === event.municipalityId)?.organisationId ?? null,
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
	requireAccess(actor, 'audit.read', { municipalityId: filter.municipalityId });
	const [rows, actions] = await Promise.all([findAuditRows(db, filter), distinctAuditActions(db, filter.municipalityId)]);
	return { rows, actions };
}
