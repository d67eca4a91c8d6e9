import { SERVER_MODULES } from '$lib/server/modules/registry';
import { readConfig } from '$lib/server/platform/config';
import { requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const roles = actor.memberships.filter((m) => m.municipalityId === municipality.id || m.municipalityId === null).map((m) => m.role);
	const config = readConfig();
	// "Att göra", module by module: each manifest's `todo` decides what this person has to do here.
	const todo = (
		await Promise.all(
			SERVER_MODULES.map((module) => module.todo?.({ db, actor, municipality: { id: municipality.id, slug: municipality.slug }, config }) ?? [])
		)
	).flat();
	return { roles, todo };
};
