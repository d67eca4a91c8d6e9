import { fail, type RequestEvent } from '@sveltejs/kit';
import { AppError, ValidationError, localiseReasons } from '../../../platform/errors';
import { clientIp, requestLocale, requireMunicipality } from '../../../platform/guard';
import { polisenTypeTable, type PolisenSkipped } from './polisen-events';
import { fetchPolisenEvents, importPolisenFile } from './polisen.usecases';
import { categoryName } from '../situation.models';

/**
 * The crime import page's section for Polisen's events API, kept apart from the extract
 * import's steps: the page spreads these actions and shows the section's component.
 */

export const POLISEN_EVENTS_URL_DEFAULT = 'https://polisen.se/api/events';

/** Which Polisen event types count as which crime category (shown on the page). */
export function polisenTypes() {
	return polisenTypeTable().map((t) => ({ type: t.type, category: categoryName(t.category) }));
}

/** The import's summary with the reasons for left-out events in the reader's language. */
function shown<T extends { skipped: PolisenSkipped[] }>(summary: T): T {
	return { ...summary, skipped: localiseReasons(summary.skipped, requestLocale()) };
}

function failure(error: unknown) {
	if (error instanceof ValidationError) return fail(400, { step: 'polisen' as const, polisen: null, errors: error.localise(requestLocale()).fieldErrors });
	// 424 Failed Dependency: the form worked, Polisen's API did not (the machine is often offline).
	if (error instanceof AppError && error.code === 'situation.polisen_unreachable')
		return fail(424, { step: 'polisen' as const, polisen: null, errors: { polisenFetch: error.localised(requestLocale()) } as Record<string, string> });
	throw error;
}

export const polisenActions = {
	polisen: async (event: RequestEvent) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const file = (await event.request.formData()).get('polisenFile');
		try {
			const polisen = await importPolisenFile({
				db,
				actor,
				municipality,
				fileName: file instanceof File ? file.name : '',
				data: file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(),
				ip: clientIp(event)
			});
			return { step: 'polisen' as const, polisen: shown(polisen), errors: {} as Record<string, string> };
		} catch (error) {
			return failure(error);
		}
	},
	polisenFetch: async (event: RequestEvent) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		try {
			const polisen = await fetchPolisenEvents({
				db,
				actor,
				municipality,
				url: process.env.POLISEN_EVENTS_URL || POLISEN_EVENTS_URL_DEFAULT,
				ip: clientIp(event)
			});
			return { step: 'polisen' as const, polisen: shown(polisen), errors: {} as Record<string, string> };
		} catch (error) {
			return failure(error);
		}
	}
};
