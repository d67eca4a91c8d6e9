import { areasGeoJson, mapAreas, resolveMapQuery } from '$lib/server/modules/situation/analysis/map.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** The map's areas with the figures of both periods (the same query string as the page). */
export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const body = await asHttpError(async () => {
		const query = await resolveMapQuery({ db, actor, municipalityId: municipality.id, query: event.url.searchParams });
		return areasGeoJson(await mapAreas({ db, actor, municipalityId: municipality.id, query }), query);
	});
	return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/geo+json; charset=utf-8', 'cache-control': 'private, no-store' } });
};
