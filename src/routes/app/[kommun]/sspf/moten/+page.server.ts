import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { casesForMeeting, createMeeting, listGroups, listMeetings, todayIso } from '$lib/server/modules/sspf/sspf.usecases';
import { decide } from '$lib/server/platform/authz';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

/**
 * The beredningsgrupp's meetings. Calling one is two steps that work without JavaScript: choose the
 * day and the attendees (a GET form), then the cases whose consent covers them all (the POST form).
 */
export const load: PageServerLoad = async (event) => {
	const { actor, municipality, scope, context } = await sspfRequest(event, 'sspf.case.signpost');
	const meetings = await asHttpError(() => listMeetings(context, municipality.id));
	const canManage = decide(actor, 'sspf.meeting.manage', scope).allowed;
	const datum = event.url.searchParams.get('datum') ?? '';
	const meetsOn = /^\d{4}-\d{2}-\d{2}$/.test(datum) ? datum : todayIso();
	const members = canManage
		? [
				...new Map(
					(await asHttpError(() => listGroups(context, municipality.id)))
						.filter((m) => m.groupKind === 'beredningsgrupp' || m.coordinator)
						.map((m) => [m.userId, { userId: m.userId, name: m.name }])
				).values()
			]
		: [];
	const attendees = event.url.searchParams.getAll('deltagare').filter((id) => members.some((m) => m.userId === id));
	const chosen = event.url.searchParams.has('datum');
	return {
		meetings,
		canManage,
		members,
		meetsOn,
		attendees,
		chosen,
		offered: canManage && chosen ? await asHttpError(() => casesForMeeting(context, municipality.id, meetsOn, attendees)) : []
	};
};

export const actions: Actions = {
	create: formAction({
		guard: (event) => sspfRequest(event, 'sspf.case.signpost'),
		form: 'create',
		read: (form) => ({
			meetsOn: textOf(form, 'meetsOn'),
			attendees: form.getAll('attendees').map(String),
			caseIds: form.getAll('caseIds').map(String)
		}),
		run: ({ municipality, context }, input) => createMeeting(context, municipality.id, input),
		redirect: (id, { municipality }) => `/app/${municipality.slug}/sspf/moten/${id}`
	})
};
