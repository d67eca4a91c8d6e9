import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditRow } from '../../modules/audit/audit.repository';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { isNotModified, isShareable, pageResponse, PublicPageCache, publicScopeOfAudit } from './page-cache';

let database: TestDb;
let falunId: string;

beforeAll(async () => {
	database = await createTestDb({ municipalities: true });
	falunId = database.refs!.municipalities.falun!.id;
});
afterAll(async () => database.close());

const html = (text: string, headers: Record<string, string> = {}) =>
	new Response(`<html>${text}</html>`, { headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });

async function write(municipalityId: string | null, action = 'promises.promise.updated') {
	// The one place every audited write passes (recordAudit calls it in the write's transaction).
	await database.db.transaction((tx) =>
		appendAuditRow(tx, {
			at: new Date().toISOString(),
			userId: null,
			userEmail: null,
			organisationId: null,
			municipalityId,
			action,
			entityType: 'promise',
			entityId: null,
			changes: null,
			ip: null
		})
	);
}

describe('public page cache', () => {
	it('serves a page until a write to its municipality commits, and re-renders after it', async () => {
		const cache = new PublicPageCache(database.db);
		const first = await cache.lookup('sv|/falun', 'falun');
		expect(first.page).toBeNull();
		await cache.store('sv|/falun', 'falun', first.stamp, html('före'));
		const hit = await cache.lookup('sv|/falun', 'falun');
		expect(hit.page?.body.toString()).toBe('<html>före</html>');

		await write(falunId);
		// The write was in this process: the next lookup reads the version table before answering.
		const after = await cache.lookup('sv|/falun', 'falun');
		expect(after.page).toBeNull();
		expect(after.stamp).not.toBe(first.stamp);
	});

	it('sees a write made through another connection (another app server) within a second', async () => {
		const serverA = new PublicPageCache(database.db);
		const { stamp } = await serverA.lookup('en|/sunne', 'sunne');
		await serverA.store('en|/sunne', 'sunne', stamp, html('sunne'));
		expect((await serverA.lookup('en|/sunne', 'sunne')).page).not.toBeNull();
		const sunneId = database.refs!.municipalities.sunne!.id;
		// As another process would: the version row moves, but this process's local-write note does not.
		await database.db.transaction((tx) =>
			tx.execute(
				`insert into public_versions (scope, version) values ('${sunneId}', 1) on conflict (scope) do update set version = public_versions.version + 1` as never
			)
		);
		await serverA.poll(Date.now());
		expect((await serverA.lookup('en|/sunne', 'sunne')).page).toBeNull();
	});

	it('a write elsewhere leaves the page cached; reads, exports and sign-ins change no public page', async () => {
		const cache = new PublicPageCache(database.db);
		const { stamp } = await cache.lookup('sv|/falun/lagesbild', 'falun');
		await cache.store('sv|/falun/lagesbild', 'falun', stamp, html('lägesbild'));
		await write(database.refs!.municipalities.sunne!.id);
		await write(falunId, 'situation.points.read');
		await write(falunId, 'plans.plan.exported');
		await write(null, 'users.session.signed_in');
		expect((await cache.lookup('sv|/falun/lagesbild', 'falun')).page).not.toBeNull();
		// An installation-wide change (organisations) reaches every municipality's pages.
		await write(null, 'organisations.organisation.merged');
		expect((await cache.lookup('sv|/falun/lagesbild', 'falun')).page).toBeNull();
	});

	it('keeps languages apart', async () => {
		const cache = new PublicPageCache(database.db);
		const sv = await cache.lookup('sv|/falun/atgardsplan/x', 'falun');
		await cache.store('sv|/falun/atgardsplan/x', 'falun', sv.stamp, html('Åtgärdsplan'));
		expect((await cache.lookup('en|/falun/atgardsplan/x', 'falun')).page).toBeNull();
		await cache.store('en|/falun/atgardsplan/x', 'falun', sv.stamp, html('Action plan'));
		expect((await cache.lookup('sv|/falun/atgardsplan/x', 'falun')).page?.body.toString()).toContain('Åtgärdsplan');
		expect((await cache.lookup('en|/falun/atgardsplan/x', 'falun')).page?.body.toString()).toContain('Action plan');
	});

	it('never keeps a response with a cookie, a private one, an error or a non-HTML body', async () => {
		expect(isShareable(html('x', { 'set-cookie': 'a=b' }))).toBe(false);
		expect(isShareable(html('x', { 'cache-control': 'private, no-store' }))).toBe(false);
		expect(isShareable(new Response('x', { status: 404, headers: { 'content-type': 'text/html' } }))).toBe(false);
		expect(isShareable(new Response('{}', { headers: { 'content-type': 'application/json' } }))).toBe(false);
		expect(isShareable(html('x'))).toBe(true);
		const cache = new PublicPageCache(database.db);
		const { stamp } = await cache.lookup('sv|/falun/x', 'falun');
		expect(await cache.store('sv|/falun/x', 'falun', stamp, html('x', { 'set-cookie': 'a=b' }))).toBeNull();
		expect((await cache.lookup('sv|/falun/x', 'falun')).page).toBeNull();
	});

	it('answers 304 to a matching If-None-Match or a recent enough If-Modified-Since, 200 otherwise', async () => {
		const cache = new PublicPageCache(database.db);
		const { stamp } = await cache.lookup('sv|/falun/y', 'falun');
		const page = (await cache.store('sv|/falun/y', 'falun', stamp, html('y')))!;
		const request = (headers: Record<string, string>) => new Request('http://x/falun/y', { headers });
		const notModified = pageResponse(page, request({ 'if-none-match': `"other", ${page.etag}` }), 'hit');
		expect(notModified.status).toBe(304);
		expect(await notModified.text()).toBe('');
		expect(notModified.headers.get('etag')).toBe(page.etag);
		const full = pageResponse(page, request({ 'if-none-match': '"other"' }), 'hit');
		expect(full.status).toBe(200);
		expect(await full.text()).toBe('<html>y</html>');
		expect(full.headers.get('cache-control')).toBe('public, no-cache');
		expect(full.headers.get('vary')).toBe('Cookie, Accept-Language');
		expect(isNotModified(new Headers({ 'if-modified-since': page.lastModified }), page)).toBe(true);
		expect(isNotModified(new Headers({ 'if-modified-since': new Date(Date.parse(page.lastModified) - 1000).toUTCString() }), page)).toBe(false);
	});

	it('evicts the least recently used pages beyond its size', async () => {
		const cache = new PublicPageCache(database.db, { maxBytes: 8_000 });
		const { stamp } = await cache.lookup('a', 'falun');
		const body = 'x'.repeat(900);
		for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) await cache.store(key, 'falun', stamp, html(body));
		expect(cache.size.bytes).toBeLessThanOrEqual(8_000);
		expect((await cache.lookup('a', 'falun')).page).toBeNull();
		expect((await cache.lookup('i', 'falun')).page).not.toBeNull();
	});

	it('maps audited actions to the pages they may change', () => {
		expect(publicScopeOfAudit({ action: 'promises.promise.updated', municipalityId: 'm' })).toBe('m');
		expect(publicScopeOfAudit({ action: 'situation.points.read', municipalityId: 'm' })).toBeNull();
		expect(publicScopeOfAudit({ action: 'users.session.sign_in_failed', municipalityId: null })).toBeNull();
		expect(publicScopeOfAudit({ action: 'organisations.organisation.confirmed', municipalityId: null })).toBe('*');
	});
});
