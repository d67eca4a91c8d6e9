import { json } from '@sveltejs/kit';
import { listPlans } from '$lib/server/modules/plans/plans.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const plans = await asHttpError(() => listPlans({ db, actor, municipalityId: municipality.id }));
	return json(plans.map((p) => ({ id: p.id, title: p.title, status: p.status, period: p.period, revision: p.revision })));
};
