import { measureEffect } from '$lib/server/modules/plans/measure-effect.usecases';
import { measureEvidence } from '$lib/server/modules/situation/report/situation-report.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

/** Why the measure exists (its focus area in the lägesbild) and what happened where it works: readable by everyone in the municipality's work. */
export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const effect = await asHttpError(() =>
		measureEffect({
			db,
			actor,
			planId: event.params.planId,
			municipalityId: municipality.id,
			measureId: event.params.measureId,
			category: event.url.searchParams.get('kategori')
		})
	);
	const evidence = await asHttpError(() => measureEvidence({ db, actor, municipality, planId: event.params.planId, focusAreaId: effect.measure.focusAreaId }));
	return { effect, evidence, planId: event.params.planId };
};
