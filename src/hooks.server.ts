import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { resolveApiToken } from '$lib/server/modules/users/api-tokens.usecases';
import { resolveSession } from '$lib/server/modules/users/users.usecases';
import { logger } from '$lib/server/platform/logger';
import { runtime, startRuntime } from '$lib/server/runtime';
import { LOCALE_COOKIE, SESSION_COOKIE, pickLocale } from '$lib/server/platform/http';

const TOTP_SETUP_PATHS = ['/app/konto', '/logout', '/sprak'];

export const init: ServerInit = async () => {
	await startRuntime();
};

export const handle: Handle = async ({ event, resolve }) => {
	const app = await runtime();
	event.locals.actor = null;
	event.locals.sessionId = null;
	event.locals.pendingTotpSessionId = null;
	event.locals.policy = null;

	// Personal API tokens, for the API only: a page is never reached with one.
	const bearer = /^Bearer\s+(\S+)$/i.exec(event.request.headers.get('authorization') ?? '')?.[1];
	if (bearer && event.url.pathname.startsWith('/api/')) {
		event.locals.actor = await resolveApiToken({ db: app.database.db, token: bearer });
		if (!event.locals.actor) {
			return Response.json(
				{ message: 'API-nyckeln är ogiltig, har gått ut eller har återkallats.', code: 'auth.invalid_token' },
				{ status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }
			);
		}
	}

	const token = bearer ? undefined : event.cookies.get(SESSION_COOKIE);
	let userLocale: string | undefined;
	if (token) {
		const session = await resolveSession({ db: app.database.db, config: app.config, token });
		if (!session) event.cookies.delete(SESSION_COOKIE, { path: '/' });
		else if (session.pendingTotp) event.locals.pendingTotpSessionId = session.sessionId;
		else if (session.totpSetupRequired && !TOTP_SETUP_PATHS.some((p) => event.url.pathname === p)) {
			// Until the required second factor is set up, the account page (and signing out) is all there is.
			return new Response(null, { status: 303, headers: { location: '/app/konto?tvafaktor=krav' } });
		} else {
			event.locals.actor = session.actor;
			event.locals.sessionId = session.sessionId;
			userLocale = session.locale;
		}
	}
	event.locals.locale = pickLocale(event.cookies.get(LOCALE_COOKIE) ?? userLocale, event.request.headers.get('accept-language'));

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});

	// resolve() sets the decision; TypeScript cannot see that through the call.
	const policy = event.locals.policy as App.Locals['policy'];
	// Fail closed: a route that answered without asking the policy is a bug, never a page.
	if (event.route.id && !policy && response.status < 400) {
		logger.error('route answered without a policy decision', { route: event.route.id });
		return new Response('Internt fel: åtkomstbeslut saknas för sidan.', { status: 500 });
	}
	if (policy) response.headers.set('x-forebygg-policy', `${policy.action}:${policy.reason}`);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	if (!response.headers.has('x-frame-options') && !event.url.pathname.includes('/widget')) response.headers.set('x-frame-options', 'DENY');
	return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) logger.error('unhandled error', { route: event.route.id, status, error: String((error as Error)?.stack ?? error) });
	return { message: status === 404 ? 'Sidan finns inte.' : 'Något gick fel. Försök igen, eller kontakta din samordnare om felet kvarstår.', code: 'internal' };
};
