import { requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality } = await requireMunicipality(event, 'municipality.read');
	const roles = actor.memberships.filter((m) => m.municipalityId === municipality.id || m.municipalityId === null).map((m) => m.role);
	return { roles };
};
