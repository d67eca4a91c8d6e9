import type { Db } from './db/client';
import { SERVER_MODULES } from './modules/registry';
import type { Config } from './platform/config';
import { logger } from './platform/logger';

const HOUR = 60 * 60 * 1000;

/** Runs every module's hourly job once; one module's failure does not stop the others. */
export async function runHourlyJobs(context: { db: Db; config: Config }): Promise<void> {
	for (const module of SERVER_MODULES) {
		if (!module.hourly) continue;
		try {
			await module.hourly(context);
		} catch (error) {
			logger.error('hourly job failed', { module: module.id, error: String(error) });
		}
	}
}

/** Hourly jobs in the server process, first shortly after start; the timers never keep the process alive. */
export function startScheduler(context: { db: Db; config: Config }): void {
	setTimeout(() => void runHourlyJobs(context), 60_000).unref();
	setInterval(() => void runHourlyJobs(context), HOUR).unref();
}
