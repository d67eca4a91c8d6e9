import type { RequestEvent } from '@sveltejs/kit';
import { listOrganisationsOfMunicipality } from '$lib/server/modules/organisations/public';
import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { addEntry, readCase, setActionDone, setPlanLead, todayIso } from '$lib/server/modules/sspf/sspf.usecases';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

/** The individual plan (like a SIP): goals, actions with owners and due dates, follow-up meetings — each shown under the consent. */
export const load: PageServerLoad = async (event) => {
	const { municipality, db, context } = await sspfRequest(event, 'sspf.case.signpost');
	const view = await asHttpError(() => readCase(context, event.params.id));
	return {
		view,
		organisations: view.kind === 'case' ? (await listOrganisationsOfMunicipality(db, municipality.id)).map((o) => ({ id: o.id, name: o.name })) : [],
		today: todayIso(),
		saved: event.url.searchParams.has('sparad')
	};
};

const guard = (event: RequestEvent) => sspfRequest(event, 'sspf.case.signpost');
const back = (_: unknown, { municipality }: Awaited<ReturnType<typeof guard>>, event: RequestEvent) =>
	`/app/${municipality.slug}/sspf/arende/${event.params.id}/plan?sparad`;

export const actions: Actions = {
	goal: formAction({
		guard,
		form: 'goal',
		read: (form) => ({ goal: textOf(form, 'goal') }),
		run: ({ context }, input, event) =>
			addEntry(context, event.params.id!, { kind: 'goal', category: 'grund', occurredOn: todayIso(), data: { goal: input.goal } }),
		redirect: back
	}),
	action: formAction({
		guard,
		form: 'action',
		read: (form) => ({
			action: textOf(form, 'action'),
			category: textOf(form, 'category'),
			ownerOrganisationId: textOf(form, 'ownerOrganisationId'),
			dueOn: textOf(form, 'dueOn')
		}),
		run: ({ context }, input, event) =>
			addEntry(context, event.params.id!, {
				kind: 'action',
				category: input.category,
				occurredOn: todayIso(),
				dueOn: input.dueOn || null,
				ownerOrganisationId: input.ownerOrganisationId || null,
				data: { action: input.action }
			}),
		redirect: back
	}),
	done: formAction({
		guard,
		form: 'done',
		read: (form) => ({ entryId: textOf(form, 'entryId'), done: textOf(form, 'done') }),
		run: ({ context }, input) => setActionDone(context, input.entryId, input.done === '1' ? todayIso() : null),
		redirect: back
	}),
	followUp: formAction({
		guard,
		form: 'followUp',
		read: (form) => ({
			occurredOn: textOf(form, 'occurredOn'),
			minutes: textOf(form, 'minutes'),
			youngPersonTookPart: form.get('youngPersonTookPart') === 'on',
			guardiansTookPart: form.get('guardiansTookPart') === 'on',
			actionStatuses: [...form.entries()]
				.filter(([name, value]) => name.startsWith('status-') && String(value) !== '')
				.map(([name, value]) => ({ actionId: name.slice('status-'.length), status: String(value) }))
		}),
		run: ({ context }, input, event) =>
			addEntry(context, event.params.id!, {
				kind: 'follow_up',
				category: 'grund',
				occurredOn: input.occurredOn,
				data: {
					minutes: input.minutes,
					youngPersonTookPart: input.youngPersonTookPart,
					guardiansTookPart: input.guardiansTookPart,
					actionStatuses: input.actionStatuses
				}
			}),
		redirect: back
	}),
	lead: formAction({
		guard,
		form: 'lead',
		read: (form) => ({ organisationId: textOf(form, 'organisationId') }),
		run: ({ context }, input, event) => setPlanLead(context, event.params.id!, input.organisationId),
		redirect: back
	})
};
