import { fail } from '@sveltejs/kit';
import { HONEYPOT_FIELD, guardFeedback, issueFormToken, takeFeedbackQuota } from '$lib/server/modules/promises/public';
import { filesOf } from '$lib/server/modules/walks/walks.forms';
import { residentReportCategories, submitResidentReport } from '$lib/server/modules/walks/walks.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { clientIp, orInvalid, publicMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

// A plain form: works on any phone without JavaScript.
export const csr = false;

/** The spam guard's scope: one municipality's digital walk (as one promise is for "Tyck till"). */
const scopeOf = (municipalityId: string) => `walks-report:${municipalityId}`;

export const load: PageServerLoad = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	return {
		municipality: { slug: municipality.slug, name: municipality.name, officialName: municipality.officialName },
		categories: await residentReportCategories({ db, municipalityId: municipality.id }),
		formToken: await issueFormToken(db, scopeOf(municipality.id)),
		honeypot: HONEYPOT_FIELD
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { municipality, db } = await publicMunicipality(event);
		const form = await event.request.formData();
		const values = { place: String(form.get('place') ?? ''), category: String(form.get('category') ?? ''), description: String(form.get('description') ?? '') };
		const scope = scopeOf(municipality.id);
		const failWith = async (status: number, message: string, errors: Record<string, string> = {}) =>
			fail(status, { values, message, errors, formToken: await issueFormToken(db, scope) });
		const guard = await guardFeedback({
			db,
			form: { token: String(form.get('token') ?? ''), honeypot: String(form.get(HONEYPOT_FIELD) ?? ''), message: values.description },
			scope,
			ip: clientIp(event)
		});
		// Bots that fill the hidden field get the same thanks as people, and nothing is stored.
		if (!guard.ok && guard.silent) return { sent: true };
		if (!guard.ok) return failWith(guard.status, guard.message);
		const quota = await takeFeedbackQuota({ db, scope, ip: clientIp(event) });
		if (!quota.ok) return failWith(quota.status, quota.message);
		const [photo] = await filesOf(form, 'photo');
		const result = await orInvalid(
			() => submitResidentReport({ db, municipalityId: municipality.id, input: values, photo: photo ?? null, ip: clientIp(event) }),
			ValidationError
		);
		if (result instanceof ValidationError) return failWith(400, '', result.fieldErrors);
		return { sent: true };
	}
};
