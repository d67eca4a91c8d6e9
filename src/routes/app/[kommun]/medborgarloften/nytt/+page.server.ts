import { fail, redirect } from '@sveltejs/kit';
import { emptyFormState, formStateFromFormData, inputFromFormState, withBlankRows } from '$lib/modules/promises/form';
import { createPromise, linkableMeasures } from '$lib/server/modules/promises/promises.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
	return { state: withBlankRows(emptyFormState(municipality.officialName)), measures: await linkableMeasures({ db, actor, municipalityId: municipality.id }) };
};

export const actions: Actions = {
	default: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const state = formStateFromFormData(await event.request.formData());
		const { input, errorKey } = inputFromFormState(state);
		const promiseId = await orInvalid(() => createPromise({ db, actor, municipalityId: municipality.id, input, ip: clientIp(event) }), ValidationError);
		if (promiseId instanceof ValidationError)
			return fail(400, { state, errors: Object.fromEntries(Object.entries(promiseId.fieldErrors).map(([k, v]) => [errorKey(k), v])) });
		redirect(303, `/app/${municipality.slug}/medborgarloften/${promiseId}`);
	}
};
