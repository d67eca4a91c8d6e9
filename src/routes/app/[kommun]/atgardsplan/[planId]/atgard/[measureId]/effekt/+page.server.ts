import { measureEffect } from '$lib/server/modules/plans/measure-effect.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const effect = await asHttpError(() =>
		measureEffect({ db, actor, planId: event.params.planId, municipalityId: municipality.id, measureId: event.params.measureId, category: event.url.searchParams.get('kategori') })
	);
	return { effect, planId: event.params.planId };
};
