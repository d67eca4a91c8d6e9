import { canonicalJson, sha256Hex } from '../../platform/crypto';

export const GENESIS_HASH = '0'.repeat(64);

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditFields {
	at: string;
	userId: string | null;
	userEmail: string | null;
	organisationId: string | null;
	municipalityId: string | null;
	action: string;
	entityType: string;
	entityId: string | null;
	changes: FieldChanges | null;
	ip: string | null;
}

/** The hash covers every field and the previous row's hash, so editing or dropping a row breaks the chain. */
export function chainHash(prevHash: string, fields: AuditFields): string {
	// Exactly these fields, whatever else the row object carries (id, hashes).
	const normalised: AuditFields = {
		at: new Date(fields.at).toISOString(),
		userId: fields.userId,
		userEmail: fields.userEmail,
		organisationId: fields.organisationId,
		municipalityId: fields.municipalityId,
		action: fields.action,
		entityType: fields.entityType,
		entityId: fields.entityId,
		changes: fields.changes,
		ip: fields.ip
	};
	return sha256Hex(prevHash + canonicalJson(normalised));
}

/** Before → after for the fields that differ; secrets are never written to the log. */
export function diffFields(
	before: Record<string, unknown> | null,
	after: Record<string, unknown> | null,
	secretFields: readonly string[] = ['passwordHash', 'totpSecret']
): FieldChanges {
	const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
	const changes: FieldChanges = {};
	for (const key of keys) {
		const a = before?.[key] ?? null;
		const b = after?.[key] ?? null;
		if (canonicalJson(a) === canonicalJson(b)) continue;
		changes[key] = secretFields.includes(key) ? { before: a === null ? null : '•••', after: b === null ? null : '•••' } : { before: a, after: b };
	}
	return changes;
}

export interface ChainRow extends AuditFields {
	id: number;
	prevHash: string;
	hash: string;
}

export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; firstBrokenId: number; reason: string };

/** Walks rows in id order; `previous` is the hash of the row before the first one given. */
export function verifyChainSegment(rows: ChainRow[], previous: string): { verdict: ChainVerdict | null; last: string } {
	let last = previous;
	for (const [index, row] of rows.entries()) {
		if (row.prevHash !== last) {
			return { verdict: { ok: false, rows: index, firstBrokenId: row.id, reason: 'prev_hash_mismatch' }, last };
		}
		if (chainHash(row.prevHash, row) !== row.hash) {
			return { verdict: { ok: false, rows: index, firstBrokenId: row.id, reason: 'hash_mismatch' }, last };
		}
		last = row.hash;
	}
	return { verdict: null, last };
}
