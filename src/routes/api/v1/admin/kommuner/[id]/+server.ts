import { deleteMunicipality, renameMunicipality, setMunicipalityActive } from '$lib/server/modules/organisations/municipalities.usecases';
import { findMunicipalityById } from '$lib/server/modules/organisations/organisations.repository';
import { apiResult, jsonBody, str } from '$lib/server/modules/organisations/admin-api';
import { NotFoundError } from '$lib/server/platform/errors';
import { isUuid } from '$lib/server/platform/ids';
import { clientIp, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = async (event) => {
	const actor = requireActor(event, 'installation.manage');
	const { db } = (await runtime()).database;
	const body = await jsonBody(event);
	const municipalityId = event.params.id;
	return apiResult(async () => {
		const row = isUuid(municipalityId) ? await findMunicipalityById(db, municipalityId) : undefined;
		if (!row) throw new NotFoundError('organisations.municipality_not_found', 'Kommunen finns inte i Förebygg.');
		if ('name' in body || 'officialName' in body) {
			await renameMunicipality({
				db,
				actor,
				municipalityId,
				name: 'name' in body ? str(body.name) : row.name,
				officialName: 'officialName' in body ? str(body.officialName) : row.officialName,
				ip: clientIp(event)
			});
		}
		if (typeof body.active === 'boolean') await setMunicipalityActive({ db, actor, municipalityId, active: body.active, ip: clientIp(event) });
	});
};

export const DELETE: RequestHandler = async (event) => {
	const actor = requireActor(event, 'installation.manage');
	const { db } = (await runtime()).database;
	return apiResult(() =>
		deleteMunicipality({
			db,
			actor,
			municipalityId: event.params.id,
			typedName: event.url.searchParams.get('confirm') ?? '',
			exportConfirmed: true,
			ip: clientIp(event)
		})
	);
};
