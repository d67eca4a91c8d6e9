import { error } from '@sveltejs/kit';
import { addPriority, checkTask, decideTask, meetingDetail, releasePlace } from '$lib/server/modules/est/est.meetings.usecases';
import { escalateFromMeeting } from '$lib/server/modules/est/est.escalation.usecases';
import { decide } from '$lib/server/platform/authz';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function meetingContext(event: RequestEvent, action: 'est.read' | 'est.meeting.edit' | 'est.escalation.edit') {
	const context = await requireMunicipality(event, action);
	const id = String(event.params.id);
	if (!UUID.test(id)) error(404);
	return { ...context, meetingId: id };
}

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, meetingId } = await meetingContext(event, 'est.read');
	const detail = await asHttpError(() => meetingDetail({ db, actor, meetingId }));
	return {
		...detail,
		canEdit: decide(actor, 'est.meeting.edit', { municipalityId: municipality.id }).allowed,
		canEscalate: decide(actor, 'est.escalation.edit', { municipalityId: municipality.id }).allowed
	};
};

const editor = (event: RequestEvent) => meetingContext(event, 'est.meeting.edit');
const here = (_: unknown, ctx: { municipality: { slug: string }; meetingId: string }) => `/app/${ctx.municipality.slug}/est/moten/${ctx.meetingId}`;

export const actions: Actions = {
	priority: formAction({
		guard: editor,
		form: 'priority',
		read: (data) => ({ place: textOf(data, 'place'), reason: textOf(data, 'reason') }),
		run: ({ actor, db, meetingId }, input, event) => addPriority({ db, actor, meetingId, input, ip: clientIp(event) }),
		redirect: here
	}),
	release: formAction({
		guard: editor,
		form: 'release',
		read: (data) => ({ priorityId: textOf(data, 'priorityId') }),
		run: ({ actor, db, meetingId }, input, event) =>
			UUID.test(input.priorityId) ? releasePlace({ db, actor, meetingId, priorityId: input.priorityId, ip: clientIp(event) }) : error(404),
		redirect: here
	}),
	task: formAction({
		guard: editor,
		form: 'task',
		read: (data) => ({
			what: textOf(data, 'what'),
			place: textOf(data, 'place'),
			organisationId: textOf(data, 'organisationId'),
			dueOn: textOf(data, 'dueOn')
		}),
		run: ({ actor, db, app, municipality, meetingId }, input, event) =>
			decideTask({ db, config: app.config, actor, meetingId, municipalitySlug: municipality.slug, input, ip: clientIp(event) }),
		redirect: here
	}),
	check: formAction({
		guard: editor,
		form: (raw: { taskId: string }) => `check-${raw.taskId}`,
		read: (data) => ({ taskId: textOf(data, 'taskId'), status: textOf(data, 'status'), comment: textOf(data, 'comment') }),
		run: ({ actor, db, app, municipality, meetingId }, input, event) =>
			UUID.test(input.taskId)
				? checkTask({ db, config: app.config, actor, meetingId, taskId: input.taskId, municipalitySlug: municipality.slug, input, ip: clientIp(event) })
				: error(404),
		redirect: here
	}),
	escalate: formAction({
		guard: (event) => meetingContext(event, 'est.escalation.edit'),
		form: 'escalate',
		read: (data) => ({ place: textOf(data, 'place'), description: textOf(data, 'description') }),
		run: ({ actor, db, app, municipality, meetingId }, input, event) =>
			escalateFromMeeting({ db, config: app.config, actor, meetingId, municipalitySlug: municipality.slug, input, ip: clientIp(event) }),
		redirect: (escalation, { municipality }) => `/app/${municipality.slug}/est/eskalering/${escalation.id}`
	})
};
