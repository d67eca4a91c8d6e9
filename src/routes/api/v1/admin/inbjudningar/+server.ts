import { error, type RequestEvent } from '@sveltejs/kit';
import { inviteUser, listInvitations } from '$lib/server/modules/users/invitations.usecases';
import { findMunicipalityBySlug } from '$lib/server/modules/organisations/organisations.repository';
import { apiResult, jsonBody, str } from '$lib/server/modules/organisations/admin-api';
import { clientIp, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

async function municipalityOf(event: RequestEvent, slug: string) {
	requireActor(event, 'app.enter');
	const app = await runtime();
	const municipality = await findMunicipalityBySlug(app.database.db, slug.toLowerCase());
	if (!municipality) error(404, { message: 'Kommunen finns inte i Förebygg.', code: 'organisations.municipality_not_found' });
	const actor = requireActor(event, 'municipality.manage', { municipalityId: municipality.id });
	return { app, actor, municipality };
}

export const GET: RequestHandler = async (event) => {
	const { app, actor, municipality } = await municipalityOf(event, event.url.searchParams.get('kommun') ?? '');
	return apiResult(() => listInvitations({ db: app.database.db, actor, municipalityId: municipality.id }));
};

export const POST: RequestHandler = async (event) => {
	// Signed in before the body is read: an anonymous caller learns nothing about its shape.
	requireActor(event, 'app.enter');
	const body = await jsonBody(event);
	const { app, actor, municipality } = await municipalityOf(event, str(body.kommun));
	return apiResult(async () => {
		const { invitation } = await inviteUser({
			db: app.database.db,
			config: app.config,
			actor,
			input: {
				email: str(body.email),
				name: str(body.name),
				role: str(body.role) as never,
				organisationId: str(body.organisationId),
				municipalityId: municipality.id
			},
			ip: clientIp(event)
		});
		// The link is for the invited person's inbox only; the caller gets the invitation, never its token.
		return { id: invitation.id, email: invitation.email, name: invitation.name, role: invitation.role, expiresAt: invitation.expiresAt };
	}, 201);
};
