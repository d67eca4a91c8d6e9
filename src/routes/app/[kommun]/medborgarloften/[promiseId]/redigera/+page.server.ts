import { fail, redirect } from '@sveltejs/kit';
import { formStateFromFormData, formStateFromPromise, inputFromFormState, withBlankRows } from '$lib/modules/promises/form';
import { getPromise, linkableMeasures, updatePromise } from '$lib/server/modules/promises/promises.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
	const promise = await asHttpError(() => getPromise({ db, actor, municipalityId: municipality.id, promiseId: event.params.promiseId }));
	return {
		promise: { id: promise.id, title: promise.title, status: promise.status },
		state: withBlankRows(formStateFromPromise(promise), 2),
		measures: await linkableMeasures({ db, actor, municipalityId: municipality.id })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const state = formStateFromFormData(await event.request.formData());
		const { input, errorKey } = inputFromFormState(state);
		const invalid = await orInvalid(
			() => updatePromise({ db, actor, municipalityId: municipality.id, promiseId: event.params.promiseId, input, ip: clientIp(event) }),
			ValidationError
		);
		if (invalid instanceof ValidationError)
			return fail(400, { state, errors: Object.fromEntries(Object.entries(invalid.fieldErrors).map(([k, v]) => [errorKey(k), v])) });
		redirect(303, `/app/${municipality.slug}/medborgarloften/${event.params.promiseId}?sparat=1`);
	}
};
