/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { version } from '$service-worker';

/**
 * Keeps the field forms on the phone (issues 13 and 14): the EST report form and a safety walk's
 * page (route, stops, checklist, the finding form) open without network. Registered only by those
 * pages (src/lib/client/offline-queue.ts), scope /app/. Their pages are fetched from the network
 * first and the last good copy is served when there is none; the scripts and styles they loaded
 * are kept when the page asks. Everything else passes by untouched, and no post is ever answered
 * here: the forms' own queue (IndexedDB) holds what was written until it can be sent.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `forebygg-offline-${version}`;
/** The form pages (and their data for client-side navigation). */
const FORM_PAGE = /^\/app\/[a-z0-9-]+\/(est\/rapportera|trygghetsvandringar\/[0-9a-f-]{36})\/?(__data\.json)?$/;
/** Files that never change under their name (SvelteKit's immutable build output). */
const IMMUTABLE = /^\/_app\/immutable\//;

sw.addEventListener('install', () => {
	void sw.skipWaiting();
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

/** Form pages: network first, the kept copy offline. A page that sent the reader to sign in empties the cache (signed out). */
async function formPage(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	try {
		const response = await fetch(request);
		if (response.redirected || response.status === 401 || response.status === 403) {
			for (const key of await cache.keys()) if (FORM_PAGE.test(new URL(key.url).pathname)) await cache.delete(key);
		} else if (response.ok && [...new URL(request.url).searchParams.keys()].every((key) => key.startsWith('x-sveltekit-'))) {
			// The plain page only (not the one saying "sent"), kept under its path.
			await cache.put(request.url.split('?')[0], response.clone());
		}
		return response;
	} catch (error) {
		const kept = await cache.match(request.url.split('?')[0]);
		if (kept) return kept;
		throw error;
	}
}

/** Build files: the kept copy when there is one (they never change), else the network. */
async function buildFile(request: Request): Promise<Response> {
	const kept = await caches.match(request);
	return kept ?? fetch(request);
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (FORM_PAGE.test(url.pathname)) event.respondWith(formPage(request));
	else if (IMMUTABLE.test(url.pathname)) event.respondWith(buildFile(request));
});

/** A form page asks to keep itself and the files it loaded ({ type: 'keep', urls }). */
sw.addEventListener('message', (event) => {
	const data = event.data as { type?: string; urls?: unknown } | null;
	if (data?.type !== 'keep' || !Array.isArray(data.urls)) return;
	const urls = data.urls.filter((u): u is string => typeof u === 'string' && (FORM_PAGE.test(u) || IMMUTABLE.test(u)));
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			for (const url of urls) {
				if (IMMUTABLE.test(url) && (await cache.match(url))) continue;
				try {
					const response = await fetch(url, { credentials: 'same-origin' });
					if (response.ok && !response.redirected) await cache.put(url, response);
				} catch {
					// Offline again: the next visit asks once more.
				}
			}
		})()
	);
});
