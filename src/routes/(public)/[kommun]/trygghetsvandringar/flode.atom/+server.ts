import { findingsFeed } from '$lib/server/modules/walks/walks.opendata';
import { publishedFindings } from '$lib/server/modules/walks/walks.usecases';
import { publicMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** The municipality's safety walk findings and their changes (Atom, RFC 4287). */
export const GET: RequestHandler = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const body = findingsFeed({
		municipality,
		origin: event.url.origin,
		selfUrl: `${event.url.origin}${event.url.pathname}`,
		findings: await publishedFindings({ db, municipalityId: municipality.id })
	});
	return new Response(body, { headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=300' } });
};
