import { ORGANISATION_TYPES } from '$lib/modules/organisations/constants';

export { ORGANISATION_TYPES };
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
