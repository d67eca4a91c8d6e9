import { fail, redirect } from '@sveltejs/kit';
import { getPromise, publishFollowUp, recordFollowUp } from '$lib/server/modules/promises/promises.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
	const promise = await asHttpError(() => getPromise({ db, actor, municipalityId: municipality.id, promiseId: event.params.promiseId }));
	return { promise, saved: event.url.searchParams.has('sparat') };
};

export const actions: Actions = {
	record: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const ids = form.getAll('activityId').map(String);
		const values = {
			heldOn: String(form.get('heldOn') ?? ''),
			forum: String(form.get('forum') ?? ''),
			summary: String(form.get('summary') ?? ''),
			publish: form.get('publish') === 'ja',
			outcomes: ids.map((activityId, i) => ({
				activityId,
				status: String(form.get(`outcomes-${i}-status`) ?? ''),
				achieved: String(form.get(`outcomes-${i}-achieved`) ?? ''),
				done: String(form.get(`outcomes-${i}-done`) ?? '')
			}))
		};
		const invalid = await orInvalid(
			() => recordFollowUp({ db, actor, municipalityId: municipality.id, promiseId: event.params.promiseId, input: values, ip: clientIp(event) }),
			ValidationError
		);
		if (invalid instanceof ValidationError) return fail(400, { values, errors: invalid.fieldErrors });
		redirect(303, `/app/${municipality.slug}/medborgarloften/${event.params.promiseId}/uppfoljning?sparat=1`);
	},
	publish: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		await asHttpError(() =>
			publishFollowUp({
				db,
				actor,
				municipalityId: municipality.id,
				followUpId: String(form.get('followUpId') ?? ''),
				published: form.get('published') === 'ja',
				ip: clientIp(event)
			})
		);
		redirect(303, `/app/${municipality.slug}/medborgarloften/${event.params.promiseId}/uppfoljning?sparat=1`);
	}
};
