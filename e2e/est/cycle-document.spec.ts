import JSZip from 'jszip';
import { FALUN_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

test.describe.configure({ timeout: 120_000 });

test.describe('EST: the cycle on the map, its picture as Word and PDF, and the tertial analysis', () => {
	test.use({ signedInAs: FALUN_COORDINATOR });

	test('the cycle page shows the reports on a map with hot spots by Gi*, without JavaScript too', async ({ browser, page }) => {
		await page.goto('/app/falun/est/cykel');
		const heading = (await page.getByRole('heading', { level: 1 }).textContent())!;
		expect(heading).toMatch(/^EST-lägesbild vecka \d+(–\d+)?$/);
		const map = page.getByRole('img', { name: /^Karta/ });
		await expect(map).toBeVisible();
		const points = await map.locator('circle').count();
		expect(points, 'the demo cycle has reports with a position').toBeGreaterThan(5);
		await expect(page.getByRole('heading', { level: 2, name: 'Heta punkter (Gi*)' })).toBeVisible();
		await expectNoViolations(page, 'the cycle page with its map');

		// Without JavaScript the same map: it is drawn on the server.
		const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
		const plain = await context.newPage();
		await plain.goto('/app/falun/est/cykel');
		await expect(plain.getByRole('img', { name: /^Karta/ }).locator('circle')).toHaveCount(points);
		await context.close();
	});

	test('the picture as Word has the title, map, tables, decisions and task status; the PDF is a PDF', async ({ page }) => {
		await page.goto('/app/falun/est/cykel');
		const heading = (await page.getByRole('heading', { level: 1 }).textContent())!;
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Lägesbilden som Word' }).click()]);
		expect(download.suggestedFilename()).toMatch(/^est-lagesbild-vecka-\d+(-\d+)?\.docx$/);
		const zip = await JSZip.loadAsync(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks)));
		const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
		expect(text).toContain(heading);
		for (const section of [
			'Karta',
			'Heta punkter (Gi*)',
			'Per kategori',
			'Per område',
			'Möten och beslut',
			'Insatser och hur det går',
			'Källor och begränsningar'
		]) {
			expect(text, section).toContain(section);
		}
		expect(text).toContain('Denna cykel');
		expect(
			Object.keys(zip.files).some((name) => name.startsWith('word/media/') && name.endsWith('.png')),
			'the map as a picture'
		).toBe(true);

		const href = await page.getByRole('link', { name: 'Lägesbilden som PDF' }).getAttribute('href');
		const pdf = await page.request.get(href!);
		expect(pdf.status()).toBe(200);
		expect(pdf.headers()['content-type']).toBe('application/pdf');
		expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
	});

	test('the tertial and yearly analysis: trends per category and area, repeat places, decisions and their outcome', async ({ page }) => {
		await page.goto('/app/falun/est/cykel');
		await page.getByRole('link', { name: 'Tertial- och årsanalys' }).click();
		await expect(page.getByRole('heading', { level: 1, name: /^EST-analys tertial [123] \d{4}$/ })).toBeVisible();
		await expect(page.getByRole('table', { name: 'Utveckling per kategori och månad' })).toBeVisible();
		await expect(page.getByRole('table', { name: 'Utveckling per område och månad' })).toBeVisible();
		await expectNoViolations(page, 'the EST analysis');

		const year = new Date().getUTCFullYear();
		await page.getByLabel('Period').selectOption('ar');
		await page.getByLabel('År').selectOption(String(year));
		await page.getByRole('button', { name: 'Visa' }).click();
		await expect(page.getByRole('heading', { level: 1, name: `EST-analys ${year}` })).toBeVisible();
		const total = page.getByRole('table', { name: 'Utveckling per kategori och månad' }).locator('tfoot td').nth(12);
		expect(Number((await total.textContent())!.replace(/\s/g, '')), 'the demo year has reports').toBeGreaterThan(0);
		// The demo's repeat place and its decided actions with their state.
		await expect(page.getByRole('heading', { level: 2, name: 'Platser som rapporterades igen och igen' })).toBeVisible();
		await expect(
			page
				.locator('section', { has: page.getByRole('heading', { name: 'Platser som rapporterades igen och igen' }) })
				.getByRole('listitem')
				.first()
		).toBeVisible();
		await expect(page.getByText(/insatser beslutades under perioden: \d+ klara/)).toBeVisible();
	});
});
