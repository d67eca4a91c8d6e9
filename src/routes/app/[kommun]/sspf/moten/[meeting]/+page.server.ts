import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { addMeetingMinutes, meetingAgenda } from '$lib/server/modules/sspf/sspf.usecases';
import { decide } from '$lib/server/platform/authz';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

/** One meeting: who attends and the cases on its agenda this member may see (each opened is an audited read), with their notes. */
export const load: PageServerLoad = async (event) => {
	const { actor, scope, context } = await sspfRequest(event, 'sspf.case.signpost');
	return {
		meeting: await asHttpError(() => meetingAgenda(context, event.params.meeting)),
		canManage: decide(actor, 'sspf.meeting.manage', scope).allowed,
		saved: event.url.searchParams.has('sparad')
	};
};

export const actions: Actions = {
	minutes: formAction({
		guard: (event) => sspfRequest(event, 'sspf.case.signpost'),
		form: (raw: { caseId: string; minutes: string }) => `minutes-${raw.caseId}`,
		read: (form) => ({ caseId: textOf(form, 'caseId'), minutes: textOf(form, 'minutes') }),
		run: ({ context }, input, event) => addMeetingMinutes(context, event.params.meeting!, input.caseId, input.minutes),
		redirect: (_, { municipality }, event) => `/app/${municipality.slug}/sspf/moten/${event.params.meeting}?sparad`
	})
};
