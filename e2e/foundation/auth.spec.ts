import { request as playwrightRequest } from '@playwright/test';
import { ADMIN, BASE_URL, DEMO_PASSWORD, FALUN_COORDINATOR, SESSION_COOKIE, expect, expectRedirectToLogin, postSignIn, signIn, test } from '../helpers';

test.describe('signing in and out', () => {
	test('the demo coordinator signs in through the real form and lands on the Falun overview', async ({ page }) => {
		await page.goto('/login');
		await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
		await page.getByLabel('E-postadress').fill(FALUN_COORDINATOR);
		await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Logga in' }).click();
		await expect(page).toHaveURL(/\/app\/falun$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Falu kommun');
		const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
		expect(cookie, 'session cookie').toBeDefined();
		expect(cookie?.httpOnly, 'the session cookie is HttpOnly').toBe(true);
		expect(cookie?.sameSite).toBe('Lax');
	});

	test('without a session the Falun app redirects to the sign-in page and back after signing in', async ({ page, request }) => {
		const response = await request.get('/app/falun', { maxRedirects: 0 });
		expectRedirectToLogin(response, 'GET /app/falun anonymously');
		expect(response.headers()['location']).toBe('/login?next=%2Fapp%2Ffalun');

		await page.goto('/app/falun');
		await expect(page).toHaveURL(/\/login\?next=%2Fapp%2Ffalun$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
	});

	test('a wrong password shows a Swedish error in the error summary, linked to the field, and keeps the e-mail', async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel('E-postadress').fill(FALUN_COORDINATOR);
		await page.getByLabel('Lösenord').fill('fel-losenord-123');
		await page.getByRole('button', { name: 'Logga in' }).click();

		const summary = page.locator('.error-summary');
		await expect(summary).toBeVisible();
		await expect(summary).toHaveAttribute('role', 'alert');
		await expect(summary.getByRole('heading')).toHaveText('Det finns ett problem');
		const link = summary.getByRole('link', { name: 'Fel e-postadress eller lösenord.' });
		await expect(link).toHaveAttribute('href', '#field-password');
		// The link leads to the password field, which describes itself with the same message.
		const field = page.locator('#field-password');
		await expect(field).toHaveAttribute('aria-invalid', 'true');
		await expect(field).toHaveAccessibleDescription(/Fel e-postadress eller lösenord\./);
		await link.click();
		await expect(field).toBeFocused();
		await expect(page.getByLabel('E-postadress')).toHaveValue(FALUN_COORDINATOR);
		await expect(page.getByLabel('Lösenord')).toHaveValue('');
		expect((await page.context().cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
	});

	test('empty fields are refused with one Swedish message per field', async ({ page }) => {
		await page.goto('/login');
		await page.getByRole('button', { name: 'Logga in' }).click();
		const summary = page.locator('.error-summary');
		await expect(summary.getByRole('link', { name: 'Ange din e-postadress.' })).toHaveAttribute('href', '#field-email');
		await expect(summary.getByRole('link', { name: 'Ange ditt lösenord.' })).toHaveAttribute('href', '#field-password');
	});

	test('signing out ends the session so the old cookie no longer works', async ({ page }) => {
		const token = await signIn(page, FALUN_COORDINATOR);
		await page.goto('/app/falun');
		await expect(page).toHaveURL(/\/app\/falun$/);

		await page.locator('details.menu > summary').first().click();
		await page.getByRole('button', { name: 'Logga ut' }).click();
		await expect(page).toHaveURL(/\/login\?utloggad=1$/);
		expect(
			(await page.context().cookies()).some((c) => c.name === SESSION_COOKIE),
			'the cookie is removed'
		).toBe(false);

		// Replaying the old cookie: the server-side session is gone.
		const replay = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Cookie: `${SESSION_COOKIE}=${token}` } });
		try {
			expectRedirectToLogin(await replay.get('/app/falun', { maxRedirects: 0 }), 'GET /app/falun with the old cookie');
			const me = await replay.get('/api/v1/me');
			expect(me.status()).toBe(401);
		} finally {
			await replay.dispose();
		}
	});
});

test.describe('health', () => {
	test('/healthz answers 200 JSON with status ok and nothing else (no engine, no build)', async ({ request }) => {
		const response = await request.get('/healthz');
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toContain('application/json');
		expect(await response.json()).toEqual({ status: 'ok' });
	});
});

test.describe('lock-out', () => {
	test('after five wrong passwords this address gets no further with the account, and is told exactly what a wrong password is told', async ({
		browser,
		page
	}) => {
		// A dedicated account, created by the admin through the admin page, so the demo users stay usable.
		const email = `last-${Date.now()}@falun.demo`;
		const password = 'ratt-losenord-2024';
		const adminContext = await browser.newContext();
		try {
			const adminPage = await adminContext.newPage();
			await signIn(adminPage, ADMIN);
			await adminPage.goto('/app/admin');
			const form = adminPage.locator('form[action="?/createUser"]');
			await form.getByLabel('Namn').fill('Lisa Låstest');
			await form.getByLabel('E-postadress').fill(email);
			await form.getByLabel('Roll').selectOption('lasare');
			await form.getByLabel('Kommun').selectOption({ label: 'Falun' });
			await form.getByLabel('Organisation').selectOption({ label: 'Falu kommun' });
			await form.getByLabel('Lösenord').fill(password);
			await form.getByRole('button').click();
			await expect(adminPage.getByRole('status')).toContainText(email);
		} finally {
			await adminContext.close();
		}

		for (let attempt = 1; attempt <= 5; attempt++) {
			const response = await postSignIn(page, email, `fel-losenord-${attempt}`);
			expect(response.status(), `wrong password, attempt ${attempt}`).toBe(400);
			expect(await response.text()).toContain('Fel e-postadress eller lösenord.');
		}

		await page.goto('/login');
		await page.getByLabel('E-postadress').fill(email);
		await page.getByLabel('Lösenord').fill(password);
		await page.getByRole('button', { name: 'Logga in' }).click();
		await expect(page).toHaveURL(/\/login/);
		// A distinct "locked" message told anyone that the address belongs to an account (issue 11, item 8).
		await expect(page.locator('.error-summary')).toContainText('Fel e-postadress eller lösenord.');
		await expect(page.locator('.error-summary')).not.toContainText('låst');
		expect(
			(await page.context().cookies()).some((c) => c.name === SESSION_COOKIE),
			'no session for a throttled address'
		).toBe(false);
	});
});

test.describe('cross-site requests', () => {
	test('a sign-in form posted from another origin is refused', async ({ request }) => {
		const response = await request.post('/login', {
			form: { email: FALUN_COORDINATOR, password: DEMO_PASSWORD, next: '/app' },
			headers: { Origin: 'https://evil.example' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(403);
		expect(response.headers()['set-cookie'] ?? '').not.toContain(SESSION_COOKIE);
	});
});
