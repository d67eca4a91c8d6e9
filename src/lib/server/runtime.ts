import { openDatabase, type Database } from './db/client';
import { seedDemo } from './demo/seed';
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
		const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
		await database.migrate(config.migrationsFolder);
		if (config.demo && (await seedDemo(database.db))) logger.info('demo municipalities seeded');
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
