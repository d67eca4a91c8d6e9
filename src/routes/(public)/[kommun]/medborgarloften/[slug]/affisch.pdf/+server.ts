import { getPublicPromise, promiseFile } from '$lib/server/modules/promises/promises.usecases';
import { asHttpError, publicMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';
import { systemActor } from '$lib/server/platform/authz';

/** An A4 poster with a QR code to the promise page, for notice boards. */
export const GET: RequestHandler = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const promise = await asHttpError(() => getPublicPromise({ db, municipalityId: municipality.id, slug: event.params.slug }));
	const url = `${event.url.origin}/${municipality.slug}/medborgarloften/${promise.slug}`;
	const file = await asHttpError(() =>
		promiseFile({ db, actor: systemActor('public-site'), municipality, promise, kind: 'affisch', format: 'pdf', url, ip: null })
	);
	return new Response(new Uint8Array(file.body), {
		headers: { 'content-type': file.contentType, 'content-disposition': `inline; filename="${file.fileName}"`, 'cache-control': 'public, max-age=300' }
	});
};
