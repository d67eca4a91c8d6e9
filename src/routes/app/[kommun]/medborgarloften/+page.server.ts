import { listPromises } from '$lib/server/modules/promises/promises.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const promises = await asHttpError(() => listPromises({ db, actor, municipalityId: municipality.id }));
	return {
		promises: promises.map((p) => ({ id: p.id, title: p.title, slug: p.slug, status: p.status, periodStart: p.periodStart, periodEnd: p.periodEnd, updatedAt: p.updatedAt.toISOString() }))
	};
};
