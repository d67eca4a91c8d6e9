import { publishedWalkView, walkMapView } from '$lib/server/modules/walks/walks.usecases';
import { asHttpError, publicMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

// Plain HTML: the map is server-drawn SVG and the list a list, so the page needs no JavaScript.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	return {
		municipality: { slug: municipality.slug, name: municipality.name, officialName: municipality.officialName },
		...(await asHttpError(() => publishedWalkView({ db, municipalityId: municipality.id, walkId: event.params.walk }))),
		area: (await asHttpError(() => walkMapView({ db, municipalityId: municipality.id, walkId: event.params.walk, published: true }))).area
	};
};
