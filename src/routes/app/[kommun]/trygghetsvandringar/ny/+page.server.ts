import { planWalk, planningChoices } from '$lib/server/modules/walks/walks.usecases';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'walk.plan');
	return { choices: await asHttpError(() => planningChoices({ db, actor, municipalityId: municipality.id })) };
};

export const actions: Actions = {
	default: formAction({
		guard: (event) => requireMunicipality(event, 'walk.plan'),
		form: 'plan',
		read: (form) => ({
			title: textOf(form, 'title'),
			areaId: textOf(form, 'areaId'),
			areaName: textOf(form, 'areaName'),
			meetingPlace: textOf(form, 'meetingPlace'),
			organiser: textOf(form, 'organiser'),
			invitedOrganisationIds: form.getAll('invitedOrganisationIds').map(String),
			residentsExpected: textOf(form, 'residentsExpected'),
			preMeetingAt: textOf(form, 'preMeetingAt'),
			walkAt: textOf(form, 'walkAt'),
			followUpAt: textOf(form, 'followUpAt'),
			stops: textOf(form, 'stops'),
			route: textOf(form, 'route'),
			previousWalkId: textOf(form, 'previousWalkId')
		}),
		run: ({ actor, municipality, db }, input, event) => planWalk({ db, actor, municipalityId: municipality.id, input, ip: clientIp(event) }),
		redirect: (result, { municipality }) => `/app/${municipality.slug}/trygghetsvandringar/${result.id}?planerad`
	})
};
