import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../db/client';
import { seedFoundation, type DemoRefs } from '../demo/foundation';

export const MIGRATIONS = path.resolve(import.meta.dirname, '../../../../drizzle');

export interface TestDb extends Database {
	refs: DemoRefs | null;
}

/** Which engine the integration tests run on: `TEST_ENGINE=postgresql` with `TEST_DATABASE_URL`, else PGlite. */
export function testEngine(): 'pglite' | 'postgresql' {
	return process.env.TEST_ENGINE === 'postgresql' ? 'postgresql' : 'pglite';
}

/** A fresh database for one test file (PostgreSQL: CREATE DATABASE; dropped again on close). */
export async function createFreshDatabaseUrl(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
	const name = `forebygg_t_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			const client = new pg.Client({ connectionString: adminUrl });
			await client.connect();
			await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await client.end();
		}
	};
}

/** A migrated, empty database on the engine under test; `municipalities: true` adds the demo foundation. */
export async function createTestDb(options: { municipalities?: boolean; engine?: 'pglite' | 'postgresql' } = {}): Promise<TestDb> {
	const engine = options.engine ?? testEngine();
	let database: Database;
	let drop = async () => {};
	if (engine === 'postgresql') {
		const adminUrl = process.env.TEST_DATABASE_URL;
		if (!adminUrl) throw new Error('TEST_DATABASE_URL saknas: starta testerna med npm test.');
		const fresh = await createFreshDatabaseUrl(adminUrl);
		drop = fresh.drop;
		database = await openDatabase({ databaseUrl: fresh.url });
	} else {
		database = await openDatabase({ dataDir: 'memory://' });
	}
	await database.migrate(MIGRATIONS);
	const refs = options.municipalities ? await seedFoundation(database.db) : null;
	return {
		...database,
		refs,
		close: async () => {
			await database.close();
			await drop();
		}
	};
}
