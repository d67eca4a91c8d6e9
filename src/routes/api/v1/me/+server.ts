import { json } from '@sveltejs/kit';
import { listMunicipalitiesFor } from '$lib/server/modules/organisations/organisations.usecases';
import { requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event, 'account.manage');
	const municipalities = await listMunicipalitiesFor((await runtime()).database.db, actor);
	const slugOf = new Map(municipalities.map((m) => [m.id, m.slug]));
	return json({
		email: actor.email,
		name: actor.name,
		memberships: actor.memberships.map((m) => ({
			role: m.role,
			municipality: m.municipalityId ? (slugOf.get(m.municipalityId) ?? null) : null,
			organisationId: m.organisationId
		}))
	});
};
