import type { Database } from '../db/client';

export type CliCommand = (args: string[], context: { withDatabase: <T>(work: (database: Database) => Promise<T>) => Promise<T> }) => Promise<void>;

/** Module commands (e.g. plan:import) register here, next to the foundation's in src/cli.ts. */
export const CLI_COMMANDS: Record<string, CliCommand> = {};
