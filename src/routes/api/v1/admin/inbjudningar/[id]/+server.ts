import { error } from '@sveltejs/kit';
import { withdrawInvitation } from '$lib/server/modules/users/invitations.usecases';
import { findMunicipalityBySlug } from '$lib/server/modules/organisations/organisations.repository';
import { apiResult } from '$lib/server/modules/organisations/admin-api';
import { clientIp, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = async (event) => {
	requireActor(event, 'app.enter');
	const { db } = (await runtime()).database;
	const municipality = await findMunicipalityBySlug(db, (event.url.searchParams.get('kommun') ?? '').toLowerCase());
	if (!municipality) error(404, { message: 'Kommunen finns inte i Förebygg.', code: 'organisations.municipality_not_found' });
	const actor = requireActor(event, 'municipality.manage', { municipalityId: municipality.id });
	return apiResult(() => withdrawInvitation({ db, actor, invitationId: event.params.id, municipalityId: municipality.id, ip: clientIp(event) }));
};
