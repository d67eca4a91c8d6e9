import { walkMapView } from '$lib/server/modules/walks/walks.usecases';
import { decide } from '$lib/server/platform/authz';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'walk.read');
	return {
		...(await asHttpError(() => walkMapView({ db, actor, municipalityId: municipality.id, walkId: event.params.walk }))),
		basemapUrl: app.config.mapBasemapUrl,
		canPlan: decide(actor, 'walk.plan', { municipalityId: municipality.id }).allowed
	};
};
