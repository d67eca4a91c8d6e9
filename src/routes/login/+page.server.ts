import { fail, redirect } from '@sveltejs/kit';
import { DEMO_PASSWORD, DEMO_USERS } from '$lib/server/demo/foundation';
import { signIn } from '$lib/server/modules/users/users.usecases';
import { requestInfo, rotateSession } from '$lib/server/platform/auth-routes';
import { signInAddressLimiter } from '$lib/server/platform/rate-limit';
import type { FieldErrors } from '$lib/server/platform/errors';
import { authorize } from '$lib/server/platform/guard';
import { safeNext } from '$lib/server/platform/http';
import { runtime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'session.manage');
	if (event.locals.actor) redirect(303, safeNext(event.url.searchParams.get('next')));
	const app = await runtime();
	return {
		next: safeNext(event.url.searchParams.get('next')),
		oidcLabel: app.config.oidc?.label ?? null,
		oidcError: event.url.searchParams.get('oidc') === 'okand',
		demoAccounts: app.config.demo ? DEMO_USERS.map((u) => ({ email: u.email, role: u.role })) : [],
		demoPassword: app.config.demo ? DEMO_PASSWORD : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		authorize(event, 'session.manage');
		const app = await runtime();
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		const next = safeNext(String(form.get('next') ?? ''));
		const errors: FieldErrors = {};
		if (!email) errors.email = 'Ange din e-postadress.';
		else if (email.length > 320 || !email.includes('@')) errors.email = 'Ange en giltig e-postadress.';
		if (!password) errors.password = 'Ange ditt lösenord.';
		if (Object.keys(errors).length) return fail(400, { email, errors, message: null });

		const info = requestInfo(event);
		// Only failed attempts count against the address (rate-limit.ts); the account's own lock-out is separate.
		const address = info.ip ?? 'unknown';
		if (!(await signInAddressLimiter.check(app.database.db, address)).ok) {
			return fail(429, { email, errors: {} as FieldErrors, message: 'För många inloggningsförsök. Vänta en stund och försök igen.' });
		}
		const result = await signIn({ db: app.database.db, config: app.config, email, password, request: info });
		if (!result.ok) {
			await signInAddressLimiter.take(app.database.db, address);
			return fail(400, { email, errors: { password: 'Fel e-postadress eller lösenord.' } as FieldErrors, message: null });
		}
		await rotateSession(event, app, result.token);
		if (result.pendingTotp) redirect(303, `/login/totp?next=${encodeURIComponent(next)}`);
		if (result.totpSetupRequired) redirect(303, '/app/konto?tvafaktor=krav');
		redirect(303, next);
	}
};
