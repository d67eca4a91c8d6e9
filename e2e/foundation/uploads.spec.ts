import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { geoPackageOfSize, xlsxZipBomb } from '../../src/lib/server/platform/files/testing';
import { BASE_URL, FALUN_COORDINATOR, expect, test } from '../helpers';

/**
 * Real-size uploads reach the app (adapter-node's 512 KB default would answer 413 first), and a
 * hostile file is parsed off the main thread: /healthz keeps answering within 100 ms meanwhile.
 * Nothing here is saved: the crime extract ends with "Importera ingenting", the boundaries lie in
 * another municipality.
 */
test.describe.serial('uploads', () => {
	test.use({ signedInAs: FALUN_COORDINATOR });

	test('a 15 MB police extract reaches the column step and the row check', async ({ page }) => {
		test.setTimeout(240_000);
		const header = 'Händelse-id;Brottstyp;Datum;Klockslag;X_SWEREF;Y_SWEREF\r\n';
		const lines: string[] = [header];
		let size = header.length;
		for (let i = 0; size < 15 * 1024 * 1024; i++) {
			const line = `STOR-${i};Cykelstöld;2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')};12:00;${533000 + (i % 1000)};${6718000 + (i % 1000)}\r\n`;
			lines.push(line);
			size += Buffer.byteLength(line);
		}
		const csv = Buffer.from(lines.join(''), 'utf8');
		expect(csv.byteLength).toBeGreaterThan(15 * 1024 * 1024);
		await page.goto('/app/falun/lagesbild/brott');
		await page.getByLabel('Källa').fill('Stort utdrag (test av filstorlek)');
		await page.getByLabel('Utdrag (.csv eller .xlsx)').setInputFiles({ name: 'stort-utdrag.csv', mimeType: 'text/csv', buffer: csv });
		await page.getByRole('button', { name: 'Nästa: välj kolumner' }).click();
		await expect(page.getByRole('heading', { name: 'Kolumner i stort-utdrag.csv' })).toBeVisible({ timeout: 120_000 });
		await page.getByRole('button', { name: 'Granska raderna' }).click();
		await expect(page.getByText(/\d[\d\s]* rader är giltiga/)).toBeVisible({ timeout: 150_000 });
		await page.getByRole('button', { name: 'Importera ingenting' }).click();
		await expect(page.getByText('Ingenting importerades.')).toBeVisible({ timeout: 60_000 });
	});

	test('a 10 MB GeoPackage is read by the app, which answers about its content', async ({ page }) => {
		test.setTimeout(180_000);
		const fixture = new Uint8Array(fs.readFileSync(path.resolve('src/lib/server/modules/situation/fixtures/deso-2025-3006.gpkg')));
		const big = await geoPackageOfSize(fixture, 10 * 1024 * 1024, '2081');
		expect(big.byteLength).toBeGreaterThan(10 * 1024 * 1024);
		await page.goto('/app/falun/lagesbild/omraden');
		await page
			.getByLabel('GeoJSON- eller GeoPackage-fil')
			.setInputFiles({ name: 'deso-borlange.gpkg', mimeType: 'application/geopackage+sqlite3', buffer: Buffer.from(big) });
		await page.getByRole('button', { name: 'Importera områden' }).click();
		// The count is written as Swedish writes numbers: 12 345, with a (non-breaking) space.
		await expect(page.getByText(/Filen innehåller inga områden i kommunen\. Filen har \d[\d\s]* områden i andra kommuner\./).first()).toBeVisible({
			timeout: 120_000
		});
	});

	test('while an xlsx zip bomb is parsed, /healthz answers within 100 ms, and the upload is refused naming the cap', async ({ page, playwright }) => {
		test.setTimeout(120_000);
		const health = await playwright.request.newContext({ baseURL: BASE_URL });
		const timed = async () => {
			const started = performance.now();
			expect((await health.get('/healthz')).ok()).toBe(true);
			return performance.now() - started;
		};
		const baseline: number[] = [];
		for (let i = 0; i < 20; i++) baseline.push(await timed());
		await page.goto('/app/falun/lagesbild/brott');
		await page.getByLabel('Källa').fill('Zip-bomb (test av gränser)');
		await page
			.getByLabel('Utdrag (.csv eller .xlsx)')
			.setInputFiles({ name: 'bomb.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(xlsxZipBomb()) });
		const refused = page.getByText(/packas upp till mer än 200 MB/).first();
		const times: number[] = [];
		let parsing = true;
		const polling = (async () => {
			while (parsing) {
				times.push(await timed());
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
		})();
		await page.getByRole('button', { name: 'Nästa: välj kolumner' }).click();
		await expect(refused).toBeVisible({ timeout: 60_000 });
		parsing = false;
		await polling;
		const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)];
		console.log(
			`healthz p90 ${Math.round(p90(baseline))} ms before, ${Math.round(p90(times))} ms while parsing (${times.length} requests, load average ${os.loadavg()[0].toFixed(1)})`
		);
		expect(times.length).toBeGreaterThan(5);
		// 100 ms is the goal on a machine with cores to spare; on a shared, overloaded one (load
		// average above the core count) every request is slow, so the parse may only not make it slower.
		const overloaded = os.loadavg()[0] > os.cpus().length;
		expect(p90(times)).toBeLessThan(overloaded ? Math.max(100, 2 * p90(baseline)) : 100);
		await health.dispose();
	});
});
