import { createReport, listReports } from '$lib/server/modules/situation/report/situation-report.usecases';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.read');
	const list = await asHttpError(() => listReports({ db, actor, municipalityId: municipality.id, config: app.config }));
	const year = new Date().getFullYear();
	return { ...list, defaults: { periodFrom: `${year - 1}-01-01`, periodTo: `${year - 1}-12-31` } };
};

export const actions: Actions = {
	create: formAction({
		guard: (event) => requireMunicipality(event, 'municipality.manage'),
		form: 'create',
		read: (form: FormData) => ({
			title: textOf(form, 'title'),
			periodFrom: textOf(form, 'periodFrom'),
			periodTo: textOf(form, 'periodTo'),
			basedOnId: textOf(form, 'basedOnId')
		}),
		run: ({ actor, municipality, db }, { basedOnId, ...input }, event) =>
			createReport({ db, actor, municipality, input, basedOnId: basedOnId || null, ip: clientIp(event) }),
		redirect: (id, { municipality }) => `/app/${municipality.slug}/lagesbild/dokument/${id}`
	})
};
