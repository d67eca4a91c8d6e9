import { findingsCsv } from '$lib/server/modules/walks/walks.opendata';
import { publishedFindings } from '$lib/server/modules/walks/walks.usecases';
import { publicMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** The findings of published walks as CSV (CC0). */
export const GET: RequestHandler = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	return new Response(findingsCsv(await publishedFindings({ db, municipalityId: municipality.id })), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="trygghetsvandringar-${municipality.slug}.csv"`,
			'cache-control': 'public, max-age=300'
		}
	});
};
