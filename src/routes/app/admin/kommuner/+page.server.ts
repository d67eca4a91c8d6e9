import { fail, redirect } from '@sveltejs/kit';
import { addMunicipality, municipalityOverview } from '$lib/server/modules/organisations/municipalities.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event, 'installation.manage');
	const { db } = (await runtime()).database;
	const overview = await asHttpError(() => municipalityOverview({ db, actor }));
	return {
		municipalities: overview.municipalities.map((m) => ({ id: m.id, slug: m.slug, name: m.name, county: m.county, scbCode: m.scbCode, active: m.active })),
		available: overview.available,
		added: event.url.searchParams.get('tillagd'),
		deleted: event.url.searchParams.get('borttagen')
	};
};

export const actions: Actions = {
	add: async (event) => {
		const actor = requireActor(event, 'installation.manage');
		const { db } = (await runtime()).database;
		const form = await event.request.formData();
		const values = { code: String(form.get('code') ?? ''), officialName: String(form.get('officialName') ?? '') };
		const result = await orInvalid(() => addMunicipality({ db, actor, ...values, ip: clientIp(event) }), ValidationError);
		if (result instanceof ValidationError) return fail(400, { values, errors: result.fieldErrors });
		redirect(303, `/app/admin/kommuner/${result.id}?tillagd=1`);
	}
};
