import type { Db } from '../../db/client';
import { decide, isAdmin, type Actor } from '../../platform/authz';
import { ForbiddenError, NotFoundError } from '../../platform/errors';
import {
	findMunicipalitiesByIds,
	findMunicipalityBySlug,
	listMunicipalities,
	listOrganisationsOfMunicipality,
	type MunicipalityRow
} from './organisations.repository';

/** The municipality behind a URL slug, or a 404 with a stable code. */
export async function getMunicipality(db: Db, slug: string): Promise<MunicipalityRow> {
	const municipality = await findMunicipalityBySlug(db, slug.toLowerCase());
	if (!municipality) throw new NotFoundError('organisations.municipality_not_found', 'Kommunen finns inte i Förebygg.');
	return municipality;
}

export async function listMunicipalitiesFor(db: Db, actor: Actor): Promise<MunicipalityRow[]> {
	if (isAdmin(actor)) return listMunicipalities(db);
	const ids = [...new Set(actor.memberships.map((m) => m.municipalityId).filter((id): id is string => id !== null))];
	return findMunicipalitiesByIds(db, ids);
}

export async function listOrganisations(options: { db: Db; actor: Actor; municipalityId: string }) {
	const decision = decide(options.actor, 'municipality.read', { municipalityId: options.municipalityId });
	if (!decision.allowed) throw new ForbiddenError(decision.reason);
	return listOrganisationsOfMunicipality(options.db, options.municipalityId);
}
