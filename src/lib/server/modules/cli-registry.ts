import type { Database } from '../db/client';
import { planExportCommand, planImportCommand } from './plans/plans.cli';

export type CliCommand = (args: string[], context: { withDatabase: <T>(work: (database: Database) => Promise<T>) => Promise<T> }) => Promise<void>;

/** Module commands, next to the foundation's in src/cli.ts. */
export const CLI_COMMANDS: Record<string, CliCommand> = {
	'plan:import': planImportCommand,
	'plan:export': planExportCommand
};
