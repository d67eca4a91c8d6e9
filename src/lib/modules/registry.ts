/**
 * The browser-safe manifest of the domain modules: navigation and the module overview loop over it.
 * `built: false` modules show what they will do, never fake content.
 */
export interface DomainModule {
	id: 'situation' | 'plans' | 'promises' | 'est' | 'walks' | 'sspf';
	/** The Swedish URL segment under /app/{kommun}/. */
	segment: string;
	built: boolean;
}

export const DOMAIN_MODULES: DomainModule[] = [
	{ id: 'situation', segment: 'lagesbild', built: true },
	{ id: 'plans', segment: 'atgardsplan', built: true },
	{ id: 'promises', segment: 'medborgarloften', built: true },
	{ id: 'est', segment: 'est', built: false },
	{ id: 'walks', segment: 'trygghetsvandringar', built: false },
	{ id: 'sspf', segment: 'sspf', built: false }
];

export function moduleBySegment(segment: string): DomainModule | undefined {
	return DOMAIN_MODULES.find((m) => m.segment === segment);
}
