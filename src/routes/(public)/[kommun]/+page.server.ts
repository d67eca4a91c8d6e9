import { SERVER_MODULES } from '$lib/server/modules/registry';
import { publicMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	// Each module's section, from its manifest's `publicSection` (rendered by its browser manifest's component).
	const sections = Object.fromEntries(
		await Promise.all(
			SERVER_MODULES.filter((module) => module.publicSection).map(
				async (module) => [module.id, await module.publicSection!({ db, municipality: { id: municipality.id, slug: municipality.slug } })] as const
			)
		)
	);
	return {
		municipality: { slug: municipality.slug, name: municipality.name, officialName: municipality.officialName, county: municipality.county },
		sections
	};
};
