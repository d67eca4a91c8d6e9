import { expect, test } from '../helpers';

const FALUN_SLUG = 'lokalpolisomrade-falun-och-falu-kommun-2022';
/** The form's signed token refuses a form sent faster than this (feedback-guard.ts). */
const FILL_TIME_MS = 3_300;

/** "Tyck till" sits 2,000 px down a long page: its messages must land where the citizen is, with focus, also without JavaScript. */
test.describe('the Tyck till messages are on screen', () => {
	test.use({ javaScriptEnabled: false, viewport: { width: 390, height: 800 } });

	test('an error summary takes focus in view; the thanks takes focus in view', async ({ page }) => {
		await page.goto(`/falun/medborgarloften/${FALUN_SLUG}`);
		await page.waitForTimeout(FILL_TIME_MS);
		await page.getByRole('button', { name: 'Skicka' }).click();
		const summary = page.locator('.error-summary');
		await expect(summary).toContainText('Skriv ditt meddelande');
		await expect(summary).toBeFocused();
		await expect(summary).toBeInViewport();

		await page.getByLabel('Ditt meddelande').fill(`Fler lampor vid busshållplatsen, tack. ${Date.now()}`);
		await page.waitForTimeout(FILL_TIME_MS);
		await page.getByRole('button', { name: 'Skicka' }).click();
		const thanks = page.getByRole('status').filter({ hasText: 'Tack! Ditt meddelande har kommit fram' });
		await expect(thanks).toBeFocused();
		await expect(thanks).toBeInViewport();
	});
});
