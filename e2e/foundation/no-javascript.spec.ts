import { DEMO_PASSWORD, FALUN_COORDINATOR, SESSION_COOKIE, expect, test } from '../helpers';

test.use({ javaScriptEnabled: false });

test.describe('without JavaScript', () => {
	test('the start page lists the demo municipalities', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Falu kommun' })).toHaveAttribute('href', '/falun');
		await expect(page.getByRole('link', { name: 'Sunne kommun' })).toHaveAttribute('href', '/sunne');
	});

	test('the public Falun page shows the municipality', async ({ page }) => {
		await page.goto('/falun');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Falu kommun');
		await expect(page.getByRole('link', { name: 'Alla kommuner' })).toHaveAttribute('href', '/');
	});

	test('an unknown municipality gives a Swedish 404 page', async ({ page }) => {
		const response = await page.goto('/finns-inte');
		expect(response?.status()).toBe(404);
		await expect(page.locator('body')).toContainText('finns inte');
	});

	test('the sign-in, forgotten-password and sign-out pages render their forms', async ({ page }) => {
		await page.goto('/login');
		await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
		await expect(page.getByLabel('E-postadress')).toBeVisible();
		await expect(page.getByLabel('Lösenord')).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Demokonton' })).toBeVisible();

		await page.getByRole('link', { name: 'Glömt lösenordet?' }).click();
		await expect(page).toHaveURL(/\/losenord\/glomt$/);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByLabel('E-postadress')).toBeVisible();

		await page.goto('/logout');
		await expect(page.getByText('Du är inte inloggad.')).toBeVisible();
	});

	test('signing in through the form works and lands on the Falun overview', async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel('E-postadress').fill(FALUN_COORDINATOR);
		await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Logga in' }).click();
		await expect(page).toHaveURL(/\/app\/falun$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Falu kommun');
		await expect(page.getByRole('navigation', { name: /Falun/ }).getByRole('link', { name: 'Logg' })).toBeVisible();
		expect((await page.context().cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(true);
	});

	test('a failed sign-in shows the error summary without JavaScript', async ({ page }) => {
		await page.goto('/login');
		await page.getByRole('button', { name: 'Logga in' }).click();
		await expect(page.locator('.error-summary')).toContainText('Ange din e-postadress.');
	});

	test('the footer button "In English" switches the page to English and back', async ({ page }) => {
		await page.goto('/login');
		await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Logga in');

		await page.getByRole('contentinfo').getByRole('button', { name: 'In English' }).click();
		await expect(page).toHaveURL(/\/login$/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');

		// The choice is remembered on the next page.
		await page.goto('/');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');

		await page.getByRole('contentinfo').getByRole('button', { name: 'På svenska' }).click();
		await expect(page).toHaveURL(/\/$/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
		await expect(page.getByRole('contentinfo').getByRole('button', { name: 'In English' })).toBeVisible();
	});
});
