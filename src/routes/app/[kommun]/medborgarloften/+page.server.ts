import { decide } from '$lib/server/platform/authz';
import { listPromises, newFeedbackCounts } from '$lib/server/modules/promises/promises.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const promises = await asHttpError(() => listPromises({ db, actor, municipalityId: municipality.id }));
	// Only the coordinator moderates feedback, so only the coordinator sees how much is waiting.
	const canModerate = decide(actor, 'municipality.manage', { municipalityId: municipality.id }).allowed;
	const newFeedback = canModerate ? await newFeedbackCounts({ db, actor, municipalityId: municipality.id, promiseIds: promises.map((p) => p.id) }) : {};
	return {
		newFeedback,
		promises: promises.map((p) => ({
			id: p.id,
			title: p.title,
			slug: p.slug,
			status: p.status,
			periodStart: p.periodStart,
			periodEnd: p.periodEnd,
			updatedAt: p.updatedAt.toISOString()
		}))
	};
};
