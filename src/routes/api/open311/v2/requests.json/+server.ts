import { json } from '@sveltejs/kit';
import { open311CreateRequest, open311Requests } from '$lib/server/modules/est/est.open311';
import { clientIp } from '$lib/server/platform/guard';
import { bodyOf, open311Context, open311Failure } from '../open311';
import type { RequestHandler } from './$types';

/** GeoReport v2 POST requests.json: a request becomes an EST report of the token's user. */
export const POST: RequestHandler = async (event) => {
	const body = await bodyOf(event);
	const context = await open311Context(event, body);
	if ('error' in context) return context.error;
	try {
		const answer = await open311CreateRequest({
			db: context.db,
			actor: context.actor,
			municipalityId: context.municipality.id,
			input: body,
			ip: clientIp(event)
		});
		return json(answer, { status: 201 });
	} catch (error) {
		return open311Failure(error);
	}
};

/** GeoReport v2 GET requests.json: the caller's own requests and their status. */
export const GET: RequestHandler = async (event) => {
	const context = await open311Context(event, {});
	if ('error' in context) return context.error;
	const query = event.url.searchParams;
	try {
		return json(
			await open311Requests({
				db: context.db,
				actor: context.actor,
				municipalityId: context.municipality.id,
				filter: {
					serviceRequestIds: query
						.get('service_request_id')
						?.split(',')
						.map((id) => id.trim()),
					serviceCode: query.get('service_code') ?? undefined,
					status: query.get('status') ?? undefined,
					startDate: query.get('start_date') ?? undefined,
					endDate: query.get('end_date') ?? undefined
				}
			})
		);
	} catch (error) {
		return open311Failure(error);
	}
};
