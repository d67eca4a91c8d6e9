import { error, type RequestEvent } from '@sveltejs/kit';
import { escalationDetail, escalationToMeasure, recordEscalationOutcome } from '$lib/server/modules/est/est.escalation.usecases';
import { decide } from '$lib/server/platform/authz';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import { isUuid } from '$lib/server/platform/ids';
import type { Actions, PageServerLoad } from './$types';

async function escalationContext(event: RequestEvent, action: 'est.read' | 'est.escalation.edit') {
	const context = await requireMunicipality(event, action);
	const id = String(event.params.id);
	if (!isUuid(id)) error(404);
	return { ...context, escalationId: id };
}

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, escalationId } = await escalationContext(event, 'est.read');
	const canEdit = decide(actor, 'est.escalation.edit', { municipalityId: municipality.id }).allowed;
	const detail = await asHttpError(() => escalationDetail({ db, actor, escalationId, canEdit }));
	return { ...detail, canEdit, today: new Date().toISOString().slice(0, 10) };
};

const editor = (event: RequestEvent) => escalationContext(event, 'est.escalation.edit');
const here = (_: unknown, ctx: { municipality: { slug: string }; escalationId: string }) => `/app/${ctx.municipality.slug}/est/eskalering/${ctx.escalationId}`;

export const actions: Actions = {
	outcome: formAction({
		guard: editor,
		form: 'outcome',
		read: (data) => ({ outcome: textOf(data, 'outcome'), outcomeOn: textOf(data, 'outcomeOn') }),
		run: ({ actor, db, escalationId }, input, event) => recordEscalationOutcome({ db, actor, escalationId, input, ip: clientIp(event) }),
		redirect: here
	}),
	measure: formAction({
		guard: editor,
		form: 'measure',
		read: (data) => ({ target: textOf(data, 'target'), title: textOf(data, 'title') }),
		run: ({ actor, db, app, municipality, escalationId }, input, event) =>
			escalationToMeasure({ db, config: app.config, actor, escalationId, municipalitySlug: municipality.slug, input, ip: clientIp(event) }),
		redirect: here
	})
};
