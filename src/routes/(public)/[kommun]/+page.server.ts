import { publicMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { municipality } = await publicMunicipality(event);
	return { municipality: { slug: municipality.slug, name: municipality.name, officialName: municipality.officialName, county: municipality.county } };
};
