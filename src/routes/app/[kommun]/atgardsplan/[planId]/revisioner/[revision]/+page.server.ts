import { compareRevision } from '$lib/server/modules/plans/plan-editing.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	return asHttpError(() =>
		compareRevision({ db, actor, planId: event.params.planId, municipalityId: municipality.id, revision: Number(event.params.revision) })
	);
};
