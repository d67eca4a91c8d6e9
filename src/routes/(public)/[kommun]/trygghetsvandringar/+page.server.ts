import { publishedWalks } from '$lib/server/modules/walks/walks.usecases';
import { asHttpError, publicMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	return {
		municipality: { slug: municipality.slug, name: municipality.name, officialName: municipality.officialName },
		walks: await asHttpError(() => publishedWalks({ db, municipalityId: municipality.id }))
	};
};
