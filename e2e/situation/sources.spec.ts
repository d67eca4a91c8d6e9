import { FALUN_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

const TITLE = `Lägesbild med lokala källor ${Date.now().toString(36)}`;

test.describe('walk findings and EST reports as sources of the lägesbild', () => {
	test.use({ signedInAs: FALUN_COORDINATOR });

	test('a new draft counts them per area, category and month in the otrygghet section, and names them with their limits', async ({ page }) => {
		await page.goto('/app/falun/lagesbild/dokument');
		// The demo's walks (October 2025 – April 2026) and EST's reports (the last six months).
		await page.getByLabel('Rubrik').fill(TITLE);
		await page.getByLabel('Perioden börjar').fill('2025-10-01');
		const today = new Date().toISOString().slice(0, 10);
		await page.getByLabel('Perioden slutar').fill(today);
		await page.getByRole('button', { name: 'Skapa lägesbild' }).click();
		await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();

		const walks = page.getByRole('region', { name: 'Brister från trygghetsvandringar per område, kategori och månad (antal)' });
		await expect(walks).toBeVisible();
		await expect(walks.locator('caption')).toContainText('Trygghetsvandringar (brister registrerade i Förebygg)');
		await expect(walks.getByRole('columnheader', { name: '2025-10' })).toBeVisible();
		await expect(walks.getByRole('rowheader', { name: /^Stadskärnan – / }).first()).toBeVisible();
		await expect(walks.getByRole('rowheader', { name: 'Alla områden och kategorier' })).toBeVisible();
		const est = page.getByRole('region', { name: 'EST-rapporter per område, kategori och månad (antal)' });
		await expect(est).toBeVisible();
		await expect(est.locator('caption')).toContainText('EST – rapporter från samverkanspartner');

		const sources = page.getByLabel('Använda källor', { exact: false }).first();
		const text = await sources.inputValue();
		expect(text).toContain('Trygghetsvandringar (brister registrerade i Förebygg): räknade per område, kategori och månad under perioden. Begränsningar:');
		expect(text).toContain('EST – rapporter från samverkanspartner (Förebygg): räknade per område, kategori och månad under perioden. Begränsningar:');
		await expectNoViolations(page, 'the draft with the local sources');

		// The draft is removed again, so other specs see the demo's documents only.
		await page.getByRole('button', { name: 'Ta bort utkastet' }).click();
		await expect(page.getByRole('link', { name: TITLE })).toHaveCount(0);
	});
});
