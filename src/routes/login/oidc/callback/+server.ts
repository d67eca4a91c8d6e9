import { error, redirect } from '@sveltejs/kit';
import { signInWithIdentityProvider } from '$lib/server/modules/users/users.usecases';
import { requestInfo, rotateSession } from '$lib/server/platform/auth-routes';
import { authorize } from '$lib/server/platform/guard';
import { logger } from '$lib/server/platform/logger';
import { OIDC_COOKIE, finishOidcLogin, type PendingOidcLogin } from '$lib/server/platform/oidc';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	authorize(event, 'session.manage');
	const app = await runtime();
	const settings = app.config.oidc;
	const raw = event.cookies.get(OIDC_COOKIE);
	if (!settings || !raw) error(400, { message: 'Inloggningen kunde inte slutföras. Börja om från inloggningssidan.', code: 'auth.oidc_no_state' });
	event.cookies.delete(OIDC_COOKIE, { path: '/login/oidc' });
	const pending = JSON.parse(raw) as PendingOidcLogin;
	// The provider redirects to the public origin; rebuild the URL from it rather than from the Host header.
	const callbackUrl = new URL(`${app.config.origin}/login/oidc/callback${event.url.search}`);
	let email: string | null;
	try {
		email = await finishOidcLogin(settings, callbackUrl, pending);
	} catch (caught) {
		logger.warn('oidc callback failed', { error: (caught as Error).message });
		error(400, { message: 'Inloggningen hos identitetsleverantören misslyckades. Försök igen.', code: 'auth.oidc_failed' });
	}
	const session = email
		? await signInWithIdentityProvider({ db: app.database.db, config: app.config, email, request: requestInfo(event), issuer: settings.issuer })
		: null;
	if (!session) redirect(303, '/login?oidc=okand');
	await rotateSession(event, app, session.token);
	redirect(303, session.pendingTotp ? `/login/totp?next=${encodeURIComponent(pending.next)}` : pending.next);
};
