import type { DomainModule } from './manifest';
import { DISCOVERED_MODULES } from './modules.generated';

export type { DomainModule } from './manifest';

/**
 * The browser-safe manifests of the domain modules (each `src/lib/modules/<m>/module.ts`, discovered by
 * scripts/generate-modules.mjs), in their order. `built: false` modules show what they will do, never fake content.
 */
export const DOMAIN_MODULES: readonly DomainModule[] = [...(DISCOVERED_MODULES as readonly DomainModule[])].sort((a, b) => a.order - b.order);

/** What the module navigation shows: unbuilt modules take no slot there (issue 12); the overview lists them. */
export const NAV_MODULES: readonly DomainModule[] = DOMAIN_MODULES.filter((m) => m.built);

export function moduleBySegment(segment: string): DomainModule | undefined {
	return DOMAIN_MODULES.find((m) => m.segment === segment);
}
