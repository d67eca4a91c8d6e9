import { error } from '@sveltejs/kit';
import { reportPhoto } from '$lib/server/modules/est/est.usecases';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A report's photo (stored without metadata); private, never cached by a shared cache. */
export const GET: RequestHandler = async (event) => {
	const { actor, db } = await requireMunicipality(event, 'est.read');
	if (!UUID.test(event.params.id)) error(404);
	const photo = await asHttpError(() => reportPhoto({ db, actor, reportId: event.params.id, ip: clientIp(event) }));
	return new Response(Buffer.from(photo), {
		headers: { 'content-type': 'image/jpeg', 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' }
	});
};
