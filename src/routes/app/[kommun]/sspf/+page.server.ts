import { fail } from '@sveltejs/kit';
import { listCases, listGroups, searchByPersonnummer } from '$lib/server/modules/sspf/sspf.usecases';
import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { decide } from '$lib/server/platform/authz';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, orInvalid } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, scope, context } = await sspfRequest(event, 'sspf.case.signpost');
	const entered = decide(actor, 'sspf.enter', scope).allowed;
	return {
		cases: entered ? await asHttpError(() => listCases(context, municipality.id)) : [],
		groups: entered ? await asHttpError(() => listGroups(context, municipality.id)) : [],
		canManage: decide(actor, 'sspf.case.manage', scope).allowed,
		canSeeStatistics: decide(actor, 'sspf.statistics.read', scope).allowed,
		canSeeMeetings: decide(actor, 'sspf.meeting.read', scope).allowed,
		canManageGroups: decide(actor, 'sspf.groups.manage', { municipalityId: municipality.id }).allowed
	};
};

export const actions: Actions = {
	search: async (event) => {
		const { municipality, context } = await sspfRequest(event, 'sspf.case.signpost');
		const personnummer = String((await event.request.formData()).get('personnummer') ?? '');
		const result = await orInvalid(() => searchByPersonnummer(context, municipality.id, personnummer), ValidationError);
		// The number is never sent back: a failed form shows an empty field.
		if (result instanceof ValidationError) return fail(400, { form: 'search', errors: result.fieldErrors, found: null });
		return { form: 'search', errors: {}, found: result };
	}
};
