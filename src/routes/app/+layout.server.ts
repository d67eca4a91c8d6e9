import { listMunicipalitiesFor } from '$lib/server/modules/organisations/organisations.usecases';
import { guardLayout } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const actor = guardLayout(event, 'app.enter');
	const app = await runtime();
	const municipalities = await listMunicipalitiesFor(app.database.db, actor);
	return { municipalities: municipalities.map((m) => ({ slug: m.slug, name: m.name })) };
};
