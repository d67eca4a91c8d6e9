import { json } from '@sveltejs/kit';
import { listAreas } from '$lib/server/modules/situation/areas/areas.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const areas = await asHttpError(() => listAreas({ db, actor, municipalityId: municipality.id }));
	return json(areas.map((a) => ({ id: a.id, code: a.code, name: a.name, kind: a.kind, population: a.population })));
};
