import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireActor(event, 'app.enter');
	const { municipalities } = await event.parent();
	if (municipalities.length === 1) redirect(303, `/app/${municipalities[0].slug}`);
	return {};
};
