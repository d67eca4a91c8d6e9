import { fail, redirect } from '@sveltejs/kit';
import { listFollowUpRounds, openFollowUpRound } from '$lib/server/modules/plans/follow-up.usecases';
import { getPlan } from '$lib/server/modules/plans/plans.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const plan = await asHttpError(() => getPlan({ db, actor, planId: event.params.planId, municipalityId: municipality.id }));
	const rounds = await listFollowUpRounds({ db, actor, planId: plan.id });
	return { plan: { id: plan.id, title: plan.title }, rounds };
};

export const actions: Actions = {
	open: async (event) => {
		const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const input = { name: String(form.get('name') ?? ''), dueDate: String(form.get('dueDate') ?? '') };
		const round = await orInvalid(
			() => openFollowUpRound({ db, config: app.config, actor, planId: event.params.planId, municipalitySlug: municipality.slug, input, ip: clientIp(event) }),
			ValidationError
		);
		if (round instanceof ValidationError) return fail(400, { values: input, errors: round.fieldErrors });
		redirect(303, `/app/${municipality.slug}/atgardsplan/${event.params.planId}/uppfoljning/${round.id}?oppnad#skickad`);
	}
};
