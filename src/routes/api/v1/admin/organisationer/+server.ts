import { error } from '@sveltejs/kit';
import { createOrganisation, linkOrganisation } from '$lib/server/modules/organisations/organisation-editing.usecases';
import { findMunicipalityBySlug } from '$lib/server/modules/organisations/organisations.repository';
import { apiResult, jsonBody, str } from '$lib/server/modules/organisations/admin-api';
import { ValidationError } from '$lib/server/platform/errors';
import { clientIp, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	requireActor(event, 'app.enter');
	const { db } = (await runtime()).database;
	const body = await jsonBody(event);
	const municipality = await findMunicipalityBySlug(db, str(body.kommun).toLowerCase());
	if (!municipality) error(404, { message: 'Kommunen finns inte i Förebygg.', code: 'organisations.municipality_not_found' });
	const actor = requireActor(event, 'organisation.edit', { municipalityId: municipality.id });
	const also = Array.isArray(body.also) ? body.also.map(str) : [];
	// Serving several municipalities crosses them: only an admin, and refused before anything is written.
	if (also.length) requireActor(event, 'installation.manage');
	return apiResult(async () => {
		const others = [];
		for (const slug of also) {
			const other = await findMunicipalityBySlug(db, slug.toLowerCase());
			if (!other) throw new ValidationError({ also: `Kommunen ${slug} finns inte i Förebygg.` });
			others.push(other);
		}
		const row = await createOrganisation({ db, actor, municipalityId: municipality.id, name: str(body.name), type: str(body.type), ip: clientIp(event) });
		for (const other of others) await linkOrganisation({ db, actor, organisationId: row.id, municipalityId: other.id, linked: true, ip: clientIp(event) });
		return { id: row.id, name: row.name, type: row.type, slug: row.slug, municipalities: [municipality.slug, ...others.map((o) => o.slug)] };
	}, 201);
};
