import { fail, redirect } from '@sveltejs/kit';
import { createFirstAdmin, needsSetup, setupTokenIsValid } from '$lib/server/modules/users/setup.usecases';
import { signIn } from '$lib/server/modules/users/users.usecases';
import { requestInfo, rotateSession } from '$lib/server/platform/auth-routes';
import { ForbiddenError, ValidationError, type FieldErrors } from '$lib/server/platform/errors';
import { authorize, clientIp } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'session.manage');
	const app = await runtime();
	if (!(await needsSetup(app.database.db))) redirect(303, '/login');
	const token = event.url.searchParams.get('token') ?? '';
	return { token, tokenValid: token ? setupTokenIsValid(token) : null };
};

export const actions: Actions = {
	default: async (event) => {
		authorize(event, 'session.manage');
		const app = await runtime();
		const form = await event.request.formData();
		const values = { token: String(form.get('token') ?? ''), email: String(form.get('email') ?? ''), name: String(form.get('name') ?? '') };
		const password = String(form.get('password') ?? '');
		if (password !== String(form.get('confirm') ?? '')) return fail(400, { values, errors: { confirm: 'Lösenorden är inte lika.' } as FieldErrors });
		try {
			await createFirstAdmin({ db: app.database.db, token: values.token, input: { ...values, password }, ip: clientIp(event) });
		} catch (caught) {
			if (caught instanceof ValidationError) return fail(400, { values, errors: caught.fieldErrors });
			if (caught instanceof ForbiddenError) {
				return fail(403, { values, errors: { token: 'Koden stämmer inte eller är redan använd. Se serverns logg efter den senaste länken.' } as FieldErrors });
			}
			throw caught;
		}
		const result = await signIn({ db: app.database.db, config: app.config, email: values.email, password, request: requestInfo(event) });
		if (!result.ok) redirect(303, '/login');
		await rotateSession(event, app, result.token);
		redirect(303, '/app/admin/kommuner');
	}
};
