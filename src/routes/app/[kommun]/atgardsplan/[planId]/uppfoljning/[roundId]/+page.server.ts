import { fail, redirect } from '@sveltejs/kit';
import { answerFollowUp, closeFollowUpRound, getFollowUpRound } from '$lib/server/modules/plans/follow-up.usecases';
import { NotFoundError, ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const view = await asHttpError(() => getFollowUpRound({ db, actor, roundId: event.params.roundId }));
	if (view.plan.id !== event.params.planId || view.plan.municipalityId !== municipality.id) {
		return asHttpError(() => Promise.reject(new NotFoundError('plans.round_not_found', 'Uppföljningsomgången finns inte.')));
	}
	return { view, saved: event.url.searchParams.get('sparat') };
};

export const actions: Actions = {
	answer: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
		const form = await event.request.formData();
		const ids = form.getAll('measureId').map(String);
		const answers = ids.map((measureId) => ({
			measureId,
			status: String(form.get(`status-${measureId}`) ?? ''),
			done: String(form.get(`done-${measureId}`) ?? ''),
			nextSteps: String(form.get(`next-${measureId}`) ?? '')
		}));
		let saved: number;
		try {
			saved = await asHttpError(() => answerFollowUp({ db, actor, roundId: event.params.roundId, answers, ip: clientIp(event) }));
		} catch (error) {
			if (error instanceof ValidationError) return fail(400, { errors: error.fieldErrors, values: answers });
			throw error;
		}
		redirect(303, `/app/${municipality.slug}/atgardsplan/${event.params.planId}/uppfoljning/${event.params.roundId}?sparat=${saved}`);
	},
	close: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		await asHttpError(() => closeFollowUpRound({ db, actor, roundId: event.params.roundId, ip: clientIp(event) }));
		redirect(303, `/app/${municipality.slug}/atgardsplan/${event.params.planId}/uppfoljning/${event.params.roundId}`);
	}
};
