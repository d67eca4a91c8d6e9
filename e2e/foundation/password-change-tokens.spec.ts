import { request } from '@playwright/test';
import { ADMIN, BASE_URL, FALUN_COORDINATOR, expect, sessionState, test } from '../helpers';

/**
 * A password change leaves personal API keys working (a reset revokes them): the account page
 * lists the ones that still work, with a revoke button each. The user is invited in the test,
 * because a password change ends the other sessions of the shared demo accounts.
 */

const FIRST = 'nyckel-lösenord-1';
const SECOND = 'nyckel-lösenord-2';

test.describe('API keys after a password change', () => {
	// Without JavaScript, as the forms must work; axe-core needs scripts, so the page is checked by role and text here.
	test.use({ javaScriptEnabled: false });
	test.describe.configure({ timeout: 120_000 });

	test('the keys that still work are listed after a change, and one is revoked from the list', async ({ browser }) => {
		const email = `nyckel-${Date.now()}@falun.se`;
		const coordinatorContext = await browser.newContext({ baseURL: BASE_URL, storageState: await sessionState(FALUN_COORDINATOR) });
		const adminContext = await browser.newContext({ baseURL: BASE_URL, storageState: await sessionState(ADMIN) });
		const userContext = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false });
		let script: Awaited<ReturnType<typeof request.newContext>> | undefined;
		try {
			const coordinator = await coordinatorContext.newPage();
			await coordinator.goto('/app/falun/organisationer');
			await coordinator.locator('#invite-name').fill('Nils Nyckel');
			await coordinator.locator('#invite-email').fill(email);
			await coordinator.locator('#invite-organisationId').selectOption({ label: 'Falu kommun' });
			await coordinator.locator('#invite-role').selectOption('medarbetare');
			await coordinator.getByRole('button', { name: 'Skicka inbjudan' }).click();
			await expect(coordinator.getByRole('status')).toHaveText('Inbjudan är skickad.');

			const admin = await adminContext.newPage();
			await admin.goto('/app/admin/utkorg');
			const mail = admin.locator('article', { hasText: `Till ${email}` }).first();
			const link = /https?:\/\/[^\s]+\/inbjudan\/[\w-]+/.exec(await mail.locator('pre').innerText())?.[0];
			expect(link, 'an invitation link in the outbox').toBeTruthy();

			const user = await userContext.newPage();
			await user.goto(new URL(link!).pathname);
			await user.getByLabel('Nytt lösenord', { exact: false }).first().fill(FIRST);
			await user.getByLabel('Upprepa', { exact: false }).fill(FIRST);
			await user.getByRole('button', { name: 'Skapa kontot och logga in' }).click();
			await expect(user).toHaveURL(/\/app\/falun$/);

			await user.goto('/app/konto');
			for (const name of ['Rapportskript', 'Gammal export']) {
				await user.getByLabel('Namn på nyckeln').fill(name);
				await user.getByRole('button', { name: 'Skapa nyckel' }).click();
				await expect(user.locator('code.token')).toBeVisible();
			}
			const token = (await user.locator('code.token').textContent())!.trim();
			script = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
			expect((await script.get('/api/v1/me')).status()).toBe(200);

			await user.getByLabel('Nuvarande lösenord').fill(FIRST);
			await user.getByLabel('Nytt lösenord', { exact: true }).fill(SECOND);
			await user.getByLabel('Upprepa', { exact: false }).fill(SECOND);
			await user.getByRole('button', { name: 'Byt lösenord' }).click();

			const kept = user.locator('#kept-tokens');
			await expect(kept).toContainText('Lösenordet är bytt. Dessa API-nycklar fungerar fortfarande:');
			await expect(kept.locator('li')).toHaveCount(2);
			const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
			// Created today, valid for the default 90 days.
			await expect(kept.locator('li', { hasText: 'Gammal export' })).toContainText(`skapad ${day(0)}`);
			await expect(kept.locator('li', { hasText: 'Gammal export' })).toContainText(`gäller till ${day(90)}`);
			// The key still works after the change, until the user revokes it.
			expect((await script.get('/api/v1/me')).status()).toBe(200);

			await kept.getByRole('button', { name: 'Återkalla nyckeln Gammal export' }).click();
			await expect(user.getByRole('status')).toContainText('återkallad');
			await expect(user.locator('ul.tokens li', { hasText: 'Gammal export' })).toContainText('återkallad');
			await expect(user.locator('ul.tokens li', { hasText: 'Rapportskript' })).toContainText('aktiv');
			expect((await script.get('/api/v1/me')).status()).toBe(401);
		} finally {
			await script?.dispose();
			await Promise.all([coordinatorContext.close(), adminContext.close(), userContext.close()]);
		}
	});
});
