import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema';
import { logger } from '../platform/logger';
import { acquireDataDirLock } from './lock';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
export type Engine = 'pglite' | 'postgresql';

export interface Database {
	db: Db;
	engine: Engine;
	migrate(migrationsFolder: string): Promise<void>;
	close(): Promise<void>;
}

export interface OpenOptions {
	/** A PostgreSQL connection string; without it the embedded PGlite is used. */
	databaseUrl?: string | null;
	/** Where PGlite keeps its files; 'memory://' for a throwaway database. */
	dataDir?: string;
}

/**
 * A transaction holds one connection, and use cases read several things at once from it
 * (Promise.all). pg queues such queries itself today but deprecates that for pg 9, so promise
 * queries on one connection take turns here; callback and streaming queries pass straight through.
 */
function takeTurns(client: pg.PoolClient) {
	const query = client.query.bind(client) as (...args: unknown[]) => unknown;
	let tail: Promise<unknown> = Promise.resolve();
	(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
		const first = args[0] as { submit?: unknown } | undefined;
		if (typeof args[args.length - 1] === 'function' || typeof first?.submit === 'function') return query(...args);
		const result = tail.then(() => query(...args));
		tail = result.catch(() => undefined);
		return result;
	};
}

/**
 * PGlite's page cache lives in the server's own memory (its WebAssembly heap), and Postgres's
 * default of 128 MB was a third of the process's RSS once the demo data had been read (issue 16,
 * P5: RSS < 300 MB). A page it no longer holds is read again from the data directory, which the
 * operating system's file cache keeps, so 32 MB costs little; PGLITE_SHARED_BUFFERS (e.g. 128MB)
 * gives a big municipality more.
 */
function pgliteSharedBuffers(): string {
	const configured = process.env.PGLITE_SHARED_BUFFERS?.trim();
	if (!configured) return '32MB';
	if (!/^\d+(kB|MB|GB)$/.test(configured)) throw new Error(`PGLITE_SHARED_BUFFERS=${configured}: ange storleken som t.ex. 32MB eller 1GB.`);
	return configured;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
	if (options.databaseUrl) {
		const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
		// An idle connection the server closes (restart, failover, a dropped test database) is
		// replaced on the next query; unhandled, its error event would take the process down.
		pool.on('error', (error) => logger.warn('idle database connection lost', { error: error.message }));
		pool.on('connect', takeTurns);
		const db = drizzlePg(pool, { schema }) as unknown as Db;
		return {
			db,
			engine: 'postgresql',
			migrate: async (migrationsFolder) => {
				await migratePg(db as never, { migrationsFolder });
			},
			close: () => pool.end()
		};
	}
	const dataDir = options.dataDir ?? 'memory://';
	const inMemory = dataDir.startsWith('memory://');
	let releaseLock = () => {};
	if (!inMemory) {
		fs.mkdirSync(path.resolve(dataDir), { recursive: true });
		releaseLock = acquireDataDirLock(dataDir);
	}
	let client: PGlite;
	try {
		client = await PGlite.create(inMemory ? undefined : path.resolve(dataDir, 'pglite'), {
			startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${pgliteSharedBuffers()}`]
		});
	} catch (error) {
		releaseLock();
		throw error;
	}
	const db = drizzlePglite(client, { schema }) as unknown as Db;
	return {
		db,
		engine: 'pglite',
		migrate: async (migrationsFolder) => {
			await migratePglite(db as never, { migrationsFolder });
		},
		close: async () => {
			try {
				if (!client.closed) await client.close();
			} finally {
				releaseLock();
			}
		}
	};
}

/** `pg` returns bigint and numeric as strings, PGlite as numbers: every count passes through here. */
export function toNumber(value: unknown): number {
	if (typeof value === 'number') return value;
	if (typeof value === 'bigint') return Number(value);
	if (typeof value === 'string') return Number(value);
	return 0;
}

/** Rows of a raw query, the same shape on both engines (node-postgres wraps them in `rows`). */
export async function queryRows<T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
	const result = (await db.execute(query)) as unknown as { rows: T[] };
	return result.rows;
}

/** Throws when the database does not answer (the health check). */
export async function pingDatabase(db: DbOrTx): Promise<void> {
	await db.execute(sql`select 1`);
}

export async function serverVersion(db: DbOrTx): Promise<string> {
	const rows = await queryRows<{ version: string }>(db, sql`select version() as version`);
	return rows[0]?.version ?? 'okänd';
}
