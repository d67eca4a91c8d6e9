import { widgetHtml } from '$lib/server/modules/promises/promise-widget';
import { getPublicPromise } from '$lib/server/modules/promises/promises.usecases';
import { asHttpError, publicMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** The page the widget's iframe shows; other sites may frame it (hooks leave /widget without X-Frame-Options). */
export const GET: RequestHandler = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const promise = await asHttpError(() => getPublicPromise({ db, municipalityId: municipality.id, slug: event.params.slug }));
	const url = `${event.url.origin}/${municipality.slug}/medborgarloften/${promise.slug}`;
	return new Response(widgetHtml(promise, { municipalityName: municipality.officialName, url }), {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *",
			'cache-control': 'public, max-age=300'
		}
	});
};
