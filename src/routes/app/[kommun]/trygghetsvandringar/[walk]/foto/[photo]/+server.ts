import { walkPhoto } from '$lib/server/modules/walks/walks.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** A finding's photo for the municipality's own people (public pages show only publishable ones, elsewhere). */
export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'walk.read');
	const photo = await asHttpError(() => walkPhoto({ db, actor, municipalityId: municipality.id, photoId: event.params.photo }));
	return new Response(Buffer.from(photo.bytes), {
		headers: { 'content-type': photo.mime, 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' }
	});
};
