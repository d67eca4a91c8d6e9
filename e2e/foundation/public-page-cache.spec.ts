import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { BASE_URL, FALUN_COORDINATOR, expect, newApiContext, signIn, test } from '../helpers';

const PROMISE = '/falun/medborgarloften/lokalpolisomrade-falun-och-falu-kommun-2022';
const CACHE = 'x-forebygg-cache';

/** A visitor with no cookies at all, as a reverse proxy or a first visit would be. */
async function visitor(headers: Record<string, string> = {}): Promise<APIRequestContext> {
	return playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: headers });
}

test.describe('public pages from the page cache', () => {
	test('a second visit is answered from the cache with an ETag, and a matching If-None-Match gets 304 and no body', async () => {
		const anon = await visitor();
		try {
			for (const path of ['/falun', PROMISE, '/falun/lagesbild']) {
				await anon.get(path);
				const second = await anon.get(path);
				expect(second.status(), path).toBe(200);
				expect(second.headers()[CACHE], path).toBe('hit');
				expect(second.headers()['cache-control']).toBe('public, no-cache');
				expect(second.headers()['vary']).toBe('Cookie, Accept-Language');
				expect(second.headers()['last-modified']).toBeTruthy();
				const etag = second.headers()['etag']!;
				expect(etag).toMatch(/^"[\w-]+"$/);
				const revalidated = await anon.get(path, { headers: { 'if-none-match': etag } });
				expect(revalidated.status()).toBe(304);
				expect((await revalidated.body()).length).toBe(0);
				// The page cache answers before the session work, but still with the security headers.
				expect(revalidated.headers()['x-content-type-options']).toBe('nosniff');
			}
		} finally {
			await anon.dispose();
		}
	});

	test('Swedish and English are kept apart', async () => {
		const sv = await visitor({ 'accept-language': 'sv-SE' });
		const en = await visitor({ 'accept-language': 'en-GB' });
		try {
			for (let i = 0; i < 2; i++) {
				const svPage = await sv.get('/falun');
				const enPage = await en.get('/falun');
				expect(await svPage.text()).toContain('<html lang="sv"');
				expect(await enPage.text()).toContain('<html lang="en"');
				expect(svPage.headers()['etag']).not.toBe(enPage.headers()['etag']);
			}
		} finally {
			await sv.dispose();
			await en.dispose();
		}
	});

	test('a signed-in user is never given the cached anonymous page, and their page is not shareable', async () => {
		const anon = await visitor();
		const user = await newApiContext(FALUN_COORDINATOR);
		try {
			await anon.get(PROMISE);
			expect((await anon.get(PROMISE)).headers()[CACHE]).toBe('hit');
			const mine = await user.get(PROMISE);
			expect(mine.status()).toBe(200);
			expect(mine.headers()[CACHE]).toBeUndefined();
			expect(mine.headers()['cache-control']).toBe('private, no-store');
			const html = await mine.text();
			// The header names the signed-in user, which the shared page must never do.
			expect(html).toContain('Sara Samordnare');
			expect(await (await anon.get(PROMISE)).text()).not.toContain('Sara Samordnare');
		} finally {
			await anon.dispose();
			await user.dispose();
		}
	});

	test('a saved change shows on the public pages at once', async ({ browser }) => {
		test.setTimeout(180_000);
		const anon = await visitor();
		const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
		const page = await context.newPage();
		try {
			const before = await anon.get(PROMISE);
			const title = /<h1>([^<]+)<\/h1>/.exec(await before.text())![1]!;
			await anon.get('/falun');
			expect((await anon.get('/falun')).headers()[CACHE]).toBe('hit');

			await signIn(context, FALUN_COORDINATOR);
			await page.goto('/app/falun/medborgarloften');
			const href = await page.getByRole('link', { name: title }).first().getAttribute('href');
			const editUrl = `${href}/redigera`;
			const changed = `${title} (ändrad ${Date.now()})`;
			for (const next of [changed, title]) {
				await page.goto(editUrl);
				await page.getByLabel('Rubrik', { exact: true }).fill(next);
				await page.getByRole('button', { name: 'Spara ändringarna' }).click();
				await expect(page.getByRole('heading', { level: 1, name: next })).toBeVisible();
				const promisePage = await anon.get(PROMISE);
				expect(await promisePage.text()).toContain(`<h1>${next.replace(/&/g, '&amp;')}</h1>`);
				const municipalityPage = await anon.get('/falun');
				expect(municipalityPage.headers()[CACHE]).toBe('miss');
				expect(await municipalityPage.text()).toContain(next);
			}
		} finally {
			await context.close();
			await anon.dispose();
		}
	});
});
