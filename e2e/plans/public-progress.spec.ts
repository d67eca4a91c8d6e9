import { expect, expectNoViolations, test } from '../helpers';

/** What citizens see of the action plan: the decided demo plan and the closed demo round, as counts with text. */
test.describe('the public action-plan progress', () => {
	test('is on the municipality page and on the plan page, with status as text, and passes axe', async ({ page }) => {
		await page.goto('/falun');
		const section = page.locator('section[aria-labelledby="plan-title"]');
		// The demo round, or a round the follow-up tests closed earlier in the run.
		await expect(section).toContainText(/Enligt den senaste uppföljningen, (Halvår|Kvartal) \d \d{4}/);
		await expect(section.locator('.status-counts').first()).toContainText('Pågår enligt plan');
		await section.getByRole('link').first().click();
		await page.waitForURL(/\/falun\/atgardsplan\/[0-9a-f-]{36}$/);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.locator('.measure-list > li')).toHaveCount(33);
		await expect(page.locator('.measure-list .status').first()).not.toBeEmpty();
		// Only statuses: the organisations' own notes stay internal.
		await expect(page.locator('main')).not.toContainText('Demodata: arbetet har följts upp');
		await expectNoViolations(page, 'the public plan page');
	});

	test('works without JavaScript, and an unknown plan is a Swedish 404', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await page.goto('/falun');
			const href = await page.locator('section[aria-labelledby="plan-title"] a').first().getAttribute('href');
			await page.goto(href!);
			await expect(page.locator('.measure-list > li')).toHaveCount(33);
			const missing = await page.goto('/falun/atgardsplan/00000000-0000-4000-8000-000000000000');
			expect(missing?.status()).toBe(404);
		} finally {
			await context.close();
		}
	});
});
