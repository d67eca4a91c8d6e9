import { ADMIN, FALUN_COORDINATOR, expect, signIn, test } from '../helpers';

test.describe('audit log', () => {
	test('after the coordinator signs in, the Falun log shows an auth.sign_in row for the coordinator', async ({ page }) => {
		await signIn(page, FALUN_COORDINATOR);
		const response = await page.goto('/app/falun/logg');
		expect(response?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1, name: 'Logg' })).toBeVisible();
		const rows = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Inloggning', exact: true }) });
		await expect(rows.filter({ hasText: FALUN_COORDINATOR }).first()).toBeVisible();
	});

	test.describe(() => {
		test.use({ signedInAs: ADMIN });
		test('the installation log shows the admin’s own sign-in row', async ({ page }) => {
			await page.goto('/app/admin/logg?handelse=users.session.signed_in');
			const rows = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Inloggning', exact: true }) });
			await expect(rows.filter({ hasText: ADMIN }).first()).toBeVisible();
		});
	});
});
