import { fail, redirect } from '@sveltejs/kit';
import { confirmPromiseImport, previewPromiseImport } from '$lib/server/modules/promises/promises.usecases';
import { AppError, localiseNotes } from '$lib/server/platform/errors';
import { clientIp, requestLocale, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireMunicipality(event, 'municipality.manage');
	return {};
};

export const actions: Actions = {
	preview: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const text = String(form.get('text') ?? '');
		try {
			const { draftId, draft } = await previewPromiseImport({ db, actor, municipality: { id: municipality.id, name: municipality.name }, text });
			return {
				step: 'preview' as const,
				draftId,
				draft: { ...draft, problems: localiseNotes(draft.problems, requestLocale()) },
				errors: {} as Record<string, string>
			};
		} catch (error) {
			if (error instanceof AppError && error.status < 500)
				return fail(error.status, { step: 'input' as const, errors: { text: error.localised(requestLocale()) } as Record<string, string> });
			throw error;
		}
	},
	save: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		let promiseId: string;
		try {
			promiseId = await confirmPromiseImport({
				db,
				actor,
				municipalityId: municipality.id,
				draftId: String(form.get('draftId') ?? ''),
				title: String(form.get('title') ?? ''),
				ip: clientIp(event)
			});
		} catch (error) {
			if (error instanceof AppError && error.status < 500)
				return fail(error.status, { step: 'input' as const, errors: { text: error.localised(requestLocale()) } as Record<string, string> });
			throw error;
		}
		redirect(303, `/app/${municipality.slug}/medborgarloften/${promiseId}`);
	}
};
