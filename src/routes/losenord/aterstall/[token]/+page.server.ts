import { fail } from '@sveltejs/kit';
import { resetPassword } from '$lib/server/modules/users/users.usecases';
import { ValidationError, type FieldErrors } from '$lib/server/platform/errors';
import { authorize, clientIp } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'session.manage');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		authorize(event, 'session.manage');
		const app = await runtime();
		const form = await event.request.formData();
		const password = String(form.get('password') ?? '');
		if (password !== String(form.get('confirm') ?? '')) return fail(400, { errors: { confirm: 'Lösenorden är inte lika.' } as FieldErrors, done: false });
		try {
			const ok = await resetPassword({ db: app.database.db, token: event.params.token, newPassword: password, ip: clientIp(event) });
			if (!ok) return fail(400, { errors: { password: 'Länken är ogiltig eller för gammal. Begär en ny länk.' } as FieldErrors, done: false });
		} catch (caught) {
			if (caught instanceof ValidationError) return fail(400, { errors: caught.fieldErrors, done: false });
			throw caught;
		}
		return { errors: {} as FieldErrors, done: true };
	}
};
