import { openDatabase, type Database } from './db/client';
import { seedDemo } from './demo/seed';
import { announceSetup } from './modules/users/setup.usecases';
import { loadAuditKey } from './modules/audit/audit.checkpoint';
import { readConfig, type Config } from './platform/config';
import { logger } from './platform/logger';
import { startScheduler } from './scheduler';

export interface Runtime {
	config: Config;
	database: Database;
}

let current: Promise<Runtime> | null = null;

/** Opens the database once per process, applies migrations, and seeds the demo on an empty database. */
export function startRuntime(config: Config = readConfig()): Promise<Runtime> {
	current ??= (async () => {
		// Stage times in the log: a first start (a new embedded database, migrations, demo data) says where its time goes.
		let started = performance.now();
		const stage = (message: string) => {
			const now = performance.now();
			logger.info(message, { ms: Math.round(now - started) });
			started = now;
		};
		const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
		stage(`database opened (${database.engine})`);
		await database.migrate(config.migrationsFolder);
		stage('migrations applied');
		// The audit key file is made now, on first start, not at the first checkpoint an hour later.
		loadAuditKey(config);
		if (config.demo && (await seedDemo(database.db))) logger.info('demo municipalities seeded');
		// Without demo data (DEMO=0) an empty installation prints its one-time set-up link here.
		await announceSetup(database.db, config.origin);
		installShutdown(database);
		if (config.scheduler) startScheduler({ db: database.db, config });
		logger.info(`database ready (${database.engine})`);
		return { config, database };
	})();
	return current;
}

export function runtime(): Promise<Runtime> {
	return current ?? startRuntime();
}

function installShutdown(database: Database): void {
	let closing = false;
	const close = async (signal: string) => {
		if (closing) return;
		closing = true;
		logger.info(`${signal}: closing the database`);
		try {
			await database.close();
		} finally {
			process.exit(0);
		}
	};
	// adapter-node emits this after it stopped accepting requests.
	process.once('sveltekit:shutdown' as NodeJS.Signals, () => void close('shutdown'));
	for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void close(signal));
}
