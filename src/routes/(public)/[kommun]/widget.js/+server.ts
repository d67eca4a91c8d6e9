import { widgetScript } from '$lib/server/modules/promises/promise-widget';
import { publicMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** The small script a municipality embeds to show a promise in an iframe on its own site. */
export const GET: RequestHandler = async (event) => {
	const { municipality } = await publicMunicipality(event);
	return new Response(widgetScript(event.url.origin, municipality.slug), {
		headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' }
	});
};
