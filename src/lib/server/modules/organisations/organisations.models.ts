export const ORGANISATION_TYPES = [
	'kommunal_forvaltning',
	'lokalpolisomrade',
	'bostadsbolag',
	'skola',
	'region',
	'lansstyrelse',
	'raddningstjanst',
	'naringsliv',
	'forening',
	'annan'
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** URL slugs are ASCII: "Falun" → "falun", "Älvdalen" → "alvdalen". */
export function slugify(name: string): string {
	return name
		.toLowerCase()
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}
