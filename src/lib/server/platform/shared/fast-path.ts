/**
 * Cached public pages answered at the door: straight from Node's `request` event, before
 * adapter-node builds a web Request, before SvelteKit matches a route, runs the hook and streams a
 * web Response back. Issue 16 wants public pages near static-file speed; that pipeline alone costs
 * more per request than a static file server spends in all (see bench/public-pages.ts).
 *
 * Only what the full path would have answered identically is answered here: a GET or HEAD without a
 * session cookie or Authorization header, whose key (language and exact path with query) names a
 * page that is certainly current (PublicPageCache.currentPage: versions read under a second ago, no
 * write of this process just now) and that the hook has already answered once through the full path,
 * so its complete headers (security headers, policy) are known. Everything else, and anything the
 * early path is unsure about, goes on to SvelteKit as before.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { LOCALE_COOKIE, SESSION_COOKIE, pickLocale } from '../http';
import { isNotModified, type CachedPage, type PublicPageCache } from './page-cache';

/** Headers set per answer, never copied from the first one. */
const PER_ANSWER = new Set(['date', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'etag', 'last-modified', 'x-forebygg-cache']);

/** Keeps the headers the hook gave a cached page's first full answer, for the early path to repeat. */
export function rememberFinalHeaders(page: CachedPage, headers: Headers): void {
	if (page.finalHeaders) return;
	const kept: Record<string, string> = {};
	for (const [name, value] of headers) if (!PER_ANSWER.has(name)) kept[name] = value;
	page.finalHeaders = kept;
}

/** The cache key the full path would use (publicPageKey), or null when the request is not a signed-out page view. */
export function earlyPageKey(request: IncomingMessage): string | null {
	if (request.method !== 'GET' && request.method !== 'HEAD') return null;
	if (request.headers.authorization !== undefined) return null;
	const url = request.url;
	if (!url || url[0] !== '/' || url.startsWith('//')) return null;
	let locale: string | undefined;
	const cookie = request.headers.cookie;
	if (cookie) {
		for (const part of cookie.split(';')) {
			const separator = part.indexOf('=');
			const name = part.slice(0, separator < 0 ? undefined : separator).trim();
			// Any session cookie, even a stale one, is someone's own rendering (as publicPageKey decides).
			if (name === SESSION_COOKIE) return null;
			if (name === LOCALE_COOKIE && separator >= 0) locale = part.slice(separator + 1).trim();
		}
	}
	const acceptLanguage = request.headers['accept-language'];
	return `${pickLocale(locale, typeof acceptLanguage === 'string' ? acceptLanguage : null)}|${url}`;
}

/** Answers the request from the cache and returns true, or returns false and leaves it untouched. */
export function answerEarly(cache: PublicPageCache, request: IncomingMessage, response: ServerResponse): boolean {
	const key = earlyPageKey(request);
	if (!key) return false;
	const page = cache.currentPage(key);
	if (!page?.finalHeaders) return false;
	const headers = { ...page.finalHeaders, etag: page.etag, 'last-modified': page.lastModified, 'x-forebygg-cache': 'hit' };
	const conditional = new Headers();
	for (const name of ['if-none-match', 'if-modified-since']) {
		const value = request.headers[name];
		if (typeof value === 'string') conditional.set(name, value);
	}
	if (isNotModified(conditional, page)) {
		delete (headers as Record<string, string>)['content-type'];
		response.writeHead(304, headers);
		response.end();
		return true;
	}
	response.writeHead(200, { ...headers, 'content-length': String(page.body.length) });
	response.end(request.method === 'HEAD' ? undefined : page.body);
	return true;
}

const installed = new WeakSet<Server>();

/**
 * Puts the early path in front of the server's request listeners (adapter-node's handler and its
 * request counter); called with the first request's socket, as the app is never handed the server
 * itself. A request answered early reaches no other listener: it is written in one call, so the
 * counter that lets a shutdown wait for requests under way has nothing to wait for.
 */
export function installEarlyAnswers(server: Server | undefined, cache: PublicPageCache): void {
	if (!server || installed.has(server) || typeof server.listeners !== 'function') return;
	installed.add(server);
	const listeners = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
	if (listeners.length === 0) return;
	server.removeAllListeners('request');
	server.on('request', (request: IncomingMessage, response: ServerResponse) => {
		let answered: boolean;
		try {
			answered = answerEarly(cache, request, response);
		} catch {
			// Half-answered is answered; otherwise the full path tries.
			answered = response.headersSent;
		}
		if (answered) return;
		for (const listener of listeners) listener.call(server, request, response);
	});
}
