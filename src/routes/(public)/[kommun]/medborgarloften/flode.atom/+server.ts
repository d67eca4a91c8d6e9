import { atomFeed, feedEntries } from '$lib/server/modules/promises/promise-opendata';
import { listPublicPromises } from '$lib/server/modules/promises/promises.usecases';
import { publicMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** New promises and published follow-ups of the municipality (Atom, RFC 4287). */
export const GET: RequestHandler = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const promises = await listPublicPromises({ db, municipalityId: municipality.id });
	const body = atomFeed({
		municipality,
		origin: event.url.origin,
		selfUrl: `${event.url.origin}${event.url.pathname}`,
		entries: feedEntries(promises, municipality, event.url.origin)
	});
	return new Response(body, { headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=300' } });
};
