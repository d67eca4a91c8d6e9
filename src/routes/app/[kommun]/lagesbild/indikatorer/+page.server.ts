import { fail } from '@sveltejs/kit';
import { compareIndicators } from '$lib/server/modules/situation/indicators/indicator-comparison';
import { fetchKoladaIndicators, importIndicatorFile, listIndicators } from '$lib/server/modules/situation/indicators/indicators.usecases';
import { AppError, ValidationError, reasonText } from '$lib/server/platform/errors';
import { asHttpError, clientIp, requestLocale, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const values = await asHttpError(() => listIndicators({ db, actor, municipalityId: municipality.id }));
	return {
		indicators: compareIndicators(values, municipality),
		regions: { kommun: municipality.name, lan: municipality.county, riket: 'Riket' }
	};
};

export const actions: Actions = {
	upload: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const file = (await event.request.formData()).get('file');
		try {
			const result = await importIndicatorFile({
				db,
				actor,
				municipalityId: municipality.id,
				fileName: file instanceof File ? file.name : '',
				data: file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(),
				ip: clientIp(event)
			});
			return { saved: result.saved, problems: result.problems.map((p) => reasonText(p, requestLocale())), errors: {} as Record<string, string> };
		} catch (error) {
			if (error instanceof ValidationError) return fail(400, { errors: error.fieldErrors });
			throw error;
		}
	},
	kolada: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const year = new Date().getFullYear();
		try {
			const saved = await fetchKoladaIndicators({
				db,
				actor,
				municipality,
				baseUrl: process.env.KOLADA_URL ?? 'https://api.kolada.se',
				years: [year - 5, year - 4, year - 3, year - 2, year - 1],
				ip: clientIp(event)
			});
			return { saved, problems: [] as string[], errors: {} as Record<string, string> };
		} catch (error) {
			// 424 Failed Dependency: the form worked, Kolada did not (the machine is often offline).
			if (error instanceof AppError && error.code === 'situation.kolada_unreachable')
				return fail(424, { errors: { kolada: error.localised(requestLocale()) } as Record<string, string> });
			throw error;
		}
	}
};
