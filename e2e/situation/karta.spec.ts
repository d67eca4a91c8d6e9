import { FALUN_COORDINATOR, FALUN_READER, expect, expectNoViolations, newApiContext, sessionState, test } from '../helpers';

test.describe('the lägesbild map', () => {
	test.describe('as the Falun coordinator', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });

		test('is linked from the lägesbild and draws the areas, the grid and the hot spots with MapLibre in WebGL', async ({ page }) => {
			await page.goto('/app/falun/lagesbild');
			await page.getByRole('link', { name: 'Karta, hot spots och period mot period' }).click();
			await page.waitForURL(/\/app\/falun\/lagesbild\/karta$/);
			await expect(page.getByRole('heading', { level: 1, name: 'Karta och hot spots' })).toBeVisible();

			const map = page.locator('.situation-map .canvas');
			await expect(map).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
			await expect(map.locator('canvas.maplibregl-canvas')).toBeVisible();
			const layers = (await map.getAttribute('data-layers'))!.split(',');
			expect(layers).toEqual(
				expect.arrayContaining(['bakgrund', 'omraden-varde', 'omraden-forandring', 'omraden-kant', 'rutnat-tathet', 'hotspots', 'punkter'])
			);
			// The six demo areas are really drawn, not only declared.
			expect(Number(await map.getAttribute('data-rendered-areas'))).toBeGreaterThan(0);
			await expect(page.getByText('Ingen bakgrundskarta är inställd (MAP_BASEMAP_URL)')).toBeVisible();
			// With the interactive map, the server-drawn area map is kept for screen readers only; its legend stays.
			await expect(page.locator('figure.choropleth svg').first()).toHaveClass(/visually-hidden/);
			await expect(page.locator('figure.choropleth ul.legend').first()).toBeVisible();
			// A click on an area tells its name and figures.
			const canvas = map.locator('canvas.maplibregl-canvas');
			const box = (await canvas.boundingBox())!;
			await canvas.click({ position: { x: box.width / 2, y: box.height / 2 } });
			await expect(page.locator('.maplibregl-popup-content')).toContainText(/\S/);

			// Points are fetched only when the layer is turned on.
			const points = page.waitForResponse((r) => r.url().includes('/karta/punkter.geojson'));
			await page.getByLabel('Punkter (enskilda brott, loggas)').check();
			const response = await points;
			expect(response.status()).toBe(200);
			const body = await response.json();
			expect(body.features.length).toBeGreaterThan(100);
			expect(body.features[0].geometry.type).toBe('Point');
			await expect(page.getByText(/brott med plats visas som punkter\. Hämtningen är loggad\./)).toBeVisible();
			// The read is in the municipality's audit log, with the coordinator's name on it.
			await page.goto('/app/falun/logg?handelse=situation.points.read');
			await expect(
				page
					.getByRole('row')
					.filter({ has: page.getByRole('cell', { name: 'Brottspunkter visade', exact: true }) })
					.filter({ hasText: FALUN_COORDINATOR })
					.first()
			).toBeVisible();
			await page.goBack();
			await expect(map).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
			await page.getByLabel('Områden: förändring').check();
			await expectNoViolations(page, 'the map page with the interactive map');
		});

		test('shows the same figures in tables: per area, period against period, and the Gi* cells', async ({ page }) => {
			await page.goto('/app/falun/lagesbild/karta?typ=egen&fran=2023-01-01&till=2023-12-31&kategori=cykelstold&matt=count&rutform=ruta&rutstorlek=100');
			const perArea = page.getByRole('region', { name: 'Brott per område' });
			await expect(perArea.locator('tbody tr')).toHaveCount(6);
			const change = page.getByRole('region', { name: 'Period mot period' });
			await expect(change.getByRole('columnheader', { name: 'Antal 2022-01-01 – 2022-12-31' })).toBeVisible();
			await expect(change.getByRole('columnheader', { name: 'Antal 2023-01-01 – 2023-12-31' })).toBeVisible();
			// The seed: bicycle thefts rose in 2023 at Resecentrum and in the centre.
			const resecentrum = change.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Resecentrum' }) });
			await expect(resecentrum.getByRole('cell').nth(2)).toHaveText(/^\+\d/);
			// The count on the choropleth equals the count in the change table.
			const perAreaCount = await perArea
				.getByRole('row')
				.filter({ has: page.getByRole('rowheader', { name: 'Resecentrum' }) })
				.getByRole('cell')
				.nth(1)
				.textContent();
			await expect(resecentrum.getByRole('cell').nth(1)).toHaveText(perAreaCount!);

			await expect(page.getByText(/\d+ rutor med sammanlagt \d+ brott: [1-9]\d* hot spots?/)).toBeVisible();
			const cells = page.getByRole('region', { name: 'Rutor med brott eller signifikant resultat' });
			await expect(cells.locator('tbody tr').first().getByRole('cell').last()).toHaveText('Hot spot (99 %)');
			await expect(page.locator('figure.hot path.hot6').first()).toBeAttached();
		});

		test('without WebGL the page says so and keeps the server-drawn maps', async ({ page }) => {
			await page.addInitScript(() => {
				const original = HTMLCanvasElement.prototype.getContext;
				// @ts-expect-error -- the test replaces the overloads with one function
				HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, kind: string, ...rest: unknown[]) {
					return kind.startsWith('webgl') ? null : original.call(this, kind as '2d', ...(rest as []));
				};
			});
			await page.goto('/app/falun/lagesbild/karta?typ=egen');
			await expect(page.getByText('Den här webbläsaren kan inte visa den interaktiva kartan (WebGL saknas).')).toBeVisible();
			await expect(page.locator('.situation-map .canvas')).toHaveAttribute('data-state', 'nowebgl');
			await expect(page.locator('figure.choropleth').first()).toBeVisible();
			await expect(page.locator('figure.choropleth').first().locator('path')).toHaveCount(6);
		});
	});

	test('works without JavaScript: the server-drawn maps and the tables', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false, storageState: await sessionState(FALUN_READER) });
		const page = await context.newPage();
		try {
			await page.goto('/app/falun/lagesbild/karta?typ=egen&rutform=hex');
			await expect(page.locator('figure.choropleth').first().locator('path')).toHaveCount(6);
			await expect(page.locator('figure.change path')).toHaveCount(6);
			await expect(page.locator('figure.hot path').first()).toBeVisible();
			await expect(page.getByRole('region', { name: 'Period mot period' }).locator('tbody tr')).toHaveCount(6);
			await expect(page.locator('canvas')).toHaveCount(0);
		} finally {
			await context.close();
		}
	});

	test('points need a signed-in user of the municipality; the public has no such path', async () => {
		const anonymous = await newApiContext(null);
		try {
			const points = await anonymous.get('/app/falun/lagesbild/karta/punkter.geojson', { maxRedirects: 0 });
			expect(points.status()).toBe(303);
			expect(points.headers()['location']).toMatch(/^\/login/);
			expect((await anonymous.get('/falun/lagesbild/punkter.geojson', { maxRedirects: 0 })).status()).toBe(404);
		} finally {
			await anonymous.dispose();
		}
		const sunne = await newApiContext('samordnare@sunne.demo');
		try {
			expect((await sunne.get('/app/falun/lagesbild/karta/punkter.geojson', { maxRedirects: 0 })).status()).toBe(403);
		} finally {
			await sunne.dispose();
		}
	});
});

test.describe('the public lägesbild', () => {
	test('is linked from the municipality page, works without JavaScript, hides small counts and shows no events', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await page.goto('/falun');
			await page.getByRole('link', { name: 'Anmälda brott per område och år' }).click();
			await page.waitForURL(/\/falun\/lagesbild$/);
			await expect(page.getByRole('heading', { level: 1, name: /^Anmälda brott i / })).toBeVisible();
			await expect(page.getByText(/^Demodata: siffrorna är syntetiska/)).toBeVisible();
			await expect(page.locator('figure.choropleth path')).toHaveCount(6);
			const perArea = page.getByRole('region', { name: /^Brott per område och kategori \d{4}$/ });
			await expect(perArea.getByRole('rowheader', { name: 'Stadskärnan' })).toBeVisible();
			await expect(perArea.getByRole('rowheader', { name: 'Hela kommunen' })).toBeVisible();
			// Small counts (e.g. the 120 inhabitants of Resecentrum in rare categories) are hidden, never shown as 1–4.
			await expect(perArea.getByText('dolt').first()).toBeVisible();
			for (const text of await perArea.locator('td').allTextContents()) expect(text.trim()).not.toMatch(/^[1-4]$/);
			await expect(page.getByRole('region', { name: 'Utvecklingen år för år i hela kommunen' }).locator('tbody tr').first()).toBeVisible();
			await expect(page.locator('canvas, .maplibregl-canvas')).toHaveCount(0);
			await expect(page.locator('main')).not.toContainText('punkter');
			await expect(page.locator('main')).not.toContainText('hot spot');
		} finally {
			await context.close();
		}
	});

	test('passes axe', async ({ page }) => {
		await page.goto('/falun/lagesbild');
		await expect(page.locator('figure.choropleth path').first()).toBeAttached();
		await expectNoViolations(page, 'the public lägesbild');
		await page.goto('/falun');
		await expectNoViolations(page, 'the municipality page with the link to the public lägesbild');
	});
});
