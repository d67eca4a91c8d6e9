import { listWalks, residentReportQueue, updateChecklist, walkChecklist } from '$lib/server/modules/walks/walks.usecases';
import { decide } from '$lib/server/platform/authz';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'walk.read');
	const canPlan = decide(actor, 'walk.plan', { municipalityId: municipality.id }).allowed;
	return {
		waitingReports: canPlan ? (await residentReportQueue({ db, actor, municipalityId: municipality.id })).reports.length : 0,
		walks: await asHttpError(() => listWalks({ db, actor, municipalityId: municipality.id })),
		checklist: await asHttpError(() => walkChecklist({ db, actor, municipalityId: municipality.id })),
		canPlan,
		saved: event.url.searchParams.has('sparad')
	};
};

export const actions: Actions = {
	checklist: formAction({
		guard: (event) => requireMunicipality(event, 'walk.plan'),
		form: 'checklist',
		read: (form) => ({ checklist: textOf(form, 'checklist') }),
		run: ({ actor, municipality, db }, input, event) =>
			updateChecklist({ db, actor, municipalityId: municipality.id, text: input.checklist, ip: clientIp(event) }),
		redirect: (_, { municipality }) => `/app/${municipality.slug}/trygghetsvandringar?sparad`
	})
};
