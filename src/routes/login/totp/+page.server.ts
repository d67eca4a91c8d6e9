import { fail, redirect } from '@sveltejs/kit';
import { completeTotp } from '$lib/server/modules/users/users.usecases';
import { requestInfo } from '$lib/server/platform/auth-routes';
import { authorize } from '$lib/server/platform/guard';
import { safeNext } from '$lib/server/platform/http';
import { runtime } from '$lib/server/runtime';
import { findSession } from '$lib/server/modules/users/users.repository';
import type { Runtime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

async function stillPending(app: Runtime, sessionId: string): Promise<boolean> {
	return (await findSession(app.database.db, sessionId)) !== undefined;
}

export const load: PageServerLoad = async (event) => {
	authorize(event, 'session.manage');
	if (!event.locals.pendingTotpSessionId) redirect(303, '/login');
	return { next: safeNext(event.url.searchParams.get('next')) };
};

export const actions: Actions = {
	default: async (event) => {
		authorize(event, 'session.manage');
		const sessionId = event.locals.pendingTotpSessionId;
		if (!sessionId) redirect(303, '/login');
		const app = await runtime();
		const form = await event.request.formData();
		const code = String(form.get('code') ?? '');
		const ok = await completeTotp({ db: app.database.db, config: app.config, sessionId, code, request: requestInfo(event) });
		if (!ok && !(await stillPending(app, sessionId))) redirect(303, '/login?last=1');
		if (!ok) return fail(400, { errors: { code: 'Koden stämmer inte. Ange de sex siffrorna som appen visar just nu.' } });
		redirect(303, safeNext(String(form.get('next') ?? '')));
	}
};
