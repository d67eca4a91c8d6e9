import type { Database } from '../db/client';
import { readConfig } from '../platform/config';
import { runHourlyJobs } from '../scheduler';
import { planExportCommand, planImportCommand } from './plans/plans.cli';

export type CliCommand = (args: string[], context: { withDatabase: <T>(work: (database: Database) => Promise<T>) => Promise<T> }) => Promise<void>;

/** Module commands, next to the foundation's in src/cli.ts. */
export const CLI_COMMANDS: Record<string, CliCommand> = {
	'plan:import': planImportCommand,
	'plan:export': planExportCommand,
	/** The server's hourly jobs (follow-up reminders), for a cron when the server runs with SCHEDULER=0. */
	'jobs:run': (_args, { withDatabase }) => withDatabase(({ db }) => runHourlyJobs({ db, config: readConfig() }))
};
