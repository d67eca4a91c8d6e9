import { publicWalkPhoto } from '$lib/server/modules/walks/walks.usecases';
import { asHttpError, publicMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** A publishable photo of a published walk (any other photo is "not found"). */
export const GET: RequestHandler = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const photo = await asHttpError(() => publicWalkPhoto({ db, municipalityId: municipality.id, photoId: event.params.photo }));
	return new Response(Buffer.from(photo.bytes), {
		headers: { 'content-type': photo.mime, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' }
	});
};
