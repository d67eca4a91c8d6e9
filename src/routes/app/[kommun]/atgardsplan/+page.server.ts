import { listPlans } from '$lib/server/modules/plans/plans.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const plans = await asHttpError(() => listPlans({ db, actor, municipalityId: municipality.id }));
	return { plans: plans.map((p) => ({ id: p.id, title: p.title, status: p.status, createdAt: p.createdAt.toISOString() })) };
};
