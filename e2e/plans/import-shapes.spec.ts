import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FALUN_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

// A plan in another municipality's shape: the header once, focus-area title rows between the measures, Samverkan and Indikator columns.
const HEADER_ONCE = readFileSync(path.resolve('src/lib/server/modules/plans/fixtures/header-once-focus-rows.tsv'), 'utf8');

test.describe('importing a plan written by another municipality', () => {
	test.use({ signedInAs: FALUN_COORDINATOR });

	test('finds every measure under its focus area, shows co-responsible parties and indicators, and asks about a near organisation name', async ({ page }) => {
		await page.goto('/app/falun/atgardsplan/importera');
		await page.getByLabel('Eller klistra in text').fill(HEADER_ONCE);
		await page.getByRole('button', { name: 'Förhandsgranska' }).click();
		await expect(page.getByText('3 fokusområden och 5 åtgärder hittades.')).toBeVisible();
		for (const title of ['1. Trygga offentliga miljöer', '2. Barn och unga 12–17 år', '3. Våld i nära relationer'])
			await expect(page.getByRole('heading', { level: 3, name: title })).toBeVisible();
		await expect(page.getByText('Samverkan: Polisen, Fastighetsbolaget Hemmet')).toBeVisible();
		await expect(page.getByText('Indikatorer: Andel som känner sig trygga i centrum 62 → 75 %')).toBeVisible();
		// "Samhällsbyggnadsförvaltningen" only resembles the demo's "Miljö- och samhällsbyggnadsförvaltningen": the user decides.
		const question = page.getByRole('group', { name: 'Är ”Samhällsbyggnadsförvaltningen” samma organisation som ”Miljö- och samhällsbyggnadsförvaltningen”?' });
		await expect(question.getByLabel('Nej, ”Samhällsbyggnadsförvaltningen” är en egen organisation')).toBeChecked();
		await expectNoViolations(page, 'the import preview with a suggestion');
		await question.getByLabel('Ja, samma som Miljö- och samhällsbyggnadsförvaltningen').check();
		await page.getByLabel('Planens namn').fill('Plan med rubrikrader');
		await page.getByRole('button', { name: /Spara planen/ }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Plan med rubrikrader' })).toBeVisible();
		await expect(page.locator('li.measure-card[id^="m-"]')).toHaveCount(5);
		const walks = page.locator('li.measure-card').filter({ hasText: 'Trygghetsvandringar i centrum' });
		await expect(walks).toContainText('Miljö- och samhällsbyggnadsförvaltningen');
		await expect(walks).toContainText('Fastighetsbolaget Hemmet');
	});
});
