import { crimeCsvSweref, desoGeoJson3006 } from '../../src/lib/server/modules/situation/testing';
import { BASE_URL, FALUN_COORDINATOR, FALUN_READER, SUNNE_COORDINATOR, expect, expectNoViolations, newApiContext, test } from '../helpers';

test.describe.serial('the lägesbild', () => {
	test.describe('as the Falun coordinator', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });

		test('the demo lägesbild shows the map, the per-area table and the time views, marked as demo, without axe violations', async ({ page }) => {
			await page.goto('/app/falun/lagesbild');
			await expect(page.getByRole('heading', { level: 1, name: 'Lägesbild' })).toBeVisible();
			await expect(page.getByText(/Demodata: \d+ syntetiska brott/)).toBeVisible();
			await expect(page.locator('figure.choropleth path')).toHaveCount(6);
			await expect(page.getByText('Områdena är ungefärligt avgränsade.')).toBeVisible();
			const perArea = page.getByRole('region', { name: 'Brott per område' });
			await expect(perArea.getByRole('rowheader', { name: 'Stadskärnan' })).toBeVisible();
			await expect(page.getByRole('region', { name: 'När brotten sker' }).locator('tbody tr')).toHaveCount(7);
			await expect(page.getByRole('region', { name: 'Brott per månad' }).locator('tbody tr')).toHaveCount(12);
			await expectNoViolations(page, '/app/falun/lagesbild');
		});

		test('imports DeSO boundaries in EPSG:3006 and a police CSV in SWEREF 99 TM, sees the bad rows, the choropleth and the per-area table', async ({
			page
		}) => {
			await page.goto('/app/falun/lagesbild/omraden');
			await expectNoViolations(page, 'the areas page');
			await page
				.getByLabel('GeoJSON- eller GeoPackage-fil')
				.setInputFiles({ name: 'deso-falun.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(desoGeoJson3006()) });
			await page.getByRole('button', { name: 'Importera områden' }).click();
			await expect(page.getByText('4 områden sparades (EPSG:3006).', { exact: false })).toBeVisible();
			await expect(page.getByRole('rowheader', { name: '2080C1010' })).toBeVisible();

			await page.goto('/app/falun/lagesbild/brott');
			await expectNoViolations(page, 'the crime import page');
			await page.getByLabel('Källa').fill('Polisen, kartverktyget');
			await page.getByLabel('Utdrag (.csv eller .xlsx)').setInputFiles({ name: 'brott-2025.csv', mimeType: 'text/csv', buffer: Buffer.from(crimeCsvSweref()) });
			await page.getByRole('button', { name: 'Nästa: välj kolumner' }).click();
			await expect(page.getByRole('heading', { name: 'Kolumner i brott-2025.csv' })).toBeVisible();
			await expect(page.getByLabel('Östlig koordinat E/X (SWEREF 99 TM)')).toHaveValue('X_SWEREF');
			await expect(page.getByLabel('Nordlig koordinat N/Y (SWEREF 99 TM)')).toHaveValue('Y_SWEREF');
			await expectNoViolations(page, 'the mapping step');
			await page.getByRole('button', { name: 'Granska raderna' }).click();

			await expect(page.getByText('5 rader är giltiga')).toBeVisible();
			const bad = page.getByRole('region', { name: 'Felaktiga rader' });
			await expect(bad.locator('tbody tr')).toHaveCount(5);
			for (const reason of [/omkastade/, /utanför Sverige/, /utanför kommunen/, /Okänd brottstyp ”Trolldom”/, /Ogiltigt datum ”2025-13-45”/])
				await expect(bad.getByText(reason)).toBeVisible();
			await expectNoViolations(page, 'the bad-row report');
			await page.getByRole('button', { name: /Importera de giltiga raderna \(5 nya\)/ }).click();
			await expect(page.getByText('5 brott importerades, 0 fanns redan och 5 rader hoppades över.')).toBeVisible();

			await page.goto('/app/falun/lagesbild?fran=2025-01-01&till=2025-12-31&typ=deso');
			const paths = page.locator('figure.choropleth path');
			await expect(paths).toHaveCount(4);
			await expect(paths.locator('title').first()).toHaveText(/^2080C10\d0: /);
			await expect(page.getByText('Tabellen visar alla 4 områden, flest brott per 1 000 invånare först.')).toBeVisible();
			await expect(page.getByRole('link', { name: 'Ladda ner hela tabellen (CSV)' })).toHaveAttribute(
				'href',
				'/app/falun/lagesbild/brott-per-omrade.csv?fran=2025-01-01&till=2025-12-31&typ=deso'
			);
			const table = page.getByRole('region', { name: 'Brott per område' });
			const row = (code: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: code }) });
			// Two bicycle thefts in 2080C1010 among 1 000 inhabitants: 2,0 per 1 000.
			await expect(row('2080C1010').getByRole('cell').nth(1)).toHaveText('2');
			await expect(row('2080C1010').getByRole('cell').nth(2)).toHaveText('2,0');
			for (const code of ['2080C1020', '2080C1030', '2080C1040']) await expect(row(code).getByRole('cell').nth(1)).toHaveText('1');
			await expectNoViolations(page, 'the lägesbild with imported DeSO');
		});

		test('the indicators compare Falun with Dalarna and Sweden and show the survey per area, and a Brå table imports', async ({ page }) => {
			await page.goto('/app/falun/lagesbild/indikatorer');
			const kpi = page.getByRole('region', { name: 'Anmälda våldsbrott, antal/100 000 inv' });
			for (const where of ['Falun', 'Dalarnas län', 'Riket']) await expect(kpi.getByRole('columnheader', { name: where, exact: true })).toBeVisible();
			const survey = page.getByRole('region', { name: /Känner sig trygg.* per område$/ });
			await expect(survey.getByRole('rowheader', { name: 'Bojsenburg' }).first()).toBeVisible();
			await expectNoViolations(page, 'the indicators page');
			await page
				.getByLabel('Fil med indikatorer')
				.setInputFiles({ name: 'bra.csv', mimeType: 'text/csv', buffer: Buffer.from('Region;Brott;År;Antal;Per 100 000 inv\r\n2080 Falun;Rån;2024;..;-\r\n') });
			await page.getByRole('button', { name: 'Importera indikatorer' }).click();
			await expect(page.getByText('2 värden sparades.')).toBeVisible();
			await expect(page.getByRole('region', { name: 'Rån (antal)' }).getByText('skyddat (..)')).toBeVisible();
		});

		test('importing the same extract again adds nothing, and "import nothing" writes nothing', async ({ page }) => {
			for (const choice of ['nothing', 'rest'] as const) {
				await page.goto('/app/falun/lagesbild/brott');
				await page.getByLabel('Källa').fill('Polisen, kartverktyget');
				await page
					.getByLabel('Utdrag (.csv eller .xlsx)')
					.setInputFiles({ name: 'brott-2025.csv', mimeType: 'text/csv', buffer: Buffer.from(crimeCsvSweref()) });
				await page.getByRole('button', { name: 'Nästa: välj kolumner' }).click();
				await expect(page.getByText('Kolumnvalen från förra importen från Polisen, kartverktyget är ifyllda.')).toBeVisible();
				await page.getByRole('button', { name: 'Granska raderna' }).click();
				await expect(page.getByText('5 finns redan (importerade tidigare) och läggs inte till igen')).toBeVisible();
				if (choice === 'nothing') {
					await page.getByRole('button', { name: 'Importera ingenting' }).click();
					await expect(page.getByText('Ingenting importerades.')).toBeVisible();
				} else {
					await page.getByRole('button', { name: /Importera de giltiga raderna \(0 nya\)/ }).click();
					await expect(page.getByText('0 brott importerades, 5 fanns redan och 5 rader hoppades över.')).toBeVisible();
				}
			}
		});
	});

	test('the API lists the areas and counts crimes by area, category and year, authorised like the pages', async () => {
		const reader = await newApiContext(FALUN_READER);
		const sunne = await newApiContext(SUNNE_COORDINATOR);
		const anonymous = await newApiContext(null);
		try {
			const areas = await reader.get('/api/v1/kommuner/falun/omraden');
			expect(areas.status()).toBe(200);
			const list = (await areas.json()) as { id: string; code: string; name: string; kind: string; population: number | null }[];
			expect(list.find((a) => a.code === '2080C1010')).toMatchObject({ kind: 'deso', population: 1000 });
			expect(list.find((a) => a.kind === 'kommun')).toMatchObject({ code: '2080', name: 'Falu kommun' });
			const deso = list.find((a) => a.code === '2080C1010')!;

			const counts = await reader.get('/api/v1/kommuner/falun/brott?groupBy=area,category,year&from=2025-01-01&to=2025-12-31&kind=deso');
			expect(counts.status()).toBe(200);
			const { rows } = (await counts.json()) as { rows: Record<string, unknown>[] };
			expect(rows).toContainEqual({ area: deso.id, areaCode: '2080C1010', areaName: deso.name, category: 'cykelstold', year: 2025, count: 2, ratePer1000: 2 });
			expect(Object.keys(rows[0]).sort()).toEqual(['area', 'areaCode', 'areaName', 'category', 'count', 'ratePer1000', 'year']);

			const byHour = await reader.get('/api/v1/kommuner/falun/brott?groupBy=weekday,hour&from=2025-05-14&to=2025-05-14');
			expect((await byHour.json()).rows).toEqual([{ weekday: 3, hour: 13, count: 1, ratePer1000: null }]);

			expect((await reader.get('/api/v1/kommuner/falun/brott?groupBy=kön')).status()).toBe(400);
			expect((await reader.get('/api/v1/kommuner/falun/brott?from=2025-02-30')).status()).toBe(400);
			expect((await sunne.get('/api/v1/kommuner/falun/omraden')).status()).toBe(403);
			expect((await sunne.get('/api/v1/kommuner/falun/brott')).status()).toBe(403);
			expect((await anonymous.get('/api/v1/kommuner/falun/brott')).status()).toBe(401);

			const openapi = await (await reader.get('/api/v1/openapi.json')).json();
			expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/kommuner/{kommun}/omraden', '/kommuner/{kommun}/brott']));
		} finally {
			await Promise.all([reader.dispose(), sunne.dispose(), anonymous.dispose()]);
		}
	});

	test('a reader sees the lägesbild and the areas but cannot import', async () => {
		const api = await newApiContext(FALUN_READER);
		try {
			expect((await api.get('/app/falun/lagesbild')).status()).toBe(200);
			// The page shows the top areas; the whole table is a download with the page's filters.
			const csv = await api.get('/app/falun/lagesbild/brott-per-omrade.csv?fran=2025-01-01&till=2025-12-31&typ=deso');
			expect(csv.status()).toBe(200);
			expect(csv.headers()['content-type']).toContain('text/csv');
			const lines = (await csv.text())
				.replace(/^\ufeff/, '')
				.trim()
				.split('\r\n');
			expect(lines[0]).toMatch(/^Område;Kod;Områdestyp;Invånare;Brott;Per 1 000 invånare/);
			expect(lines.find((l) => l.startsWith('2080C1010;'))).toMatch(/^2080C1010;2080C1010;deso;1000;2;2,0;/);
			const areas = await api.get('/app/falun/lagesbild/omraden');
			expect(areas.status()).toBe(200);
			expect(await areas.text()).not.toContain('Importera områden');
			expect((await api.get('/app/falun/lagesbild/brott', { maxRedirects: 0 })).status()).toBe(403);
			const upload = await api.post('/app/falun/lagesbild/omraden?/upload', {
				multipart: { file: { name: 'a.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(desoGeoJson3006()) } },
				headers: { Origin: BASE_URL, Accept: 'text/html' },
				maxRedirects: 0
			});
			expect(upload.status()).toBe(403);
		} finally {
			await api.dispose();
		}
	});
});
