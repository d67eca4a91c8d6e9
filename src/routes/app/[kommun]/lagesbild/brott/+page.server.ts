import { fail } from '@sveltejs/kit';
import { polisenActions, polisenTypes } from '$lib/server/modules/situation/crimes/polisen.actions';
import {
	checkCrimeImport,
	crimeImportOverview,
	deleteCrimeImport,
	finishCrimeImport,
	getCrimeDraft,
	mappingFromForm,
	startCrimeImport
} from '$lib/server/modules/situation/crimes/crimes.usecases';
import { AppError, ValidationError, localiseReasons } from '$lib/server/platform/errors';
import { CRIME_CATEGORIES } from '$lib/server/modules/situation/situation.models';
import { asHttpError, clientIp, requestLocale, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

/** The bad-row list shown on the page; the counts always cover every row. */
const SHOWN_REJECTED = 500;

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
	const overview = await asHttpError(() => crimeImportOverview({ db, actor, municipalityId: municipality.id }));
	return {
		sources: overview.sources,
		categories: CRIME_CATEGORIES.map((c) => ({ id: c.id, name: c.name })),
		polisenTypes: polisenTypes(),
		imports: overview.imports.map((i) => ({
			id: i.id,
			fileName: i.fileName,
			createdAt: i.createdAt.toISOString(),
			rowsRead: i.rowsRead,
			rowsImported: i.rowsImported,
			rowsDuplicate: i.rowsDuplicate,
			rowsRejected: i.rowsRejected,
			demo: i.demo
		}))
	};
};

const errorsOf = (error: unknown): Record<string, string> | null => {
	if (error instanceof ValidationError) return error.localise(requestLocale()).fieldErrors;
	if (error instanceof AppError && error.status < 500) return { file: error.localised(requestLocale()) };
	return null;
};

export const actions: Actions = {
	// Named one by one so the route tests see every action of the page.
	polisen: polisenActions.polisen,
	polisenFetch: polisenActions.polisenFetch,
	start: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const file = form.get('file');
		const sourceName = String(form.get('sourceName') ?? '');
		try {
			const draft = await startCrimeImport({
				db,
				actor,
				municipalityId: municipality.id,
				fileName: file instanceof File ? file.name : '',
				data: file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(),
				sourceName
			});
			return { step: 'mapping' as const, draft, errors: {} as Record<string, string> };
		} catch (error) {
			const errors = errorsOf(error);
			if (errors) return fail(400, { step: 'start' as const, sourceName, errors });
			throw error;
		}
	},
	check: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const draftId = String(form.get('draftId') ?? '');
		const mapping = mappingFromForm(form);
		try {
			const check = await checkCrimeImport({ db, actor, municipalityId: municipality.id, draftId, mapping });
			return {
				step: 'report' as const,
				check: {
					...check,
					rejected: localiseReasons(check.rejected.slice(0, SHOWN_REJECTED), requestLocale()),
					rejectedTotal: check.rejected.length
				},
				errors: {} as Record<string, string>
			};
		} catch (error) {
			if (error instanceof ValidationError) {
				const draft = await getCrimeDraft({ db, actor, municipalityId: municipality.id, draftId });
				return fail(400, { step: 'mapping' as const, draft: { ...draft, mapping, remembered: false }, errors: error.localise(requestLocale()).fieldErrors });
			}
			const errors = errorsOf(error);
			if (errors) return fail(400, { step: 'start' as const, sourceName: '', errors });
			throw error;
		}
	},
	finish: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const choice = form.get('choice') === 'rest' ? 'rest' : 'nothing';
		try {
			const result = await finishCrimeImport({
				db,
				actor,
				municipalityId: municipality.id,
				draftId: String(form.get('draftId') ?? ''),
				choice,
				ip: clientIp(event)
			});
			return { step: 'done' as const, result, errors: {} as Record<string, string> };
		} catch (error) {
			const errors = errorsOf(error);
			if (errors) return fail(400, { step: 'start' as const, sourceName: '', errors });
			throw error;
		}
	},
	remove: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const removed = await asHttpError(() =>
			deleteCrimeImport({ db, actor, municipalityId: municipality.id, importId: String(form.get('importId') ?? ''), ip: clientIp(event) })
		);
		return { step: 'removed' as const, removed, errors: {} as Record<string, string> };
	}
};
