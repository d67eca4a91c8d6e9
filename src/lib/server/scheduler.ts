import { runScheduledBackup } from './db/backup';
import type { Db } from './db/client';
import { writeCheckpoint } from './modules/audit/audit.checkpoint';
import { SERVER_MODULES } from './modules/registry';
import type { Config } from './platform/config';
import { logger } from './platform/logger';
import { claimJobSlot, finishJobSlot, pruneJobClaims } from './platform/shared/shared.repository';

const HOUR = 60 * 60 * 1000;

/** The installation's own jobs, before the modules': the audit log's signed checkpoint and the daily backup. */
const FOUNDATION_JOBS: { id: string; run(context: { db: Db; config: Config }): Promise<unknown> }[] = [
	{ id: 'audit-checkpoint', run: ({ db, config }) => writeCheckpoint({ db, config }) },
	{
		id: 'backup',
		run: async ({ db, config }) => {
			if (!config.backupDir) return;
			const file = await runScheduledBackup(db, { backupDir: config.backupDir, backupKeep: config.backupKeep });
			if (file) logger.info('backup written', { file });
		}
	}
];

/** Runs every module's hourly job once; one module's failure does not stop the others. */
export async function runHourlyJobs(context: { db: Db; config: Config }): Promise<void> {
	for (const job of FOUNDATION_JOBS) {
		try {
			await job.run(context);
		} catch (error) {
			logger.error('hourly job failed', { job: job.id, error: String(error) });
		}
	}
	for (const module of SERVER_MODULES) {
		if (!module.hourly) continue;
		try {
			await module.hourly(context);
		} catch (error) {
			logger.error('hourly job failed', { module: module.id, error: String(error) });
		}
	}
}

/** Who this process is in the claims table: host and process id, enough to find it in the logs. */
const PROCESS_NAME = `${process.env.HOSTNAME ?? 'host'}:${process.pid}`;

/**
 * The scheduled run of one hour, by whichever app server claims that hour first: several servers
 * on one PostgreSQL each have a timer, but the claim row (primary key job + hour) lets exactly one
 * of them run the jobs. The same on PGlite, where there is only one process anyway.
 */
export async function runClaimedHourlyJobs(context: { db: Db; config: Config }, now = new Date()): Promise<boolean> {
	const slot = now.toISOString().slice(0, 13);
	if (!(await claimJobSlot(context.db, 'hourly', slot, PROCESS_NAME))) {
		logger.info('hourly jobs skipped: another app server has this hour', { slot });
		return false;
	}
	logger.info('hourly jobs claimed', { slot, by: PROCESS_NAME });
	await runHourlyJobs(context);
	await finishJobSlot(context.db, 'hourly', slot);
	await pruneJobClaims(context.db, new Date(now.getTime() - 30 * 24 * HOUR));
	logger.info('hourly jobs done', { slot, by: PROCESS_NAME });
	return true;
}

/**
 * Hourly jobs in the server process, first shortly after start (SCHEDULER_FIRST_RUN_MS, 60 s);
 * the timers never keep the process alive.
 */
export function startScheduler(context: { db: Db; config: Config }): void {
	const run = () => void runClaimedHourlyJobs(context).catch((error) => logger.error('hourly jobs failed', { error: String(error) }));
	setTimeout(run, Number(process.env.SCHEDULER_FIRST_RUN_MS ?? 60_000)).unref();
	setInterval(run, HOUR).unref();
}
