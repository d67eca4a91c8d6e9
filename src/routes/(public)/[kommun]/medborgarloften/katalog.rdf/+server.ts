import { dcatCatalogue } from '$lib/server/modules/promises/promise-opendata';
import { listPublicPromises } from '$lib/server/modules/promises/promises.usecases';
import { publicMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** The DCAT-AP-SE catalogue Sweden's data portal harvests (RDF/XML). */
export const GET: RequestHandler = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const promises = await listPublicPromises({ db, municipalityId: municipality.id });
	return new Response(dcatCatalogue(promises, municipality, event.url.origin), {
		headers: { 'content-type': 'application/rdf+xml; charset=utf-8', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' }
	});
};
