import { isAdmin } from '$lib/server/platform/authz';
import { runtime } from '$lib/server/runtime';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const app = await runtime();
	return {
		locale: locals.locale,
		demo: app.config.demo,
		user: locals.actor ? { name: locals.actor.name, email: locals.actor.email, isAdmin: isAdmin(locals.actor) } : null
	};
};
