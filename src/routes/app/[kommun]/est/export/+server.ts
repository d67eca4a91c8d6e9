import { error } from '@sveltejs/kit';
import { exportReports } from '$lib/server/modules/est/est.usecases';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** /app/{kommun}/est/export?format=csv|geojson&fran=YYYY-MM-DD&till=YYYY-MM-DD: the reports of a period (audited). */
export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'est.read');
	const format = event.url.searchParams.get('format') ?? 'csv';
	if (format !== 'csv' && format !== 'geojson') error(404);
	const from = event.url.searchParams.get('fran') ?? '';
	const to = event.url.searchParams.get('till') ?? '';
	const body = await asHttpError(() => exportReports({ db, actor, municipalityId: municipality.id, format, from, to, ip: clientIp(event) }));
	const name = `est-rapporter-${municipality.slug}-${from}-${to}.${format === 'csv' ? 'csv' : 'geojson'}`;
	return new Response(body, {
		headers: {
			'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
};
