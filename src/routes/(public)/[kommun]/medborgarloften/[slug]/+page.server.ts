import { fail } from '@sveltejs/kit';
import { feedbackInputSchema } from '$lib/modules/promises/schemas';
import { validationErrorFromIssues } from '$lib/server/platform/errors';
import { HONEYPOT_FIELD, guardFeedback, issueFormToken, takeFeedbackQuota } from '$lib/server/modules/promises/feedback-guard';
import { getPublicPromise, submitFeedback } from '$lib/server/modules/promises/promises.usecases';
import { asHttpError, clientIp, publicMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

// Everything here works as plain HTML and forms, so the page ships no JavaScript and no second copy of its data: lighter on a phone, faster to serve.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const promise = await asHttpError(() => getPublicPromise({ db, municipalityId: municipality.id, slug: event.params.slug }));
	return {
		municipality: { slug: municipality.slug, name: municipality.name, officialName: municipality.officialName },
		promise,
		formToken: await issueFormToken(db, promise.id),
		sent: event.url.searchParams.has('tack')
	};
};

export const actions: Actions = {
	feedback: async (event) => {
		const { municipality, db } = await publicMunicipality(event);
		const promise = await asHttpError(() => getPublicPromise({ db, municipalityId: municipality.id, slug: event.params.slug }));
		const form = await event.request.formData();
		const values = { message: String(form.get('message') ?? ''), name: String(form.get('name') ?? ''), email: String(form.get('email') ?? '') };
		const failWith = async (status: number, message: string, errors: Record<string, string> = {}) =>
			fail(status, { values, message, errors, formToken: await issueFormToken(db, promise.id) });

		const guard = await guardFeedback({
			db,
			form: { token: String(form.get('token') ?? ''), honeypot: String(form.get(HONEYPOT_FIELD) ?? ''), message: values.message },
			scope: promise.id,
			ip: clientIp(event)
		});
		// Bots that fill the hidden field get the same thanks as people, and nothing is stored.
		if (!guard.ok && guard.silent) return { sent: true };
		if (!guard.ok) return failWith(guard.status, guard.message);
		const parsed = feedbackInputSchema.safeParse(values);
		if (!parsed.success) return failWith(400, '', validationErrorFromIssues(parsed.error.issues).fieldErrors);
		const quota = await takeFeedbackQuota({ db, scope: promise.id, ip: clientIp(event) });
		if (!quota.ok) return failWith(quota.status, quota.message);
		await submitFeedback({ db, municipalityId: municipality.id, slug: promise.slug, input: values, ip: clientIp(event) });
		return { sent: true };
	}
};
