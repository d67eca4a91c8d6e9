import type { ServerModule } from './manifest';
import { DISCOVERED_SERVER_MODULES } from './modules.generated';

export type { ServerModule } from './manifest';

/**
 * The server halves of the module manifests (each `src/lib/server/modules/<m>/module.ts`, discovered by
 * scripts/generate-modules.mjs): what demo data, jobs, the CLI, the OpenAPI document, the overview's
 * "Att göra" and the public municipality page loop over. Adding a module adds no line here.
 */
export const SERVER_MODULES: readonly ServerModule[] = DISCOVERED_SERVER_MODULES;
