import fs from 'node:fs';
import path from 'node:path';
import { POLISEN_EVENTS, pxPopulation, pxWebJsonStat } from '../../src/lib/server/modules/situation/testing-sources';
import { FALUN_READER, SUNNE_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

// Sunne, not the demo's Falun: the lägesbild spec counts Falun's areas and crimes exactly.
const fixture = (name: string) => fs.readFileSync(path.resolve('src/lib/server/modules/situation/fixtures', name));
const sunneEvents = POLISEN_EVENTS.map((e) => (e.location?.name === 'Falun' ? { ...e, location: { ...e.location, name: 'Sunne' } } : e));

test.describe.serial('the lägesbild’s other sources', () => {
	test.describe('as the Sunne coordinator', () => {
		test.use({ signedInAs: SUNNE_COORDINATOR });

		test('uploads RegSO as a GeoPackage and sees the areas; a GeoPackage in RT90 is refused with a reason', async ({ page }) => {
			await page.goto('/app/sunne/lagesbild/omraden');
			await page
				.getByLabel('GeoJSON- eller GeoPackage-fil')
				.setInputFiles({ name: 'RT90.gpkg', mimeType: 'application/geopackage+sqlite3', buffer: fixture('rt90-3021.gpkg') });
			await page.getByRole('button', { name: 'Importera områden' }).click();
			await expect(page.locator('#field-file-error')).toHaveText(/Koordinatsystemet EPSG:3021 stöds inte/);

			await page
				.getByLabel('GeoJSON- eller GeoPackage-fil')
				.setInputFiles({ name: 'RegSO_2025.gpkg', mimeType: 'application/geopackage+sqlite3', buffer: fixture('sunne-regso-2025-3006.gpkg') });
			await page.getByRole('button', { name: 'Importera områden' }).click();
			await expect(page.getByText('2 områden sparades (EPSG:3006).', { exact: false })).toBeVisible();
			const areas = page.getByRole('region', { name: 'Områden', exact: true });
			for (const name of ['Sunne centrum', 'Sunne östra']) await expect(areas.getByRole('rowheader', { name })).toBeVisible();
			await expect(areas.getByText('fil: RegSO_2025.gpkg (EPSG:3006)').first()).toBeVisible();
			await expectNoViolations(page, 'the areas page after a GeoPackage import');
		});

		test('imports SCB population all or nothing: unknown RegSO stop it until the readable values are asked for', async ({ page }) => {
			await page.goto('/app/sunne/lagesbild/omraden');
			const table = { name: 'folkmangd-regso.json', mimeType: 'application/json', buffer: Buffer.from(pxWebJsonStat(['1766R001', '1766R002', '1766R999'])) };
			await page.getByLabel('Tabell från SCB (JSON-stat2 eller CSV)').setInputFiles(table);
			await page.getByRole('button', { name: 'Importera befolkning' }).click();
			await expect(page.getByText(/Ingenting sparades: 24 värden/)).toBeVisible();
			await expect(page.getByRole('region', { name: 'Värden som inte kunde läsas' }).getByText(/Området 1766R999 finns inte/)).toBeVisible();
			await expectNoViolations(page, 'the population problems');

			await page.getByLabel('Tabell från SCB (JSON-stat2 eller CSV)').setInputFiles(table);
			await page.getByLabel('Spara de värden som går att läsa även om andra rader har fel').check();
			await page.getByRole('button', { name: 'Importera befolkning' }).click();
			await expect(page.getByText('48 värden sparades (år 2023, 2024).')).toBeVisible();
			const row = page
				.getByRole('region', { name: 'Områden', exact: true })
				.getByRole('row')
				.filter({ has: page.getByRole('rowheader', { name: 'Sunne centrum' }) });
			await expect(row.getByRole('cell').nth(2)).toHaveText(pxPopulation('1766R001', 0, 2, 2024).toLocaleString('sv-SE'));
		});

		test("imports a saved file of Polisen's events as municipality-level crimes and sees the count; a second import adds nothing", async ({ page }) => {
			await page.goto('/app/sunne/lagesbild/brott');
			await expectNoViolations(page, 'the crime import page with the Polisen section');
			const upload = async () => {
				await page
					.getByLabel('Sparad fil från Polisens händelse-API (.json)')
					.setInputFiles({ name: 'polisen-sunne.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(sunneEvents)) });
				await page.getByRole('button', { name: 'Importera händelserna' }).click();
			};
			await upload();
			await expect(page.getByText('3 händelser sparades som brott för hela kommunen; 0 fanns redan.')).toBeVisible();
			await expect(page.getByText('Filen hade 9 händelser: 2 på andra orter, 1 upprepade.')).toBeVisible();
			// Sunne has RegSO but no area for the whole municipality: the events count in its totals only.
			await expect(page.getByText(/saknar ett område för hela kommunen/)).toBeVisible();
			const skipped = page.getByRole('region', { name: 'Händelser i kommunen som inte räknades' });
			await expect(skipped.getByRole('rowheader', { name: 'Trolldom' })).toBeVisible();
			await expect(skipped.getByText(/”Trafikolycka” är ingen brottstyp/)).toBeVisible();
			await expectNoViolations(page, 'the Polisen import result');
			const history = page.getByRole('region', { name: 'Tidigare importer' });
			await expect(history.getByRole('row').filter({ hasText: 'Polisens händelser: polisen-sunne.json' }).getByRole('cell').nth(2)).toHaveText('3');

			await upload();
			await expect(page.getByText('0 händelser sparades som brott för hela kommunen; 3 fanns redan.')).toBeVisible();

			await page
				.getByLabel('Sparad fil från Polisens händelse-API (.json)')
				.setInputFiles({ name: 'fel.json', mimeType: 'application/json', buffer: Buffer.from('{"values": []}') });
			await page.getByRole('button', { name: 'Importera händelserna' }).click();
			await expect(page.locator('#field-polisenFile-error')).toHaveText(/händelse-API/);
		});
	});

	test.describe('as a Falun reader', () => {
		test.use({ signedInAs: FALUN_READER });

		test('the demo indicators compare Falun, Dalarna and Sweden per year, broken down by sex and age', async ({ page }) => {
			await page.goto('/app/falun/lagesbild/indikatorer');
			const name = 'Otrygg eller mycket otrygg ute sent en kväll i det egna bostadsområdet, andel (%)';
			await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${name.replace(/[()%]/g, '.')} demodata$`) })).toBeVisible();
			const levels = page.getByRole('region', { name, exact: true });
			for (const where of ['Falun', 'Dalarnas län', 'Riket']) await expect(levels.getByRole('columnheader', { name: where, exact: true })).toBeVisible();
			await expect(levels.locator('tbody tr')).toHaveCount(3);
			const breakdown = page.getByRole('region', { name: `${name} uppdelat på kön och ålder` });
			await expect(breakdown.locator('tbody tr')).toHaveCount(3 * (3 * 5 - 1));
			await expect(breakdown.getByRole('row').filter({ hasText: 'kvinnor' }).filter({ hasText: '16-24 år' })).toHaveCount(3);
			await expectNoViolations(page, 'the indicator comparison');
		});
	});
});
