import { listOrganisationsOfMunicipality } from '$lib/server/modules/organisations/public';
import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { readCase, recordConsent, todayIso } from '$lib/server/modules/sspf/sspf.usecases';
import { ForbiddenError, NotFoundError } from '$lib/server/platform/errors';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

/** Renewing a consent (?samtycke=id): a new period of at most twelve months that replaces it; the form starts from its scope. */
export const load: PageServerLoad = async (event) => {
	const { municipality, db, context } = await sspfRequest(event, 'sspf.case.signpost');
	const found = await asHttpError(async () => {
		const view = await readCase(context, event.params.id);
		if (view.kind !== 'case' || !view.isCoordinator) throw new ForbiddenError('not_case_coordinator');
		const consent = view.consents.find((c) => c.id === event.url.searchParams.get('samtycke') && !c.withdrawn);
		if (!consent) throw new NotFoundError('sspf.consent_not_found');
		return { view, consent };
	});
	const { view, consent } = found;
	const today = todayIso();
	const day = (iso: string) => new Date(`${iso}T00:00:00Z`).getTime();
	return {
		/** The renewal starts the day after the current consent ends, or today if it has ended. */
		startDefault: consent.validTo < today ? today : new Date(day(consent.validTo) + 86_400_000).toISOString().slice(0, 10),
		endingSoon: day(consent.validTo) - day(today) <= 30 * 86_400_000,
		view,
		consent,
		organisations: (await listOrganisationsOfMunicipality(db, municipality.id)).map((o) => ({ id: o.id, name: o.name })),
		today
	};
};

export const actions: Actions = {
	renew: formAction({
		guard: (event) => sspfRequest(event, 'sspf.case.signpost'),
		form: 'renew',
		read: (form) => {
			const raw = {
				renewsId: textOf(form, 'renewsId'),
				guardians: textOf(form, 'guardians'),
				youngPerson: textOf(form, 'youngPerson').trim(),
				categories: form.getAll('categories').map(String),
				recipients: form.getAll('recipients').map(String),
				units: Object.fromEntries([...form.entries()].filter(([name]) => name.startsWith('unit-')).map(([name, value]) => [name.slice(5), String(value)])),
				validFrom: textOf(form, 'validFrom'),
				validTo: textOf(form, 'validTo')
			};
			// The scanned form travels to the use case but is not sent back to the page with a failed form.
			Object.defineProperty(raw, 'document', { value: form.get('document'), enumerable: false });
			return raw;
		},
		run: async ({ context }, input, event) => {
			const file = (input as unknown as { document: unknown }).document;
			const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
			const signatories = [
				...input.guardians
					.split('\n')
					.map((line) => line.trim())
					.filter(Boolean)
					.map((name) => ({ role: 'vardnadshavare', name })),
				...(input.youngPerson ? [{ role: 'ungdomen', name: input.youngPerson }] : [])
			];
			return recordConsent(
				context,
				event.params.id!,
				{
					signatories,
					categories: input.categories,
					recipients: input.recipients.map((organisationId) => ({ organisationId, unit: (input.units[organisationId] ?? '').trim() })),
					validFrom: input.validFrom,
					validTo: input.validTo,
					renewsId: input.renewsId
				},
				bytes
			);
		},
		redirect: (_, { municipality }, event) => `/app/${municipality.slug}/sspf/arende/${event.params.id}?sparad`
	})
};
