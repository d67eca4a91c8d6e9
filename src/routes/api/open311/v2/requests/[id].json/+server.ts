import { json } from '@sveltejs/kit';
import { open311Request } from '$lib/server/modules/est/est.open311';
import { open311Context, open311Failure } from '../../open311';
import type { RequestHandler } from './$types';

/** GeoReport v2 GET requests/{id}.json: one of the caller's own requests. */
export const GET: RequestHandler = async (event) => {
	const context = await open311Context(event, {});
	if ('error' in context) return context.error;
	try {
		return json(await open311Request({ db: context.db, actor: context.actor, municipalityId: context.municipality.id, id: event.params.id }));
	} catch (error) {
		return open311Failure(error);
	}
};
