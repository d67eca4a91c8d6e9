import { getPlan } from '$lib/server/modules/plans/plans.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const plan = await asHttpError(() => getPlan({ db, actor, planId: event.params.planId, municipalityId: municipality.id }));
	return { plan };
};
