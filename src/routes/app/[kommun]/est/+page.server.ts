import { fail, redirect } from '@sveltejs/kit';
import { estOverview, setCycleSettings } from '$lib/server/modules/est/est.usecases';
import { decide } from '$lib/server/platform/authz';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'est.read');
	return {
		...(await asHttpError(() => estOverview({ db, actor, municipalityId: municipality.id }))),
		canEdit: decide(actor, 'est.settings.edit', { municipalityId: municipality.id }).allowed,
		saved: event.url.searchParams.has('sparad')
	};
};

export const actions: Actions = {
	settings: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'est.settings.edit');
		const form = await event.request.formData();
		const values = { cadence: String(form.get('cadence') ?? ''), firstCycleStart: String(form.get('firstCycleStart') ?? '') };
		const result = await orInvalid(() => setCycleSettings({ db, actor, municipalityId: municipality.id, input: values, ip: clientIp(event) }), ValidationError);
		if (result instanceof ValidationError) return fail(400, { values, errors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/est?sparad`);
	}
};
