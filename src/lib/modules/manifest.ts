import type { Component } from 'svelte';

/**
 * The browser-safe half of a module's manifest (`src/lib/modules/<m>/module.ts`, default export). The
 * navigation, the overview's module cards and the public municipality page loop over these; the
 * server half (`src/lib/server/modules/<m>/module.ts`) holds what needs the database.
 * Its texts are `modules.<id>.name|summary|plan` in `src/lib/modules/<id>/messages/`.
 */
export interface DomainModule {
	id: string;
	/** The Swedish URL segment under /app/{kommun}/ (and /{kommun}/ for public pages). */
	segment: string;
	/** False while the module only says what it will do: it then takes no navigation slot (issue 12). */
	built: boolean;
	/** Position in the navigation, the overview and the public page (lower first). */
	order: number;
	/**
	 * Its section of the public municipality page (`/{kommun}`), given what the server manifest's
	 * `publicSection` loaded. A module without one adds nothing there.
	 */
	/**
	 * Message keys the module builds from a template (`est.cadence.${cadence}`, `*` for the placeholder)
	 * and the values they take: the message-key test checks every one exists in both languages.
	 */
	dynamicKeys?: Record<string, readonly (string | number)[]>;
	publicSection?: Component<{ data: never; municipality: { slug: string; name: string; officialName: string } }>;
}

export function defineDomainModule<const M extends DomainModule>(module: M): M {
	return module;
}
