import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { listOrganisationsOfMunicipality } from '$lib/server/modules/organisations/public';
import { findUserByEmail } from '$lib/server/modules/users/public';
import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import {
	addEntry,
	caseAccessLog,
	eraseCase,
	readCase,
	recordConsent,
	setCaseStatus,
	setTeamMember,
	todayIso,
	withdrawConsent
} from '$lib/server/modules/sspf/sspf.usecases';
import { ValidationError, codedValidationError } from '$lib/server/platform/errors';
import { asHttpError, orInvalid } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { municipality, db, context } = await sspfRequest(event, 'sspf.case.signpost');
	const view = await asHttpError(() => readCase(context, event.params.id));
	const coordinating = view.kind === 'case' && view.isCoordinator;
	return {
		view,
		accessLog: coordinating ? (await asHttpError(() => caseAccessLog(context, event.params.id))).slice(0, 50) : [],
		organisations: coordinating ? (await listOrganisationsOfMunicipality(db, municipality.id)).map((o) => ({ id: o.id, name: o.name })) : [],
		today: todayIso(),
		saved: event.url.searchParams.has('sparad')
	};
};

/** Runs a coordinator's (or team member's) change and comes back to the case, or shows the form's errors. */
async function change(
	event: RequestEvent,
	scope: string,
	work: (context: Awaited<ReturnType<typeof sspfRequest>>['context'], form: FormData) => Promise<unknown>
) {
	const { municipality, context } = await sspfRequest(event, 'sspf.case.signpost');
	const form = await event.request.formData();
	const result = await orInvalid(() => asHttpError(() => work(context, form)), ValidationError);
	if (result instanceof ValidationError) return fail(400, { form: scope, errors: result.fieldErrors });
	redirect(303, `/app/${municipality.slug}/sspf/arende/${event.params.id}?sparad`);
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
	team: (event) =>
		change(event, 'team', async (context, form) => {
			const user = await findUserByEmail(context.db, text(form, 'email'));
			if (!user) throw codedValidationError({ email: { code: 'sspf.user_not_found' } });
			await setTeamMember(context, event.params.id!, { userId: user.id, organisationId: text(form, 'organisationId'), unit: text(form, 'unit') });
		}),
	teamRemove: (event) =>
		change(event, 'teamRemove', (context, form) =>
			setTeamMember(context, event.params.id!, { userId: text(form, 'userId'), organisationId: text(form, 'organisationId'), remove: true })
		),
	consent: (event) =>
		change(event, 'consent', async (context, form) => {
			const guardians = text(form, 'guardians')
				.split('\n')
				.map((line) => line.trim())
				.filter(Boolean)
				.map((name) => ({ role: 'vardnadshavare', name }));
			const youngPerson = text(form, 'youngPerson');
			const file = form.get('document');
			const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
			await recordConsent(
				context,
				event.params.id!,
				{
					signatories: [...guardians, ...(youngPerson ? [{ role: 'ungdomen', name: youngPerson }] : [])],
					categories: form.getAll('categories').map(String),
					recipients: form.getAll('recipients').map((id) => ({ organisationId: String(id), unit: text(form, `unit-${String(id)}`) })),
					validFrom: text(form, 'validFrom'),
					validTo: text(form, 'validTo')
				},
				bytes
			);
		}),
	withdraw: (event) => change(event, 'withdraw', (context, form) => withdrawConsent(context, text(form, 'consentId'), { whole: true })),
	status: (event) => change(event, 'status', (context, form) => setCaseStatus(context, event.params.id!, text(form, 'status'))),
	assessment: (event) =>
		change(event, 'assessment', (context, form) =>
			addEntry(context, event.params.id!, {
				kind: 'assessment',
				category: text(form, 'category'),
				occurredOn: text(form, 'occurredOn') || todayIso(),
				data: { factor: text(form, 'factor'), level: text(form, 'level'), note: text(form, 'note') }
			})
		),
	erase: async (event) => {
		const { municipality, context } = await sspfRequest(event, 'sspf.case.manage');
		await asHttpError(() => eraseCase(context, event.params.id, 'request'));
		redirect(303, `/app/${municipality.slug}/sspf`);
	}
};
