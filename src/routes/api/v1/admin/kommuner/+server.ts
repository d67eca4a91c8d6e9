import { addMunicipality, municipalityOverview } from '$lib/server/modules/organisations/municipalities.usecases';
import { apiResult, jsonBody, str } from '$lib/server/modules/organisations/admin-api';
import { clientIp, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event, 'installation.manage');
	const { db } = (await runtime()).database;
	return apiResult(async () => (await municipalityOverview({ db, actor })).municipalities);
};

export const POST: RequestHandler = async (event) => {
	const actor = requireActor(event, 'installation.manage');
	const { db } = (await runtime()).database;
	const body = await jsonBody(event);
	return apiResult(() => addMunicipality({ db, actor, code: str(body.code), officialName: str(body.officialName), ip: clientIp(event) }), 201);
};
