import { json } from '@sveltejs/kit';
import { getPlan } from '$lib/server/modules/plans/plans.usecases';
import { asHttpError, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event, 'app.enter');
	const { db } = (await runtime()).database;
	// getPlan asks the policy for the plan's own municipality; record that decision on the request too.
	const plan = await asHttpError(() => getPlan({ db, actor, planId: event.params.id }));
	event.locals.policy = { action: 'municipality.read', allowed: true, reason: 'plan_municipality' };
	return json(plan);
};
