/**
 * The audit log's anchor outside the database (issue 11, item 6; threat model in docs/security.md).
 * Checkpoints are kept twice: as a row in the log itself (so they are in every backup and visible
 * in the log) and appended to a file in DATA_DIR, which a database superuser cannot reach. The key
 * is AUDIT_KEY, or DATA_DIR/audit.key, created (mode 0600) on first start.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/client';
import { systemActor, type SystemReason } from '../../platform/authz';
import type { Config } from '../../platform/config';
import { logger } from '../../platform/logger';
import { checkCheckpoint, parseCheckpoint, signCheckpoint, type Checkpoint, type CheckpointProblem } from './audit.checkpoint.models';
import { auditLogAt, findCheckpointRows, lockedChainHead } from './audit.repository';
import { recordAudit, verifyAuditChain } from './audit.usecases';
import type { ChainVerdict } from './audit.models';

export const CHECKPOINT_ACTION = 'audit.log.checkpointed';
export const KEY_FILE = 'audit.key';
export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

export type AnchorConfig = Pick<Config, 'dataDir' | 'auditKey'>;

/**
 * The signing key: AUDIT_KEY when set (at least 32 characters), else the key file, which is made
 * on first use with 32 random bytes, readable by the server's user only.
 */
export function loadAuditKey(config: AnchorConfig): Buffer {
	if (config.auditKey) {
		if (config.auditKey.length < 32) throw new Error('AUDIT_KEY behöver vara minst 32 tecken (t.ex. openssl rand -hex 32).');
		return Buffer.from(config.auditKey, 'utf8');
	}
	const file = path.join(config.dataDir, KEY_FILE);
	fs.mkdirSync(config.dataDir, { recursive: true });
	try {
		fs.writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
		logger.info('audit key created', { file });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	const mode = fs.statSync(file).mode & 0o077;
	if (mode !== 0) logger.warn('the audit key file can be read by others than its owner; chmod 600 it', { file });
	const hex = fs.readFileSync(file, 'utf8').trim();
	if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${file} är ingen giltig nyckel (64 hexadecimala tecken).`);
	return Buffer.from(hex, 'hex');
}

export function checkpointFile(config: AnchorConfig): string {
	return path.join(config.dataDir, CHECKPOINT_FILE);
}

/** Signs the chain's head now; written to the log and the file. Null on an empty log or when nothing changed. */
export async function writeCheckpoint(options: {
	db: Db;
	config: AnchorConfig;
	reason?: SystemReason;
	/** Sign even when the last row is already a checkpoint (the CLI, on demand). */
	force?: boolean;
}): Promise<Checkpoint | null> {
	const key = loadAuditKey(options.config);
	const checkpoint = await options.db.transaction(async (tx) => {
		const head = await lockedChainHead(tx);
		// Nothing written since the last checkpoint: an idle installation's log does not grow by one row an hour.
		if (!head || (head.lastAction === CHECKPOINT_ACTION && !options.force)) return null;
		const signed = signCheckpoint(key, { at: new Date().toISOString(), rows: head.rows, lastId: head.lastId, headHash: head.headHash });
		await recordAudit(
			tx,
			{ actor: systemActor(options.reason ?? 'scheduled-job'), ip: null },
			{ action: CHECKPOINT_ACTION, entityType: 'audit_log', entityId: String(head.lastId), changes: { checkpoint: { before: null, after: signed } } }
		);
		return signed;
	});
	if (!checkpoint) return null;
	// Appended and flushed after the commit: a checkpoint in the file always describes committed rows.
	const fd = fs.openSync(checkpointFile(options.config), 'a', 0o600);
	try {
		fs.writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
	return checkpoint;
}

export function readCheckpointFile(config: AnchorConfig): Checkpoint[] {
	let text: string;
	try {
		text = fs.readFileSync(checkpointFile(config), 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	const checkpoints: Checkpoint[] = [];
	for (const line of text.split('\n')) {
		if (!line.trim()) continue;
		try {
			const parsed = parseCheckpoint(JSON.parse(line));
			if (parsed) checkpoints.push(parsed);
		} catch {
			// a line cut short by a crash mid-write: the lines before it still count
		}
	}
	return checkpoints;
}

export interface AuditVerdict {
	ok: boolean;
	chain: ChainVerdict;
	/** Distinct checkpoints compared (file and log together). */
	checkpoints: number;
	latest: Checkpoint | null;
	problems: CheckpointProblem[];
	/** Checkpoints in the file that the log no longer holds (deleted with the rows they described). */
	missingFromLog: number;
}

/** The chain, then every checkpoint from the file and the log against the log as it is now. */
export async function verifyAuditLog(options: { db: Db; config: AnchorConfig }): Promise<AuditVerdict> {
	const { db, config } = options;
	const chain = await verifyAuditChain(db);
	const key = loadAuditKey(config);
	const fromFile = readCheckpointFile(config);
	const fromLog = (await findCheckpointRows(db, CHECKPOINT_ACTION))
		.map((row) => parseCheckpoint((row.changes as { checkpoint?: { after?: unknown } } | null)?.checkpoint?.after))
		.filter((c): c is Checkpoint => c !== null);
	const inLog = new Set(fromLog.map((c) => c.mac));
	const all = new Map<string, Checkpoint>();
	for (const checkpoint of [...fromFile, ...fromLog]) all.set(checkpoint.mac, checkpoint);
	const problems: CheckpointProblem[] = [];
	const logAt = new Map<number, Awaited<ReturnType<typeof auditLogAt>>>();
	for (const checkpoint of all.values()) {
		if (!logAt.has(checkpoint.lastId)) logAt.set(checkpoint.lastId, await auditLogAt(db, checkpoint.lastId));
		const problem = checkCheckpoint(key, checkpoint, logAt.get(checkpoint.lastId)!);
		if (problem) problems.push(problem);
	}
	const valid = [...all.values()].filter((c) => !problems.some((p) => p.kind === 'forged' && p.checkpoint === c));
	const latest = valid.sort((a, b) => b.lastId - a.lastId)[0] ?? null;
	return {
		ok: chain.ok && problems.length === 0,
		chain,
		checkpoints: all.size,
		latest,
		problems,
		missingFromLog: fromFile.filter((c) => !inLog.has(c.mac)).length
	};
}
