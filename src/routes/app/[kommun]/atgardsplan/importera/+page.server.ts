import { fail, redirect } from '@sveltejs/kit';
import { confirmPlanImport, previewPlanImport, type ImportSource } from '$lib/server/modules/plans/plans.usecases';
import { AppError, localiseNotes } from '$lib/server/platform/errors';
import { clientIp, requestLocale, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireMunicipality(event, 'municipality.manage');
	return {};
};

async function sourceFrom(form: FormData): Promise<ImportSource> {
	const file = form.get('file');
	if (file instanceof File && file.size > 0) return { kind: 'file', fileName: file.name, data: new Uint8Array(await file.arrayBuffer()) };
	return { kind: 'text', text: String(form.get('text') ?? '') };
}

/** The user's answers to "is this the same organisation?": fields `sameAs:<name key>` holding an organisation id. */
function sameAsFrom(form: FormData): Record<string, string> {
	const sameAs: Record<string, string> = {};
	for (const [field, value] of form.entries()) {
		if (field.startsWith('sameAs:') && typeof value === 'string' && value !== 'new') sameAs[field.slice('sameAs:'.length)] = value;
	}
	return sameAs;
}

export const actions: Actions = {
	preview: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		try {
			const { draftId, parsed, fileName, suggestions } = await previewPlanImport({
				db,
				actor,
				municipalityId: municipality.id,
				source: await sourceFrom(form)
			});
			const preview = { ...parsed, problems: localiseNotes(parsed.problems, requestLocale()) };
			return { step: 'preview' as const, draftId, fileName, preview, suggestions, errors: {} as Record<string, string> };
		} catch (error) {
			if (error instanceof AppError && error.status < 500)
				return fail(error.status, { step: 'input' as const, errors: { file: error.localised(requestLocale()) } as Record<string, string> });
			throw error;
		}
	},
	save: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		let planId: string;
		try {
			planId = await confirmPlanImport({
				db,
				actor,
				municipalityId: municipality.id,
				draftId: String(form.get('draftId') ?? ''),
				title: String(form.get('title') ?? ''),
				ip: clientIp(event),
				sameAs: sameAsFrom(form)
			});
		} catch (error) {
			if (error instanceof AppError && error.status < 500)
				return fail(error.status, { step: 'input' as const, errors: { file: error.localised(requestLocale()) } as Record<string, string> });
			throw error;
		}
		redirect(303, `/app/${municipality.slug}/atgardsplan/${planId}`);
	}
};
