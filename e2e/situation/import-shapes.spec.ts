import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FALUN_COORDINATOR, SUNNE_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

const EXTRACT = readFileSync(path.resolve('src/lib/server/modules/situation/fixtures/brottsutdrag-annan-kommun.csv'));
const OWN_AREAS = readFileSync(path.resolve('src/lib/server/modules/situation/fixtures/kommundelar-egna-egenskaper.geojson'));

test.describe('imports of files from other municipalities', () => {
	test.use({ signedInAs: FALUN_COORDINATOR });

	test('a missing source and a wrong file type are reported together', async ({ page }) => {
		await page.goto('/app/falun/lagesbild/brott');
		await page.getByLabel('Källa').fill('');
		await page.getByLabel('Utdrag (.csv eller .xlsx)').setInputFiles({ name: 'utdrag.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') });
		await page.getByRole('button', { name: 'Nästa: välj kolumner' }).click();
		const summary = page.locator('.error-summary');
		await expect(summary.getByRole('link')).toHaveCount(2);
		await expect(summary).toContainText('Ange varifrån utdraget kommer');
	});

	test('a crime type no category knows is mapped to one, and the rows count', async ({ page }) => {
		await page.goto('/app/falun/lagesbild/brott');
		await page.getByLabel('Källa').fill('LPO Ludvika');
		await page.getByLabel('Utdrag (.csv eller .xlsx)').setInputFiles({ name: 'utdrag.csv', mimeType: 'text/csv', buffer: EXTRACT });
		await page.getByRole('button', { name: 'Nästa: välj kolumner' }).click();
		await expect(page.getByLabel('Datum', { exact: false }).first()).toHaveValue('Anmälningsdatum');
		await page.getByRole('button', { name: 'Granska raderna' }).click();
		await expect(page.getByRole('heading', { name: 'Brottstyper utan kategori' })).toBeVisible();
		await expectNoViolations(page, 'the crime report with unknown types');
		await page.getByLabel('”Stöld från person” (2 rader)').selectOption({ label: 'Övrig stöld' });
		await page.getByRole('button', { name: 'Använd kategorierna och kontrollera igen' }).click();
		await expect(page.getByLabel(/Stöld från person/)).toHaveCount(0);
		await expect(page.getByLabel('”Brott mot knivlagen” (1 rad)')).toBeVisible();
		await expect(page.getByRole('button', { name: /Importera de giltiga raderna/ })).toBeVisible();
	});
});

// In Sunne: Falun's demo areas are what the map and lägesbild specs count, so new ones go elsewhere.
test.describe('an area file from another municipality', () => {
	test.use({ signedInAs: SUNNE_COORDINATOR });

	test('an area file with its own property names: the user chooses name and code', async ({ page }) => {
		await page.goto('/app/sunne/lagesbild/omraden');
		const file = { name: 'kommundelar.geojson', mimeType: 'application/geo+json', buffer: OWN_AREAS };
		await page.getByLabel('GeoJSON- eller GeoPackage-fil').setInputFiles(file);
		await page.getByRole('button', { name: 'Importera områden' }).click();
		await expect(page.locator('.error-summary')).toContainText('3 områden saknar namn');
		await expect(page.locator('.error-summary')).not.toContainText('inga områden i kommunen');
		await page.getByLabel('Egenskapen med områdets namn').selectOption('KOMMUNDEL');
		await page.getByLabel('Egenskapen med områdets kod').selectOption('OBJEKT_ID');
		await expectNoViolations(page, 'the area upload asking for properties');
		await page.getByLabel('GeoJSON- eller GeoPackage-fil').setInputFiles(file);
		await page.getByRole('button', { name: 'Importera områden' }).click();
		await expect(page.getByText('Namnen lästes från egenskapen ”KOMMUNDEL” och koderna från ”OBJEKT_ID”')).toBeVisible();
	});
});
