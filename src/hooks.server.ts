import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { createTranslator } from '$lib/i18n';
import { resolveApiToken } from '$lib/server/modules/users/api-tokens.usecases';
import { needsSetup } from '$lib/server/modules/users/setup.usecases';
import { resolveSession } from '$lib/server/modules/users/users.usecases';
import type { Config } from '$lib/server/platform/config';
import { logger } from '$lib/server/platform/logger';
import { runtime, startRuntime } from '$lib/server/runtime';
import { LOCALE_COOKIE, SESSION_COOKIE, pickLocale } from '$lib/server/platform/http';
import { publicPageKey, servePublicPage } from '$lib/server/platform/shared/public-pages';
import { CACHEABLE_ROUTES } from '$lib/server/platform/shared/page-cache';
import { apiCallerKey, apiCallerLimiter } from '$lib/server/platform/rate-limit';
import { setLocaleSource } from '$lib/server/platform/errors';
import { requestLocale } from '$lib/server/platform/guard';

// Validation messages read anywhere during a request come in that request's language.
setLocaleSource(requestLocale);

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

	// An installation without any account (DEMO=0, first run) has one page: the set-up (token in the server's log).
	if (!event.url.pathname.startsWith('/konfigurera') && event.url.pathname !== '/healthz' && (await needsSetup(app.database.db))) {
		if (event.url.pathname.startsWith('/api/'))
			return Response.json({ message: 'Förebygg är inte konfigurerat ännu.', code: 'setup.required' }, { status: 503 });
		return new Response(null, { status: 303, headers: { location: '/konfigurera' } });
	}

	// Signed-out visitors of public pages: answered from the shared page cache before any session work.
	const anonymousLocale = pickLocale(event.cookies.get(LOCALE_COOKIE), event.request.headers.get('accept-language'));
	const pageKey = publicPageKey(event, anonymousLocale);
	if (pageKey) {
		event.locals.locale = anonymousLocale;
		return servePublicPage(
			event,
			app.database.db,
			pageKey,
			() => resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale) }),
			(response) => secured(event, response, app.config),
			app.database.engine
		);
	}

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

	// Every API caller (token, session, else address) has a per-minute limit counted on every app server.
	if (event.url.pathname.startsWith('/api/')) {
		const caller = event.locals.actor ? apiCallerKey(event.request, event.locals.actor.userId) : `address:${clientAddress(event)}`;
		const rate = await apiCallerLimiter.take(app.database.db, caller);
		if (!rate.ok) {
			return Response.json(
				{ message: `För många anrop. Vänta ${rate.retryAfterSeconds} sekunder och försök igen.`, code: 'api.rate_limited' },
				{ status: 429, headers: { 'retry-after': String(rate.retryAfterSeconds) } }
			);
		}
	}

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});

	return secured(event, response, app.config);
};

/** The one route other sites may frame (the promise widget's iframe); matched by route id, never by a path fragment. */
const WIDGET_ROUTE = '/(public)/[kommun]/medborgarloften/[slug]/widget';
/** Answers that are not pages (JSON, files, redirects) render nothing and need nothing. */
const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The map's basemap host is configured at run time, so the build-time page policy learns it here. */
function withBasemap(csp: string, basemapUrl: string | null): string {
	if (!basemapUrl) return csp;
	let origin: string;
	try {
		origin = new URL(basemapUrl.replace(/\{[xyz]\}/g, '0')).origin;
	} catch {
		return csp;
	}
	return csp
		.split(';')
		.map((directive) => {
			const name = directive.trim().split(/\s+/)[0];
			return name === 'img-src' || name === 'connect-src' ? `${directive.trim()} ${origin}` : directive.trim();
		})
		.join('; ');
}

/** The checks and headers every answer gets, rendered or from the page cache. */
function secured(event: Parameters<Handle>[0]['event'], response: Response, config: Config): Response {
	// resolve() sets the decision; TypeScript cannot see that through the call.
	const policy = event.locals.policy as App.Locals['policy'];
	// Fail closed: a route that answered without asking the policy is a bug, never a page.
	if (event.route.id && !policy && response.status < 400) {
		logger.error('route answered without a policy decision', { route: event.route.id });
		return new Response('Internt fel: åtkomstbeslut saknas för sidan.', { status: 500 });
	}
	// A public page rendered for someone in particular (signed in, or past the cache) must not be kept by a proxy.
	if (event.route.id && CACHEABLE_ROUTES.has(event.route.id) && !response.headers.has('cache-control'))
		response.headers.set('cache-control', 'private, no-store');
	if (policy && config.exposePolicyHeader) response.headers.set('x-forebygg-policy', `${policy.action}:${policy.reason}`);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	const framable = event.route.id === WIDGET_ROUTE;
	const csp = response.headers.get('content-security-policy');
	// The widget sets its own policy (frame-ancestors *); every other answer may be framed by no one.
	if (!csp) response.headers.set('content-security-policy', NON_PAGE_CSP);
	else if (!framable) response.headers.set('content-security-policy', withBasemap(csp, config.mapBasemapUrl));
	if (!framable) response.headers.set('x-frame-options', 'DENY');
	if (config.origin.startsWith('https://')) response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	return response;
}

function clientAddress(event: Parameters<Handle>[0]['event']): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) logger.error('unhandled error', { route: event.route.id, status, error: String((error as Error)?.stack ?? error) });
	// In the reader's language; the locale is set on every request before anything can fail.
	const t = createTranslator(event.locals.locale ?? 'sv');
	return { message: t(status === 404 ? 'app.error.page_not_found' : 'app.error.internal'), code: 'internal' };
};
