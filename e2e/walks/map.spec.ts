import { BASE_URL, FALUN_COORDINATOR, expect, expectNoViolations, sessionState, test } from '../helpers';

const DEMO_WALK = 'Trygghetsvandring Stadskärnan våren 2026';

test.describe('the walk’s map', () => {
	// axe over a page with a map and a long list is slow on a shared machine.
	test.describe.configure({ timeout: 180_000 });
	test('with JavaScript: the walk on the project’s basemap — nothing fetched from outside — with its stops and findings also listed', async ({ browser }) => {
		const context = await browser.newContext({ baseURL: BASE_URL, storageState: await sessionState(FALUN_COORDINATOR) });
		const page = await context.newPage();
		const outside: string[] = [];
		page.on('request', (request) => {
			if (!request.url().startsWith(BASE_URL) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) outside.push(request.url());
		});
		await page.goto('/app/falun/trygghetsvandringar');
		await page
			.getByRole('row', { name: new RegExp(DEMO_WALK) })
			.getByRole('link', { name: 'Karta', exact: true })
			.click();
		await expect(page.getByRole('heading', { level: 1, name: `Karta: ${DEMO_WALK}` })).toBeVisible();
		const map = page.getByTestId('walk-live-map');
		await expect(map).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
		await expect(map.locator('canvas.maplibregl-canvas')).toBeVisible();
		await expectNoViolations(page, 'the walk map page');
		await expect(page.getByTestId('walk-stops').getByRole('listitem').first()).toBeVisible();
		await expect(page.getByRole('link', { name: /^Brist \d+:/ }).first()).toBeVisible();
		// The demo walk lies in a lägesbild area: the map has its boundary, so no "name only" note.
		await expect(page.getByText('Vandringen har bara ett områdesnamn', { exact: false })).toHaveCount(0);
		expect(outside, 'no request leaves the server').toEqual([]);
		await context.close();
	});

	test('without JavaScript: a drawn map with the area, the route and the findings, and the stops as a text list', async ({ browser }) => {
		const context = await browser.newContext({ baseURL: BASE_URL, storageState: await sessionState(FALUN_COORDINATOR), javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto('/app/falun/trygghetsvandringar');
		await page
			.getByRole('row', { name: new RegExp(DEMO_WALK) })
			.getByRole('link', { name: 'Karta', exact: true })
			.click();
		await expect(page.locator('canvas')).toHaveCount(0);
		const drawing = page.getByRole('img', { name: /Karta över rutten/ });
		await expect(drawing).toBeVisible();
		await expect(drawing.locator('polygon')).not.toHaveCount(0);
		await expect(drawing.locator('polyline')).toHaveCount(1);
		await expect(drawing.locator('circle')).not.toHaveCount(0);
		const stops = page.getByTestId('walk-stops').getByRole('listitem');
		expect(await stops.count()).toBeGreaterThan(1);
		await context.close();
	});

	test('the public page of a published walk draws its area too, without JavaScript', async ({ browser }) => {
		const context = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto('/falun/trygghetsvandringar');
		await page.getByRole('link', { name: DEMO_WALK }).click();
		const drawing = page.getByRole('img', { name: /Karta över rutten/ });
		await expect(drawing.locator('polygon')).not.toHaveCount(0);
		const path = new URL(page.url()).pathname;
		await context.close();
		// The page ships no JavaScript (csr = false): axe runs on the same HTML in a browser that has it.
		const checker = await browser.newContext({ baseURL: BASE_URL });
		const checked = await checker.newPage();
		await checked.goto(path);
		await expectNoViolations(checked, 'the public walk page with its area');
		await checker.close();
	});
});
