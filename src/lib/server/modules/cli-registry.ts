import { readConfig } from '../platform/config';
import { runHourlyJobs } from '../scheduler';
import type { CliCommand } from './manifest';
import { SERVER_MODULES } from './registry';

export type { CliCommand } from './manifest';

/** Every module's commands (its manifest's `cli`), next to the foundation's in src/cli.ts. */
export const CLI_COMMANDS: Record<string, CliCommand> = {
	...Object.assign({}, ...SERVER_MODULES.map((module) => module.cli ?? {})),
	/** The server's hourly jobs (follow-up reminders), for a cron when the server runs with SCHEDULER=0. */
	'jobs:run': (_args, { withDatabase }) => withDatabase(({ db }) => runHourlyJobs({ db, config: readConfig() }))
};
