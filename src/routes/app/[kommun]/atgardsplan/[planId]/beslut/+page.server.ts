import { fail, redirect } from '@sveltejs/kit';
import { addDecision, addDecisionDocument, addDecisionResponse, listPlanRevisions, updatePlanDetails } from '$lib/server/modules/plans/plan-editing.usecases';
import { decide } from '$lib/server/platform/authz';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const { plan, revisions } = await asHttpError(() => listPlanRevisions({ db, actor, planId: event.params.planId, municipalityId: municipality.id }));
	return {
		plan: { id: plan.id, title: plan.title, period: plan.period, status: plan.status, revision: plan.revision, decisions: plan.decisions },
		revisions,
		canManage: decide(actor, 'municipality.manage', { municipalityId: municipality.id }).allowed,
		done: event.url.searchParams.get('klart')
	};
};

/** Every action: manage rights, the use case, then back to the page with a note of what was done, or the form's errors. */
async function run(event: RequestEvent, form: string, work: (context: Awaited<ReturnType<typeof requireMunicipality>>, data: FormData) => Promise<unknown>) {
	const context = await requireMunicipality(event, 'municipality.manage');
	const data = await event.request.formData();
	const result = await orInvalid(() => work(context, data), ValidationError);
	if (result instanceof ValidationError)
		return fail(400, {
			form,
			target: String(data.get('decisionId') ?? ''),
			errors: result.fieldErrors,
			values: Object.fromEntries([...data.entries()].filter(([, v]) => typeof v === 'string'))
		});
	redirect(303, `/app/${context.municipality.slug}/atgardsplan/${event.params.planId}/beslut?klart=${form}`);
}

const text = (data: FormData, name: string) => String(data.get(name) ?? '');

export const actions: Actions = {
	status: (event) =>
		run(event, 'status', ({ db, actor, municipality }, data) =>
			updatePlanDetails({
				db,
				actor,
				planId: event.params.planId,
				municipalityId: municipality.id,
				input: { title: text(data, 'title'), period: text(data, 'period'), status: text(data, 'status') },
				ip: clientIp(event)
			})
		),
	decision: (event) =>
		run(event, 'decision', ({ db, actor, municipality }, data) =>
			addDecision({
				db,
				actor,
				planId: event.params.planId,
				municipalityId: municipality.id,
				input: { body: text(data, 'body'), date: text(data, 'date'), kind: text(data, 'kind'), reference: text(data, 'reference'), text: text(data, 'text') },
				ip: clientIp(event)
			})
		),
	response: (event) =>
		run(event, 'response', ({ db, actor, municipality }, data) =>
			addDecisionResponse({
				db,
				actor,
				planId: event.params.planId,
				municipalityId: municipality.id,
				decisionId: text(data, 'decisionId'),
				input: { body: text(data, 'body'), receivedOn: text(data, 'receivedOn'), answer: text(data, 'answer') },
				ip: clientIp(event)
			})
		),
	document: (event) =>
		run(event, 'document', async ({ db, actor, municipality }, data) => {
			const file = data.get('document');
			const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
			return addDecisionDocument({
				db,
				actor,
				planId: event.params.planId,
				municipalityId: municipality.id,
				decisionId: text(data, 'decisionId'),
				fileName: file instanceof File ? file.name : '',
				data: bytes,
				ip: clientIp(event)
			});
		})
};
