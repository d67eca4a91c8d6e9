import { getPublicPlan } from '$lib/server/modules/plans/plan-public.usecases';
import { asHttpError, publicMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const plan = await asHttpError(() => getPublicPlan({ db, municipalityId: municipality.id, planId: event.params.planId }));
	return { municipality: { slug: municipality.slug, name: municipality.name, officialName: municipality.officialName }, plan };
};
