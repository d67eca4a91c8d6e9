import { publicSituation } from '$lib/server/modules/situation/analysis/map.usecases';
import { asHttpError, publicMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

// Plain HTML and a server-drawn map: no JavaScript, nothing about individual events.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { municipality, db, app } = await publicMunicipality(event);
	const figures = await asHttpError(() =>
		publicSituation({ db, municipalityId: municipality.id, suppressBelow: app.config.suppressBelow, areaKind: event.url.searchParams.get('typ') })
	);
	return {
		municipality: { slug: municipality.slug, name: municipality.name, officialName: municipality.officialName },
		figures
	};
};
