import { mapPoints, pointsGeoJson, resolveMapQuery } from '$lib/server/modules/situation/analysis/map.usecases';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** Individual located events: signed-in users of the municipality only, every read in the audit log. */
export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const body = await asHttpError(async () => {
		const query = await resolveMapQuery({ db, actor, municipalityId: municipality.id, query: event.url.searchParams });
		return pointsGeoJson(await mapPoints({ db, actor, municipalityId: municipality.id, query, ip: clientIp(event) }));
	});
	const download = event.url.searchParams.get('ladda') === '1';
	return new Response(JSON.stringify(body), {
		headers: {
			'content-type': 'application/geo+json; charset=utf-8',
			'cache-control': 'private, no-store',
			...(download ? { 'content-disposition': `attachment; filename="brott-punkter-${municipality.slug}.geojson"` } : {})
		}
	});
};
