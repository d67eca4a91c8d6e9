import { readPlanForm } from '$lib/server/modules/walks/walks.forms';
import { planningChoices, updateWalkPlan, walkPlanValues } from '$lib/server/modules/walks/walks.usecases';
import { formAction } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'walk.plan');
	const [plan, choices] = await asHttpError(() =>
		Promise.all([
			walkPlanValues({ db, actor, municipalityId: municipality.id, walkId: event.params.walk }),
			planningChoices({ db, actor, municipalityId: municipality.id })
		])
	);
	return { ...plan, choices, basemapUrl: app.config.mapBasemapUrl };
};

export const actions: Actions = {
	default: formAction({
		guard: (event) => requireMunicipality(event, 'walk.plan'),
		form: 'plan',
		read: readPlanForm,
		run: ({ actor, municipality, db, app }, input, event) =>
			updateWalkPlan({
				db,
				actor,
				municipalityId: municipality.id,
				walkId: event.params.walk!,
				input,
				ip: clientIp(event),
				invite: { config: app.config, municipalitySlug: municipality.slug }
			}),
		redirect: (result, { municipality }, event) => `/app/${municipality.slug}/trygghetsvandringar/${event.params.walk}/andra?sparad=${result.invitations}`
	})
};
