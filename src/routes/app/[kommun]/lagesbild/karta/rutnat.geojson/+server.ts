import { gridGeoJson, mapGrid, resolveMapQuery } from '$lib/server/modules/situation/analysis/map.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** Density cells with their Gi* hot spot result for the chosen period, category, shape and size. */
export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const body = await asHttpError(async () => {
		const query = await resolveMapQuery({ db, actor, municipalityId: municipality.id, query: event.url.searchParams });
		return gridGeoJson(await mapGrid({ db, actor, municipalityId: municipality.id, query }));
	});
	return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/geo+json; charset=utf-8', 'cache-control': 'private, no-store' } });
};
