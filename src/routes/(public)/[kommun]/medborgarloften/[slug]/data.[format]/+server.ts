import { error } from '@sveltejs/kit';
import { licenceOf, promiseCsv, promiseJson } from '$lib/server/modules/promises/promise-opendata';
import { getPublicPromise } from '$lib/server/modules/promises/promises.usecases';
import { asHttpError, publicMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** One published promise with its follow-ups as open data (JSON or CSV). */
export const GET: RequestHandler = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const format = event.params.format;
	if (format !== 'json' && format !== 'csv') error(404, { message: 'Formatet finns inte. Välj data.json eller data.csv.', code: 'promises.format_not_found' });
	const promise = await asHttpError(() => getPublicPromise({ db, municipalityId: municipality.id, slug: event.params.slug }));
	const licence = licenceOf(promise.licence);
	const headers = {
		'cache-control': 'public, max-age=300',
		'access-control-allow-origin': '*',
		link: `<${licence.url}>; rel="license"`,
		'content-disposition': `inline; filename="${promise.slug}.${format}"`
	};
	if (format === 'csv') return new Response(promiseCsv(promise), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
	return new Response(JSON.stringify(promiseJson(promise, municipality, event.url.origin), null, 2), {
		headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }
	});
};
