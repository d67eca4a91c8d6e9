import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { earlyPageKey, installEarlyAnswers, rememberFinalHeaders } from './fast-path';
import { LOCAL_WRITE_WINDOW_MS, notePublicWrite, PublicPageCache } from './page-cache';
import { bumpPublicVersion } from './shared.repository';

let database: TestDb;
let server: http.Server;
let base = '';
let fullPathRequests = 0;

beforeAll(async () => {
	database = await createTestDb({ municipalities: true });
	// Stands in for adapter-node's handler: whatever reaches it went the full way.
	server = http.createServer((_request, response) => {
		fullPathRequests++;
		response.writeHead(200, { 'content-type': 'text/plain' });
		response.end('full path');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	// The seed's writes were this process's: until their window has passed, every page takes the full path.
	await new Promise((resolve) => setTimeout(resolve, LOCAL_WRITE_WINDOW_MS + 100));
});
afterAll(async () => {
	server.close();
	await database.close();
});

describe('the early path for cached public pages', () => {
	it('keys a request as the hook does: language from the cookie or Accept-Language, none for a session, a token or a write', () => {
		const request = (method: string, url: string, headers: Record<string, string> = {}) => ({ method, url, headers }) as unknown as http.IncomingMessage;
		expect(earlyPageKey(request('GET', '/falun'))).toBe('sv|/falun');
		expect(earlyPageKey(request('HEAD', '/falun?typ=x', { 'accept-language': 'en-GB,en' }))).toBe('en|/falun?typ=x');
		expect(earlyPageKey(request('GET', '/falun', { cookie: 'a=b; forebygg_lang=en', 'accept-language': 'sv' }))).toBe('en|/falun');
		expect(earlyPageKey(request('GET', '/falun', { cookie: 'forebygg_lang=sv; forebygg_session=stale' }))).toBeNull();
		expect(earlyPageKey(request('GET', '/falun', { authorization: 'Bearer x' }))).toBeNull();
		expect(earlyPageKey(request('POST', '/falun'))).toBeNull();
	});

	it('answers a current page before the full path, with its headers, 304 and HEAD, and lets everything else through', async () => {
		const cache = new PublicPageCache(database.db);
		installEarlyAnswers(server, cache);
		const { stamp } = await cache.lookup('sv|/falun', 'falun');
		const page = (await cache.store('sv|/falun', 'falun', stamp, new Response('<html>Falun</html>', { headers: { 'content-type': 'text/html' } })))!;

		// Not until the hook has answered it once in full: its security headers are not known before.
		expect(await (await fetch(`${base}/falun`)).text()).toBe('full path');
		rememberFinalHeaders(page, new Headers({ 'content-type': 'text/html', 'content-security-policy': "default-src 'self'", 'x-frame-options': 'DENY' }));

		const before = fullPathRequests;
		const hit = await fetch(`${base}/falun`);
		expect(await hit.text()).toBe('<html>Falun</html>');
		expect(hit.headers.get('x-forebygg-cache')).toBe('hit');
		expect(hit.headers.get('content-security-policy')).toBe("default-src 'self'");
		expect(hit.headers.get('x-frame-options')).toBe('DENY');
		expect(hit.headers.get('etag')).toBe(page.etag);
		const notModified = await fetch(`${base}/falun`, { headers: { 'if-none-match': page.etag } });
		expect(notModified.status).toBe(304);
		const head = await fetch(`${base}/falun`, { method: 'HEAD' });
		expect(head.headers.get('content-length')).toBe(String(page.body.length));
		expect(fullPathRequests).toBe(before);

		// A signed-in visitor, another language, another query: the full path.
		expect(await (await fetch(`${base}/falun`, { headers: { cookie: 'forebygg_session=x' } })).text()).toBe('full path');
		expect(await (await fetch(`${base}/falun`, { headers: { 'accept-language': 'en' } })).text()).toBe('full path');
		expect(await (await fetch(`${base}/falun?x=1`)).text()).toBe('full path');
		expect(fullPathRequests).toBe(before + 3);

		// A write to Falun, committed by any server: once the versions are read, the full path renders again.
		await database.db.transaction((tx) => bumpPublicVersion(tx, database.refs!.municipalities.falun!.id));
		await cache.poll();
		expect(await (await fetch(`${base}/falun`)).text()).toBe('full path');
	});

	it('answers nothing on versions read too long ago: the full path waits for a fresh read', async () => {
		let now = Date.now();
		const cache = new PublicPageCache(database.db, { now: () => now });
		const { stamp } = await cache.lookup('sv|/sunne', 'sunne');
		const page = (await cache.store('sv|/sunne', 'sunne', stamp, new Response('<html>Sunne</html>', { headers: { 'content-type': 'text/html' } })))!;
		rememberFinalHeaders(page, new Headers({ 'content-type': 'text/html' }));
		expect(cache.currentPage('sv|/sunne')).toBe(page);
		now += 1_500;
		expect(cache.currentPage('sv|/sunne')).toBeNull();
	});

	it('on a database with one writer (PGlite), trusts an old read until this process writes', async () => {
		let now = Date.now();
		const cache = new PublicPageCache(database.db, { now: () => now, singleWriter: true });
		const { stamp } = await cache.lookup('sv|/sunne/lagesbild', 'sunne');
		const page = (await cache.store('sv|/sunne/lagesbild', 'sunne', stamp, new Response('<html>x</html>', { headers: { 'content-type': 'text/html' } })))!;
		rememberFinalHeaders(page, new Headers({ 'content-type': 'text/html' }));
		now += 60_000;
		expect(cache.currentPage('sv|/sunne/lagesbild')).toBe(page);
		notePublicWrite();
		expect(cache.currentPage('sv|/sunne/lagesbild')).toBeNull();
	});
});
