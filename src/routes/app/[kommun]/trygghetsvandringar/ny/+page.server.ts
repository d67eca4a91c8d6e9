import { planWalk, planningChoices } from '$lib/server/modules/walks/walks.usecases';
import { readPlanForm } from '$lib/server/modules/walks/walks.forms';
import { formAction } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'walk.plan');
	return { choices: await asHttpError(() => planningChoices({ db, actor, municipalityId: municipality.id })), basemapUrl: app.config.mapBasemapUrl };
};

export const actions: Actions = {
	default: formAction({
		guard: (event) => requireMunicipality(event, 'walk.plan'),
		form: 'plan',
		read: readPlanForm,
		run: ({ actor, municipality, db, app }, input, event) =>
			planWalk({
				db,
				actor,
				municipalityId: municipality.id,
				input,
				ip: clientIp(event),
				invite: { config: app.config, municipalitySlug: municipality.slug }
			}),
		redirect: (result, { municipality }) => `/app/${municipality.slug}/trygghetsvandringar/${result.id}?planerad`
	})
};
