import { fail, redirect } from '@sveltejs/kit';
import {
	checkReportImport,
	confirmReportImport,
	importMappingFromForm,
	reportImportDraft,
	reportImportForm,
	setReportImportMapping,
	startReportImport
} from '$lib/server/modules/est/est.import.usecases';
import { IMPORT_FIELDS } from '$lib/server/modules/est/est.import';
import { AppError, ValidationError, errorText } from '$lib/server/platform/errors';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requestLocale, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

/** The rejected rows shown on the page; the count always covers every row. */
const SHOWN_REJECTED = 500;

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'est.report.import');
	const locale = requestLocale();
	const draftId = event.url.searchParams.get('utkast');
	const form = await asHttpError(() => reportImportForm({ db, actor, municipalityId: municipality.id }));
	const draft = draftId ? await asHttpError(() => reportImportDraft({ db, actor, municipalityId: municipality.id, draftId })) : null;
	const check =
		draft && event.url.searchParams.get('kontroll')
			? await asHttpError(() => checkReportImport({ db, actor, municipalityId: municipality.id, draftId: draft.draftId }))
			: null;
	return {
		...form,
		fields: IMPORT_FIELDS,
		draft,
		check: check && {
			mappingReady: check.mappingReady,
			valid: check.valid,
			rejectedTotal: check.rejected.length,
			rejected: check.rejected.slice(0, SHOWN_REJECTED).map((row) => ({
				row: row.row,
				problems: row.problems.map((p) => ({ column: p.column, text: errorText(p.text.code, p.text.params, locale) ?? p.message }))
			}))
		},
		imported: event.url.searchParams.get('importerade')
	};
};

const here = (slug: string, query = '') => `/app/${slug}/est/import${query}`;

export const actions: Actions = {
	upload: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'est.report.import');
		const data = await event.request.formData();
		const file = data.get('file');
		const organisationId = textOf(data, 'organisationId');
		let draftId: string;
		try {
			({ draftId } = await startReportImport({
				db,
				actor,
				municipalityId: municipality.id,
				fileName: file instanceof File ? file.name : '',
				data: file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(),
				organisationId
			}));
		} catch (error) {
			if (error instanceof ValidationError)
				return fail(400, { form: 'upload', values: { organisationId }, errors: error.localise(requestLocale()).fieldErrors });
			if (error instanceof AppError && error.status < 500)
				return fail(400, { form: 'upload', values: { organisationId }, errors: { file: error.localised(requestLocale()) } });
			throw error;
		}
		redirect(303, here(municipality.slug, `?utkast=${draftId}`));
	},
	mapping: formAction({
		guard: (event) => requireMunicipality(event, 'est.report.import'),
		form: 'mapping',
		read: (data) => ({ draftId: textOf(data, 'draftId'), ...importMappingFromForm(data) }),
		run: async ({ actor, municipality, db }, { draftId, ...mapping }) => {
			await setReportImportMapping({ db, actor, municipalityId: municipality.id, draftId, mapping });
			return draftId;
		},
		redirect: (draftId, { municipality }) => here(municipality.slug, `?utkast=${draftId}&kontroll=1`)
	}),
	confirm: formAction({
		guard: (event) => requireMunicipality(event, 'est.report.import'),
		form: 'confirm',
		read: (data) => ({ draftId: textOf(data, 'draftId') }),
		run: ({ actor, municipality, db }, { draftId }, event) => confirmReportImport({ db, actor, municipalityId: municipality.id, draftId, ip: clientIp(event) }),
		redirect: (result, { municipality }) => here(municipality.slug, `?importerade=${result.imported}`)
	})
};
