import { FALUN_COORDINATOR, expect, expectNoViolations, sessionState, test } from '../helpers';

test.describe('drawing an own area', () => {
	test.describe('as the Falun coordinator', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });

		test('clicks the corners in the map, names the area and saves it; it is listed as an own area', async ({ page }) => {
			await page.goto('/app/falun/lagesbild/omraden');
			const map = page.getByRole('application', { name: 'Karta att rita området i' });
			await expect(map).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
			await expectNoViolations(page, 'the areas page with the drawing map');
			const canvas = map.locator('canvas.maplibregl-canvas');
			const box = (await canvas.boundingBox())!;
			for (const [x, y] of [
				[0.45, 0.45],
				[0.55, 0.45],
				[0.55, 0.55],
				[0.45, 0.55],
				[0.4, 0.6]
			])
				await canvas.click({ position: { x: box.width * x, y: box.height * y } });
			await expect(page.getByText('5 hörn')).toBeVisible();
			await page.getByRole('button', { name: 'Ta bort senaste hörnet' }).click();
			await expect(page.getByText('4 hörn')).toBeVisible();
			const boundary = JSON.parse(await page.getByLabel('Områdets gräns').inputValue());
			expect(boundary.type).toBe('Polygon');
			expect(boundary.coordinates[0]).toHaveLength(5);
			await page.getByLabel('Områdets namn').fill('Ritad mitt i Falun');
			await page.getByRole('button', { name: 'Spara området' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Området Ritad mitt i Falun sparades.' })).toBeVisible();
			await expect(page.getByRole('row', { name: /Ritad mitt i Falun/ })).toContainText('ritat i kartan (EPSG:4326)');
		});
	});

	test('without JavaScript the corners are typed, and mistakes are named at their field', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false, storageState: await sessionState(FALUN_COORDINATOR) });
		const page = await context.newPage();
		try {
			await page.goto('/app/falun/lagesbild/omraden');
			await expect(page.getByRole('application', { name: 'Karta att rita området i' })).toHaveCount(0);
			await page.getByLabel('Områdets namn').fill('Skolans upptagningsområde');
			await page.getByLabel('Områdets gräns').fill('15.6, 60.6\n15.7, 60.6\n15.7, 60.7');
			await page.getByRole('button', { name: 'Spara området' }).click();
			await expect(page.getByText(/Punkt 1 ligger utanför Sverige\. Står latitud och longitud i rätt ordning\?/).first()).toBeVisible();
			await expect(page.getByLabel('Områdets namn')).toHaveValue('Skolans upptagningsområde');
			await page.getByLabel('Områdets gräns').fill('60,6040, 15,6300\n60,6040, 15,6400\n60,6090, 15,6400\n60,6090, 15,6300');
			await page.getByRole('button', { name: 'Spara området' }).click();
			await expect(page.getByText('Området Skolans upptagningsområde sparades.')).toBeVisible();
			await expect(page.getByRole('row', { name: /Skolans upptagningsområde/ })).toContainText('Egna områden');
		} finally {
			await context.close();
		}
	});
});
