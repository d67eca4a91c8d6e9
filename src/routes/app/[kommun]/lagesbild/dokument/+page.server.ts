import { fail, redirect } from '@sveltejs/kit';
import { createReport, listReports } from '$lib/server/modules/situation/report/situation-report.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.read');
	const list = await asHttpError(() => listReports({ db, actor, municipalityId: municipality.id, config: app.config }));
	const year = new Date().getFullYear();
	return { ...list, defaults: { periodFrom: `${year - 1}-01-01`, periodTo: `${year - 1}-12-31` } };
};

export const actions: Actions = {
	create: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const values = {
			title: String(form.get('title') ?? ''),
			periodFrom: String(form.get('periodFrom') ?? ''),
			periodTo: String(form.get('periodTo') ?? ''),
			basedOnId: String(form.get('basedOnId') ?? '')
		};
		const result = await orInvalid(
			() => createReport({ db, actor, municipality, input: values, basedOnId: values.basedOnId || null, ip: clientIp(event) }),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { values, errors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/lagesbild/dokument/${result}`);
	}
};
