import { json } from '@sveltejs/kit';
import { getPlan, listPlans } from '$lib/server/modules/plans/plans.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** Every plan of the municipality in full, the same shape as /atgardsplaner/{id}. */
export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const plans = await asHttpError(() => listPlans({ db, actor, municipalityId: municipality.id }));
	return json(await Promise.all(plans.map((p) => asHttpError(() => getPlan({ db, actor, planId: p.id, municipalityId: municipality.id })))));
};
