import type { Database, Db, DbOrTx } from '../db/client';
import type { DemoRefs } from '../demo/foundation';
import type { Actor } from '../platform/authz';
import type { Config } from '../platform/config';
import type { AuditEventDeclarations } from '../platform/audit-events';

export type CliCommand = (args: string[], context: { withDatabase: <T>(work: (database: Database) => Promise<T>) => Promise<T> }) => Promise<void>;

/** One line of the overview's "Att göra": a message key of the module's own messages, its values and where to go. */
export interface TodoItem {
	id: string;
	key: string;
	values?: Record<string, string | number>;
	href: string;
	/** Past its date: shown with the overdue mark. */
	urgent?: boolean;
}

export interface ModuleMunicipality {
	id: string;
	slug: string;
}

/**
 * The server half of a module's manifest (`src/lib/server/modules/<m>/module.ts`, default export): the
 * single place the shared parts learn what a module brings. The manifests are discovered (see
 * scripts/generate-modules.mjs), so adding a module touches only its own folders. The browser-safe
 * half (navigation, public section component) is `src/lib/modules/<m>/module.ts`; the texts are in
 * `src/lib/modules/<m>/messages/`.
 */
export interface ServerModule {
	id: string;
	/** Its `resource.verb` actions and their rules (`<m>.permissions.ts`), which the one policy decides on. */
	permissions?: Record<string, unknown>;
	/** Its audit event types (`<m>.events.ts`); recordAudit accepts only declared ones. */
	auditEvents?: AuditEventDeclarations;
	/** `npm run cli -- <name>` commands. */
	cli?: Record<string, CliCommand>;
	/** Its paths in the OpenAPI document of /api/v1 (keys relative to /api/v1). */
	openapi?: Record<string, unknown>;
	/** The overview's "Att göra" for this person in this municipality (each module checks its own permissions). */
	todo?(context: { db: Db; actor: Actor; municipality: ModuleMunicipality; config: Config }): Promise<TodoItem[]>;
	/** What the module's section of the public municipality page shows (rendered by the browser manifest's `publicSection`). */
	publicSection?(context: { db: Db; municipality: ModuleMunicipality }): Promise<unknown>;
	seedDemo?(context: { db: Db; refs: DemoRefs }): Promise<void>;
	/**
	 * Called inside a municipality's deletion, before its rows go: what the module keeps about it outside
	 * the database (SSPF's key files). Returns work to run once the deletion has committed.
	 */
	beforeMunicipalityDeleted?(context: { db: DbOrTx; municipalityId: string }): Promise<(() => void) | undefined>;
	/** Work the server does on its own once an hour (reminders); also run by `cli jobs:run` for an external cron. */
	hourly?(context: { db: Db; config: Config }): Promise<void>;
}

export function defineServerModule<const M extends ServerModule>(module: M): M {
	return module;
}
