import { request } from '@playwright/test';
import { BASE_URL, FALUN_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

test.describe('personal API tokens', () => {
	test.use({ signedInAs: FALUN_COORDINATOR });

	test('a coordinator creates a key, a script reads the API with it, and after revoking it is refused', async ({ page }) => {
		await page.goto('/app/konto');
		await page.getByRole('button', { name: 'Skapa nyckel' }).click();
		await expect(page.locator('.error-summary')).toContainText('Ge nyckeln ett namn');
		await page.getByLabel('Namn på nyckeln').fill('Power BI-rapport');
		await page.getByLabel('Giltighetstid').selectOption('30');
		await page.getByRole('button', { name: 'Skapa nyckel' }).click();
		const token = (await page.locator('code.token').textContent())!.trim();
		expect(token).toMatch(/^fbg_[A-Za-z0-9_-]{43}$/);
		await expectNoViolations(page, 'the account page with a new key');

		// A script: no cookies, only the header.
		const script = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
		try {
			const me = await script.get('/api/v1/me');
			expect(me.status()).toBe(200);
			expect((await me.json()).email).toBe(FALUN_COORDINATOR);
			expect((await script.get('/api/v1/kommuner/falun/atgardsplaner')).status()).toBe(200);
			expect((await script.get('/api/v1/kommuner/sunne/atgardsplaner')).status()).toBe(403);
			// A key opens the API, never the pages.
			expect((await script.get('/app/falun', { maxRedirects: 0 })).status()).toBe(303);

			await page.goto('/app/konto');
			await expect(page.locator('ul.tokens')).toContainText('Power BI-rapport');
			await page.getByRole('button', { name: 'Återkalla nyckeln Power BI-rapport' }).click();
			await expect(page.getByRole('status')).toContainText('återkallad');
			const refused = await script.get('/api/v1/me');
			expect(refused.status()).toBe(401);
			expect((await refused.json()).message).toContain('API-nyckeln är ogiltig');
		} finally {
			await script.dispose();
		}
	});
});
