import { redirect } from '@sveltejs/kit';
import { deleteSession } from '$lib/server/modules/users/users.repository';
import { signOut } from '$lib/server/modules/users/users.usecases';
import { authorize, clientIp } from '$lib/server/platform/guard';
import { SESSION_COOKIE } from '$lib/server/platform/http';
import { runtime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'session.manage');
	return { signedIn: event.locals.actor !== null };
};

export const actions: Actions = {
	default: async (event) => {
		authorize(event, 'session.manage');
		const app = await runtime();
		const form = await event.request.formData();
		if (event.locals.actor && event.locals.sessionId) {
			await signOut({
				db: app.database.db,
				sessionId: event.locals.sessionId,
				actor: event.locals.actor,
				ip: clientIp(event),
				everywhere: form.get('everywhere') === '1'
			});
		}
		if (event.locals.pendingTotpSessionId) await deleteSession(app.database.db, event.locals.pendingTotpSessionId);
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login?utloggad=1');
	}
};
