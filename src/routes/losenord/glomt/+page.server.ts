import { fail } from '@sveltejs/kit';
import { requestPasswordReset } from '$lib/server/modules/users/users.usecases';
import type { FieldErrors } from '$lib/server/platform/errors';
import { authorize, clientIp } from '$lib/server/platform/guard';
import { signInAddressLimiter } from '$lib/server/platform/rate-limit';
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
		const email = String((await event.request.formData()).get('email') ?? '').trim();
		if (!email.includes('@') || email.length > 320) return fail(400, { email, errors: { email: 'Ange en giltig e-postadress.' } as FieldErrors, sent: false });
		if (!(await signInAddressLimiter.take(app.database.db, clientIp(event) ?? 'unknown')).ok) {
			return fail(429, { email, errors: { email: 'För många försök. Vänta en stund och försök igen.' } as FieldErrors, sent: false });
		}
		await requestPasswordReset({ db: app.database.db, config: app.config, email, ip: clientIp(event) });
		return { email, errors: {} as FieldErrors, sent: true };
	}
};
