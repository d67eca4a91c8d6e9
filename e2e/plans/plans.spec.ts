import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FALUN_COORDINATOR, FALUN_READER, SUNNE_COORDINATOR, expect, expectNoViolations, newApiContext, test } from '../helpers';

const SEED = readFileSync(path.resolve('src/lib/server/modules/plans/fixtures/falun-atgardsplan-2024.txt'), 'utf8');

test.describe('the action plan', () => {
	test.describe('as the Falun coordinator', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });

		test('the demo plan shows three focus areas with all 33 measures and no axe violations', async ({ page }) => {
			await page.goto('/app/falun/atgardsplan');
			await expectNoViolations(page, '/app/falun/atgardsplan');
			await page.locator('.cards').getByRole('link').last().click();
			await expect(page.getByText('3 fokusområden, 33 åtgärder')).toBeVisible();
			await expect(page.locator('li.measure-card[id^="m-"]')).toHaveCount(33);
			await expect(page.getByRole('heading', { name: /Barn och unga/ }).first()).toBeVisible();
			await expectNoViolations(page, 'the plan page');
		});

		test('the plan page shows each measure’s status and every column at 1280 px without sideways scrolling; decisions in date order', async ({ page }) => {
			await page.setViewportSize({ width: 1280, height: 900 });
			await page.goto('/app/falun/atgardsplan');
			await page.locator('.cards').getByRole('link').last().click();
			const cards = page.locator('li.measure-card');
			await expect(cards).toHaveCount(33);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
			expect(await page.locator('.table-wrap').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length)).toBe(0);
			const first = cards.first();
			for (const label of ['Kostnad', 'Mål', 'Uppföljning']) {
				const term = first.locator('dt', { hasText: new RegExp(`^${label}$`) });
				await expect(term).toBeVisible();
				const box = (await term.locator('+ dd').boundingBox())!;
				expect(box.x, label).toBeGreaterThanOrEqual(0);
				expect(box.x + box.width, label).toBeLessThanOrEqual(1280);
			}
			// The demo round reported most measures: their status and when, on the internal page too.
			await expect(first.locator('.status')).not.toHaveText('Ej rapporterad');
			await expect(first).toContainText(/Rapporterad \d{4}-\d{2}-\d{2}/);
			await expect(
				page.getByRole('heading', { name: 'Starta samverkansgrupper i Nedre Norslund och Järnet motsvarande samverkansgruppen i Bojsenburg' })
			).toBeVisible();
			const dates = (await page.locator('h2:has-text("Beslutsgång") + ul > li strong').allTextContents()).filter((d) => /^\d{4}-/.test(d));
			expect(dates.length).toBeGreaterThan(1);
			expect(dates).toEqual([...dates].sort());
		});

		test('pastes a plan from Word, checks the preview of every row and saves it', async ({ page }) => {
			await page.goto('/app/falun/atgardsplan/importera');
			await expectNoViolations(page, 'the import page');
			await page.getByLabel('Eller klistra in text').fill(SEED);
			await page.getByRole('button', { name: 'Förhandsgranska' }).click();
			await expect(page.getByText('3 fokusområden och 33 åtgärder hittades.')).toBeVisible();
			await expect(page.locator('tbody tr')).toHaveCount(33);
			await expectNoViolations(page, 'the import preview');
			await page.getByLabel('Planens namn').fill('Importerad i webbläsaren');
			await page.getByRole('button', { name: /Spara planen/ }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Importerad i webbläsaren' })).toBeVisible();
			await expect(page.locator('li.measure-card[id^="m-"]')).toHaveCount(33);
		});

		test('a file that is not what its name says gets a Swedish message and saves nothing', async ({ page }) => {
			await page.goto('/app/falun/atgardsplan');
			const before = await page.locator('.cards li').count();
			await page.goto('/app/falun/atgardsplan/importera');
			await page.getByLabel('Fil').setInputFiles({
				name: 'plan.docx',
				mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
				buffer: Buffer.from('inte en zip')
			});
			await page.getByRole('button', { name: 'Förhandsgranska' }).click();
			await expect(page.locator('.error-summary')).toContainText(/Word|zip|fil/i);
			await page.goto('/app/falun/atgardsplan');
			await expect(page.locator('.cards li')).toHaveCount(before);
		});
	});

	test('a reader sees the plan but cannot import', async ({ browser }) => {
		const context = await browser.newContext({ storageState: undefined });
		const api = await newApiContext(FALUN_READER);
		try {
			expect((await api.get('/app/falun/atgardsplan')).status()).toBe(200);
			expect((await api.get('/app/falun/atgardsplan/importera', { maxRedirects: 0 })).status()).toBe(403);
			const page = await api.get('/app/falun/atgardsplan');
			expect(await page.text()).not.toContain('Importera en plan');
		} finally {
			await api.dispose();
			await context.close();
		}
	});

	test('the API returns the plan as documented, and only to people of the municipality', async () => {
		const falun = await newApiContext(FALUN_COORDINATOR);
		const sunne = await newApiContext(SUNNE_COORDINATOR);
		const anonymous = await newApiContext(null);
		try {
			const list = await (await falun.get('/api/v1/kommuner/falun/atgardsplaner')).json();
			expect(list.length).toBeGreaterThanOrEqual(1);
			// The list gives each plan in full, the same shape as the single plan.
			expect(list[0].focusAreas[0].measures[0]).toEqual(
				expect.objectContaining({ id: expect.any(String), startDate: expect.anything(), responsible: expect.any(Array) })
			);
			const plan = await (await falun.get(`/api/v1/atgardsplaner/${list[list.length - 1].id}`)).json();
			expect(plan).toMatchObject({ id: expect.any(String), title: expect.any(String), status: 'beslutad' });
			expect(plan.focusAreas.map((a: { measures: unknown[] }) => a.measures.length)).toEqual([16, 12, 5]);
			expect(plan.focusAreas[0].measures[0]).toEqual(
				expect.objectContaining({
					id: expect.any(String),
					title: expect.any(String),
					time: expect.any(String),
					scope: expect.any(String),
					responsible: expect.any(Array),
					cost: expect.any(String),
					goal: expect.any(String),
					followUp: expect.any(String)
				})
			);
			expect((await sunne.get(`/api/v1/atgardsplaner/${plan.id}`)).status()).toBe(403);
			expect((await sunne.get('/api/v1/kommuner/falun/atgardsplaner')).status()).toBe(403);
			expect((await anonymous.get(`/api/v1/atgardsplaner/${plan.id}`)).status()).toBe(401);
		} finally {
			await Promise.all([falun.dispose(), sunne.dispose(), anonymous.dispose()]);
		}
	});
});
