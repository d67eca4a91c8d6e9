import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { is, sql } from 'drizzle-orm';
import { PgTable as PgTableClass } from 'drizzle-orm/pg-core';
import { queryRows, type Db } from './client';
import * as schema from './schema';

export const BACKUP_FORMAT = 'forebygg-backup';
export const BACKUP_VERSION = 1;

/** Every table, parents before children (by their foreign keys), so a restore never breaks a reference. */
export function backupTables(): PgTable[] {
	const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTableClass));
	const ordered: PgTable[] = [];
	const visit = (table: PgTable, path: Set<PgTable>) => {
		if (ordered.includes(table) || path.has(table)) return;
		path.add(table);
		for (const fk of getTableConfig(table).foreignKeys) {
			const parent = fk.reference().foreignTable;
			if (parent !== table) visit(parent, path);
		}
		ordered.push(table);
	};
	for (const table of tables) visit(table, new Set());
	return ordered;
}

function jsonValue(value: unknown): unknown {
	if (value instanceof Date) return { $date: value.toISOString() };
	// bytea (photos, scanned forms): JSON has no bytes, so they travel as base64.
	if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
	return value;
}

function fromJson(value: unknown): unknown {
	if (value && typeof value === 'object' && !Array.isArray(value) && '$date' in value) return new Date(String((value as { $date: string }).$date));
	if (value && typeof value === 'object' && !Array.isArray(value) && '$bytes' in value)
		return new Uint8Array(Buffer.from(String((value as { $bytes: string }).$bytes), 'base64'));
	return value;
}

/**
 * A portable dump: one JSON line per row, the same on both engines, readable by `restore`
 * into either; gzip-compressed when the file name ends in .gz. All tables are read in one
 * read-only, repeatable-read transaction, so the copy is one moment of the database even while
 * the server keeps writing (on PGlite, writes wait until the copy is done).
 */
export async function writeBackup(db: Db, file: string, options: { gzip?: boolean } = {}): Promise<Record<string, number>> {
	const file_ = fs.createWriteStream(file);
	const gzip = (options.gzip ?? file.endsWith('.gz')) ? zlib.createGzip() : null;
	const out: Writable = gzip ?? file_;
	const piped = gzip ? pipeline(gzip, file_) : null;
	const write = (line: unknown) => new Promise<void>((resolve) => (out.write(`${JSON.stringify(line)}\n`) ? resolve() : out.once('drain', resolve)));
	const counts: Record<string, number> = {};
	try {
		await db.transaction(
			async (tx) => {
				await write({
					format: BACKUP_FORMAT,
					version: BACKUP_VERSION,
					createdAt: new Date().toISOString(),
					tables: backupTables().map((t) => getTableConfig(t).name)
				});
				for (const table of backupTables()) {
					const name = getTableConfig(table).name;
					const rows = (await tx.select().from(table)) as Record<string, unknown>[];
					for (const row of rows) await write({ t: name, r: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonValue(v)])) });
					counts[name] = rows.length;
				}
			},
			{ isolationLevel: 'repeatable read', accessMode: 'read only' }
		);
	} finally {
		await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
		if (piped) await piped;
		else if (!file_.closed) await new Promise<void>((resolve) => file_.once('close', () => resolve()));
	}
	return counts;
}

function openBackupFile(file: string): Readable {
	const stream = fs.createReadStream(file);
	return file.endsWith('.gz') ? stream.pipe(zlib.createGunzip()) : stream;
}

export interface ScheduledBackupConfig {
	/** Where the daily copies go. */
	backupDir: string;
	/** How many daily copies to keep; older ones are deleted after a new one is complete. */
	backupKeep: number;
}

const SCHEDULED_NAME = /^forebygg-(\d{8}T\d{6}Z)\.jsonl\.gz$/;
/** A copy a little younger than a day still counts, so the hourly check does not drift later each day. */
const BACKUP_INTERVAL_MS = 23.5 * 60 * 60 * 1000;

/** The scheduled copies in the folder, newest first. */
export function listScheduledBackups(dir: string): { file: string; takenAt: Date }[] {
	let names: string[];
	try {
		names = fs.readdirSync(dir);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	return names
		.map((name) => ({ name, match: SCHEDULED_NAME.exec(name) }))
		.filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
		.map(({ name, match }) => {
			const t = match[1];
			return {
				file: path.join(dir, name),
				takenAt: new Date(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}Z`)
			};
		})
		.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/**
 * The daily backup, called by the hourly job: when the newest copy is a day old (or there is
 * none) a new one is written beside it under a temporary name, flushed to disk and renamed, so a
 * crash never leaves a half copy under a real name; then all but the newest `backupKeep` go.
 */
export async function runScheduledBackup(db: Db, config: ScheduledBackupConfig, now = new Date()): Promise<string | null> {
	const existing = listScheduledBackups(config.backupDir);
	if (existing[0] && now.getTime() - existing[0].takenAt.getTime() < BACKUP_INTERVAL_MS) return null;
	fs.mkdirSync(config.backupDir, { recursive: true, mode: 0o700 });
	const stamp = now
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
	const file = path.join(config.backupDir, `forebygg-${stamp}.jsonl.gz`);
	const partial = `${file}.partial`;
	try {
		await writeBackup(db, partial, { gzip: true });
		const fd = fs.openSync(partial, 'r');
		try {
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
		fs.chmodSync(partial, 0o600);
		fs.renameSync(partial, file);
	} catch (error) {
		fs.rmSync(partial, { force: true });
		throw error;
	}
	for (const old of listScheduledBackups(config.backupDir).slice(Math.max(1, config.backupKeep))) fs.rmSync(old.file, { force: true });
	return file;
}

export class RestoreError extends Error {}

/** Restores into an empty, migrated database, all in one transaction: a broken file writes nothing. */
export async function restoreBackup(db: Db, file: string): Promise<Record<string, number>> {
	const tables = new Map(backupTables().map((t) => [getTableConfig(t).name, t]));
	const counts: Record<string, number> = {};
	let header: { format?: string; version?: number } | null = null;
	const batches = new Map<string, Record<string, unknown>[]>();
	const flush = async (tx: Parameters<Parameters<Db['transaction']>[0]>[0], name: string) => {
		const rows = batches.get(name);
		if (!rows?.length) return;
		await tx.insert(tables.get(name)!).values(rows as never);
		batches.set(name, []);
	};
	await db.transaction(async (tx) => {
		for (const table of tables.values()) {
			const existing = await tx.select().from(table).limit(1);
			if (existing.length) throw new RestoreError(`Databasen är inte tom (tabellen ${getTableConfig(table).name} har rader). Återställ till en tom databas.`);
		}
		// Opened only now: a readline interface created before an await can finish before iteration starts, and hang.
		const lines = readline.createInterface({ input: openBackupFile(file).setEncoding('utf8'), crlfDelay: Infinity });
		let lineNumber = 0;
		let currentTable: string | null = null;
		for await (const line of lines) {
			lineNumber++;
			if (!line.trim()) continue;
			let parsed: { t?: string; r?: Record<string, unknown>; format?: string; version?: number };
			try {
				parsed = JSON.parse(line);
			} catch {
				throw new RestoreError(`Rad ${lineNumber} är inte giltig JSON.`);
			}
			if (!header) {
				if (parsed.format !== BACKUP_FORMAT) throw new RestoreError('Filen är ingen Förebygg-säkerhetskopia.');
				if (parsed.version !== BACKUP_VERSION) throw new RestoreError(`Okänd version ${parsed.version} av säkerhetskopian.`);
				header = parsed;
				continue;
			}
			if (!parsed.t || !parsed.r || !tables.has(parsed.t)) throw new RestoreError(`Rad ${lineNumber}: okänd tabell ${parsed.t}.`);
			if (currentTable && currentTable !== parsed.t) await flush(tx, currentTable);
			currentTable = parsed.t;
			const row = Object.fromEntries(Object.entries(parsed.r).map(([k, v]) => [k, fromJson(v)]));
			const batch = batches.get(parsed.t) ?? [];
			batch.push(row);
			batches.set(parsed.t, batch);
			counts[parsed.t] = (counts[parsed.t] ?? 0) + 1;
			// As many rows per insert as PostgreSQL's 65,535 parameters allow, with room to spare.
			if (batch.length >= Math.max(1, Math.floor(30_000 / getTableConfig(tables.get(parsed.t)!).columns.length))) await flush(tx, parsed.t);
		}
		if (!header) throw new RestoreError('Filen är tom.');
		if (currentTable) await flush(tx, currentTable);
		// Serial and identity columns continue after the restored ids; read from the catalogue so new tables are covered.
		const sequenced = await queryRows<{ table_name: string; column_name: string }>(
			tx,
			sql`select table_name, column_name from information_schema.columns
				where table_schema = current_schema() and (is_identity = 'YES' or column_default like 'nextval(%')`
		);
		for (const { table_name, column_name } of sequenced) {
			const table = sql.identifier(table_name);
			const column = sql.identifier(column_name);
			await tx.execute(
				sql`select setval(pg_get_serial_sequence(${table_name}, ${column_name}), coalesce((select max(${column}) from ${table}), 0) + 1, false)`
			);
		}
	});
	return counts;
}
