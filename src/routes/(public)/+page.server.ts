import { listMunicipalities } from '$lib/server/modules/organisations/organisations.repository';
import { authorize } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'public.read');
	const app = await runtime();
	const municipalities = await listMunicipalities(app.database.db);
	return { municipalities: municipalities.map((m) => ({ slug: m.slug, name: m.name, officialName: m.officialName, county: m.county })) };
};
