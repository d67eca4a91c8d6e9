import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A signed checkpoint of the audit chain: how many rows it had, its last row and that row's hash,
 * signed with HMAC-SHA256 under a key the database never sees. The hash chain alone shows an edit
 * only if the rows after it were left alone; someone who can write the table (a database
 * superuser) can delete the last rows, or change a row and recompute every hash after it, and the
 * chain still verifies. A checkpoint taken before either change no longer matches, and it cannot
 * be re-signed without the key.
 */
export interface Checkpoint {
	at: string;
	/** Rows in the log when the checkpoint was taken (ids 1…lastId, without gaps unless rows were deleted). */
	rows: number;
	lastId: number;
	headHash: string;
	mac: string;
}

const DOMAIN = 'forebygg-audit-checkpoint/v1';

function message(checkpoint: Omit<Checkpoint, 'mac'>): string {
	return [DOMAIN, checkpoint.at, checkpoint.rows, checkpoint.lastId, checkpoint.headHash].join('\n');
}

export function signCheckpoint(key: Buffer, checkpoint: Omit<Checkpoint, 'mac'>): Checkpoint {
	return { ...checkpoint, mac: createHmac('sha256', key).update(message(checkpoint)).digest('hex') };
}

export function checkpointSignatureValid(key: Buffer, checkpoint: Checkpoint): boolean {
	const expected = Buffer.from(signCheckpoint(key, checkpoint).mac, 'hex');
	const given = Buffer.from(typeof checkpoint.mac === 'string' ? checkpoint.mac : '', 'hex');
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A checkpoint read back from a file line or an audit row; anything else is null. */
export function parseCheckpoint(value: unknown): Checkpoint | null {
	if (!value || typeof value !== 'object') return null;
	const c = value as Record<string, unknown>;
	if (typeof c.at !== 'string' || typeof c.headHash !== 'string' || typeof c.mac !== 'string') return null;
	const rows = Number(c.rows);
	const lastId = Number(c.lastId);
	if (!Number.isInteger(rows) || !Number.isInteger(lastId)) return null;
	return { at: c.at, rows, lastId, headHash: c.headHash, mac: c.mac };
}

export type CheckpointProblem =
	| { kind: 'forged'; checkpoint: Checkpoint }
	| { kind: 'truncated'; checkpoint: Checkpoint; lastIdNow: number | null }
	| { kind: 'rechained'; checkpoint: Checkpoint; hashNow: string }
	| { kind: 'rows_deleted'; checkpoint: Checkpoint; rowsNow: number };

/** What the log looks like now at one checkpoint's last row. */
export interface LogAt {
	/** The hash of the row with id `lastId`, or null when that row is gone. */
	hashAtLastId: string | null;
	/** Rows with id ≤ lastId. */
	rowsUpToLastId: number;
	/** The highest id in the log now. */
	lastIdNow: number | null;
}

/** Compares one checkpoint with the log as it is now; null when they agree. */
export function checkCheckpoint(key: Buffer, checkpoint: Checkpoint, now: LogAt): CheckpointProblem | null {
	if (!checkpointSignatureValid(key, checkpoint)) return { kind: 'forged', checkpoint };
	if (now.hashAtLastId === null) {
		// The row is gone: at the end of the log (nothing after it) it was cut off; in the middle, deleted.
		if (now.lastIdNow === null || now.lastIdNow < checkpoint.lastId) return { kind: 'truncated', checkpoint, lastIdNow: now.lastIdNow };
		return { kind: 'rows_deleted', checkpoint, rowsNow: now.rowsUpToLastId };
	}
	if (now.hashAtLastId !== checkpoint.headHash) return { kind: 'rechained', checkpoint, hashNow: now.hashAtLastId };
	if (now.rowsUpToLastId !== checkpoint.rows) return { kind: 'rows_deleted', checkpoint, rowsNow: now.rowsUpToLastId };
	return null;
}

/** One line per problem, in Swedish, for the CLI and the log. */
export function describeProblem(problem: CheckpointProblem): string {
	const c = problem.checkpoint;
	const when = `kontrollpunkten ${c.at} (${c.rows} rader, sista rad ${c.lastId})`;
	switch (problem.kind) {
		case 'forged':
			return `${when} har en ogiltig signatur: den är förfalskad eller signerad med en annan nyckel.`;
		case 'truncated':
			return `Loggen är avkortad: ${when} såg rad ${c.lastId}, men loggen slutar nu vid ${problem.lastIdNow ?? 'ingen rad'}.`;
		case 'rechained':
			return `Loggen är omskriven och kedjan omräknad: rad ${c.lastId} har inte längre den hash som ${when} signerade.`;
		case 'rows_deleted':
			return `Rader är borttagna: ${when} räknade ${c.rows} rader till och med rad ${c.lastId}, nu finns ${problem.rowsNow}.`;
	}
}
