import { error } from '@sveltejs/kit';
import { moduleBySegment } from '$lib/modules/registry';
import { requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

/** Modules not built yet explain what they will do; built modules have their own routes. */
export const load: PageServerLoad = async (event) => {
	await requireMunicipality(event, 'municipality.read');
	const module = moduleBySegment(event.params.modul);
	if (!module || module.built) error(404, { message: 'Sidan finns inte.', code: 'app.module_not_found' });
	return { moduleId: module.id };
};
