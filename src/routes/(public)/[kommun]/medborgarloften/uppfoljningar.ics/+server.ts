import { followUpCalendar } from '$lib/server/modules/promises/promise-opendata';
import { listPublicPromises } from '$lib/server/modules/promises/promises.usecases';
import { publicMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** The public follow-up dates as a calendar to subscribe to (iCalendar, RFC 5545). */
export const GET: RequestHandler = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const promises = await listPublicPromises({ db, municipalityId: municipality.id });
	const body = followUpCalendar(promises, municipality, event.url.origin, event.url.hostname);
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `inline; filename="medborgarloften-${municipality.slug}.ics"`,
			'cache-control': 'public, max-age=300'
		}
	});
};
