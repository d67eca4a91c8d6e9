import { FALUN_READER, SUNNE_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

test.describe('EST, added as a module of its own', () => {
	// Sunne has no EST demo data, so its coordinator starts from nothing (Falun's demo cycle stays as seeded).
	test.describe('the coordinator', () => {
		test.use({ signedInAs: SUNNE_COORDINATOR });

		test('finds EST in the navigation, sets the cycle and sees the current cycle', async ({ page }) => {
			await page.goto('/app/sunne');
			await page
				.getByRole('navigation', { name: /Moduler för/ })
				.getByRole('link', { name: 'EST' })
				.click();
			await expect(page.getByRole('heading', { level: 1, name: 'EST' })).toBeVisible();
			await expect(page.getByText('Inga rapporter ännu.', { exact: false })).toBeVisible();
			await expectNoViolations(page, 'the EST page');

			await page.getByLabel('Cykel', { exact: true }).selectOption('14dagar');
			await page.getByRole('textbox', { name: 'Den första cykeln började' }).fill('2025-01-06');
			await page.getByRole('button', { name: 'Spara cykeln' }).click();
			await expect(page.getByText('Cykeln är sparad.')).toBeVisible();
			await expect(page.getByText('EST-gruppen träffas var fjortonde dag; den första cykeln började 2025-01-06.')).toBeVisible();
			await expect(page.getByText(/Nu pågår cykel \d+:/)).toBeVisible();

			await page.goto('/app/sunne/logg?handelse=est.cycle_settings.updated');
			await expect(page.getByRole('cell', { name: 'EST-cykeln ändrad', exact: true }).first()).toBeVisible();
		});
	});

	test.describe('a reader', () => {
		test.use({ signedInAs: FALUN_READER });

		test('sees the cycle but no form to change it', async ({ page }) => {
			await page.goto('/app/falun/est');
			await expect(page.getByRole('heading', { level: 2, name: 'Cykeln' })).toBeVisible();
			await expect(page.getByRole('button', { name: 'Spara cykeln' })).toHaveCount(0);
		});
	});
});
