import { json } from '@sveltejs/kit';
import { open311Services } from '$lib/server/modules/est/est.open311';
import { open311Context, open311Failure } from '../open311';
import type { RequestHandler } from './$types';

/** GeoReport v2 GET services.json: the municipality's EST categories. */
export const GET: RequestHandler = async (event) => {
	const context = await open311Context(event, {});
	if ('error' in context) return context.error;
	try {
		return json(await open311Services({ db: context.db, actor: context.actor, municipalityId: context.municipality.id }));
	} catch (error) {
		return open311Failure(error);
	}
};
