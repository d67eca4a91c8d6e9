import { fail } from '@sveltejs/kit';
import { AREA_KINDS, type AreaKind } from '$lib/server/modules/situation/situation.models';
import { areaPopulationSummaries, importPopulationFile } from '$lib/server/modules/situation/indicators/population.usecases';
import { saveDrawnArea } from '$lib/server/modules/situation/areas/drawn-area.usecases';
import { importAreaFile, listAreas } from '$lib/server/modules/situation/areas/areas.usecases';
import { AppError, ValidationError, errorText, localiseReasons } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requestLocale, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.read');
	const [areas, populations] = await asHttpError(() =>
		Promise.all([listAreas({ db, actor, municipalityId: municipality.id }), areaPopulationSummaries({ db, actor, municipalityId: municipality.id })])
	);
	return {
		basemapUrl: app.config.mapBasemapUrl,
		areas: areas.map((a) => ({
			id: a.id,
			kind: a.kind,
			code: a.code,
			name: a.name,
			population: a.population,
			populationDetail: populations.get(a.id) ?? null,
			approximate: a.approximate,
			source: a.source,
			epsg: a.sourceEpsg
		}))
	};
};

export const actions: Actions = {
	upload: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const file = form.get('file');
		const kindText = String(form.get('kind') ?? 'auto');
		const kind = (AREA_KINDS as readonly string[]).includes(kindText) ? (kindText as AreaKind) : 'auto';
		const nameProperty = String(form.get('nameProperty') ?? '').trim();
		const codeProperty = String(form.get('codeProperty') ?? '').trim();
		const chosen = { nameProperty, codeProperty };
		if (!(file instanceof File) || file.size === 0)
			return fail(400, {
				errors: { file: errorText('situation.areas_empty', undefined, requestLocale()) ?? '' } as Record<string, string>,
				properties: [] as string[],
				chosen
			});
		try {
			const result = await importAreaFile({
				db,
				actor,
				municipality,
				fileName: file.name,
				data: new Uint8Array(await file.arrayBuffer()),
				kind,
				ip: clientIp(event),
				properties: nameProperty ? { nameProperty, codeProperty: codeProperty || null } : null
			});
			return { result: { ...result, skipped: localiseReasons(result.skipped, requestLocale()) }, errors: {} as Record<string, string> };
		} catch (error) {
			if (error instanceof AppError && error.status < 500) {
				// A file whose areas have no name the importer knows: the user picks the properties and sends the file again.
				const properties = Array.isArray(error.details?.properties) ? (error.details.properties as string[]) : [];
				return fail(error.status, { errors: { file: error.localised(requestLocale()) } as Record<string, string>, properties, chosen });
			}
			throw error;
		}
	},
	draw: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const values = { name: String(form.get('name') ?? ''), boundary: String(form.get('boundary') ?? '') };
		const drawn = await orInvalid(() => saveDrawnArea({ db, actor, municipality, ...values, ip: clientIp(event) }), ValidationError);
		if (drawn instanceof ValidationError) return fail(400, { drawValues: values, errors: drawn.fieldErrors });
		return { drawn, errors: {} as Record<string, string> };
	},
	population: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const file = form.get('populationFile');
		try {
			const population = await importPopulationFile({
				db,
				actor,
				municipality,
				fileName: file instanceof File ? file.name : '',
				data: file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(),
				partial: form.get('partial') === '1',
				ip: clientIp(event)
			});
			return { population: { ...population, problems: localiseReasons(population.problems, requestLocale()) }, errors: {} as Record<string, string> };
		} catch (error) {
			if (error instanceof ValidationError) return fail(400, { errors: error.fieldErrors });
			throw error;
		}
	}
};
