import { findingsGeoJson } from '$lib/server/modules/walks/walks.opendata';
import { publishedFindings } from '$lib/server/modules/walks/walks.usecases';
import { publicMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** The located findings of published walks as GeoJSON (CC0). */
export const GET: RequestHandler = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const body = findingsGeoJson(await publishedFindings({ db, municipalityId: municipality.id }), 'https://creativecommons.org/publicdomain/zero/1.0/');
	return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/geo+json; charset=utf-8', 'cache-control': 'public, max-age=300' } });
};
