import { json } from '@sveltejs/kit';
import { listMunicipalitiesFor } from '$lib/server/modules/organisations/organisations.usecases';
import { requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event, 'app.enter');
	const municipalities = await listMunicipalitiesFor((await runtime()).database.db, actor);
	return json(municipalities.map(({ slug, name, officialName, scbCode, county }) => ({ slug, name, officialName, scbCode, county })));
};
