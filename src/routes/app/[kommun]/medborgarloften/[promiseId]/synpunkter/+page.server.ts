import { fail, redirect } from '@sveltejs/kit';
import { answerFeedback, getPromise, listFeedback } from '$lib/server/modules/promises/promises.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
	const promise = await asHttpError(() => getPromise({ db, actor, municipalityId: municipality.id, promiseId: event.params.promiseId }));
	const feedback = await listFeedback({ db, actor, municipalityId: municipality.id, promiseId: promise.id });
	return {
		promise: { id: promise.id, title: promise.title, slug: promise.slug, status: promise.status },
		feedback: feedback.map((f) => ({
			id: f.id,
			message: f.message,
			name: f.name,
			email: f.email,
			status: f.status,
			answer: f.answer ?? '',
			answerPublished: f.answerPublished,
			createdAt: f.createdAt.toISOString()
		})),
		saved: event.url.searchParams.has('sparat')
	};
};

export const actions: Actions = {
	answer: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const feedbackId = String(form.get('feedbackId') ?? '');
		const input = { answer: String(form.get('answer') ?? ''), publish: form.get('publish') === 'ja', status: String(form.get('status') ?? 'ny') };
		const invalid = await orInvalid(
			() => answerFeedback({ db, actor, municipalityId: municipality.id, feedbackId, input, ip: clientIp(event) }),
			ValidationError
		);
		if (invalid instanceof ValidationError) return fail(400, { feedbackId, errors: invalid.fieldErrors });
		redirect(303, `/app/${municipality.slug}/medborgarloften/${event.params.promiseId}/synpunkter?sparat=1`);
	}
};
