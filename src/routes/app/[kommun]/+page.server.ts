import { pendingFollowUps } from '$lib/server/modules/plans/follow-up.usecases';
import { requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const roles = actor.memberships.filter((m) => m.municipalityId === municipality.id || m.municipalityId === null).map((m) => m.role);
	return { roles, followUps: await pendingFollowUps({ db, actor, municipalityId: municipality.id }) };
};
