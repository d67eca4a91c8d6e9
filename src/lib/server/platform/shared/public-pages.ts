import type { IncomingMessage, Server } from 'node:http';
import type { RequestEvent } from '@sveltejs/kit';
import type { Db } from '../../db/client';
import { SESSION_COOKIE } from '../http';
import { installEarlyAnswers, rememberFinalHeaders } from './fast-path';
import { CACHEABLE_ROUTES, pageResponse, publicPageCache } from './page-cache';

/** Query parameters the cached pages read; any other makes the request go past the cache, so nobody can fill it with variants. */
const KNOWN_PARAMETERS = new Set(['typ', 'tack']);

/**
 * The cache key of a request that may be answered from the public page cache, or null. Only
 * signed-out visitors qualify: anyone with a session cookie (even a stale one) or a token is
 * rendered for themselves and never given, or gives, a shared page.
 */
export function publicPageKey(event: RequestEvent, locale: string): string | null {
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') return null;
	if (!event.route.id || !CACHEABLE_ROUTES.has(event.route.id) || event.isDataRequest) return null;
	if (event.cookies.get(SESSION_COOKIE) !== undefined || event.request.headers.has('authorization')) return null;
	for (const name of event.url.searchParams.keys()) if (!KNOWN_PARAMETERS.has(name)) return null;
	return `${locale}|${event.url.pathname}${event.url.search}`;
}

/**
 * Answers from the cache, or renders, keeps the page if it is the same for everyone, and answers.
 * `finish` is the hook's last step (security headers, the policy check); the headers it gives a
 * cached page are kept, so the early path (fast-path.ts) can answer the next visitors before
 * SvelteKit is involved at all.
 */
export async function servePublicPage(
	event: RequestEvent,
	db: Db,
	key: string,
	render: () => Response | Promise<Response>,
	finish: (response: Response) => Response,
	engine: 'pglite' | 'postgresql' = 'postgresql'
): Promise<Response> {
	const cache = publicPageCache(db, { singleWriter: engine === 'pglite' });
	// adapter-node hands the Node request over as platform.req; its socket knows the server.
	const request = (event.platform as { req?: IncomingMessage } | undefined)?.req;
	installEarlyAnswers((request?.socket as { server?: Server } | undefined)?.server, cache);
	const { page, stamp } = await cache.lookup(key, event.params.kommun ?? '');
	if (page) {
		event.locals.policy = page.policy as App.Locals['policy'];
		const response = finish(pageResponse(page, event.request, 'hit'));
		if (response.status === 200) rememberFinalHeaders(page, response.headers);
		return response;
	}
	const response = await render();
	// A page that answered without a policy decision is refused by the caller; never keep it.
	if (!event.locals.policy) return finish(response);
	const stored = await cache.store(key, event.params.kommun ?? '', stamp, response, event.locals.policy);
	if (!stored) return finish(response);
	const answer = finish(pageResponse(stored, event.request, 'miss'));
	if (answer.status === 200) rememberFinalHeaders(stored, answer.headers);
	return answer;
}
