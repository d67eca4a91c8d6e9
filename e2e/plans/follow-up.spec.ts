import { FALUN_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

const HOUSING = 'kopparstaden@falun.demo';
const POLICE = 'kommunpolis@falun.demo';

test.describe.serial('a follow-up round in the browser', () => {
	let roundUrl = '';

	test.describe('the coordinator', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });
		test('opens a round from the plan', async ({ page }) => {
			await page.goto('/app/falun/atgardsplan');
			await page.locator('.cards').getByRole('link').first().click();
			await page.getByRole('link', { name: 'Uppföljning' }).click();
			await expectNoViolations(page, 'the follow-up page');
			await page.getByRole('button', { name: 'Öppna och skicka förfrågningar' }).click();
			await expect(page.locator('.error-summary')).toContainText('Ange ett namn');
			await page.getByLabel('Namn på omgången').fill('Halvår 1 2025');
			await page.getByLabel('Sista svarsdag').fill('2025-06-30');
			await page.getByRole('button', { name: 'Öppna och skicka förfrågningar' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Halvår 1 2025' })).toBeVisible();
			roundUrl = new URL(page.url()).pathname;
		});
	});

	test.describe('Kopparstaden', () => {
		test.use({ signedInAs: HOUSING });
		test('answers its own measures only', async ({ page }) => {
			await page.goto(roundUrl);
			await expectNoViolations(page, 'the round page for a partner');
			const selects = page.locator('select[name^="status-"]');
			const count = await selects.count();
			expect(count).toBeGreaterThan(0);
			expect(count).toBeLessThan(33);
			for (let i = 0; i < count; i++) await selects.nth(i).selectOption('pagar_enligt_plan');
			await page.locator('textarea[name^="done-"]').first().fill('Trygghetsvandring genomförd i Bojsenburg.');
			await page.getByRole('button', { name: /Spara svaren/ }).click();
			await expect(page.getByRole('status')).toContainText(`${count} svar sparades`);
			await expect(page.locator('.status-counts')).toContainText(`Pågår enligt plan ${count}`);
		});

		test('cannot answer a measure that is not its own, even by posting the form by hand', async ({ page }) => {
			await page.goto(roundUrl);
			const own = new Set(await page.locator('input[name="measureId"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)));
			const other = (await page.locator('article[aria-labelledby]').evaluateAll((articles) => articles.map((a) => a.getAttribute('aria-labelledby')!.slice(2)))).find((id) => !own.has(id))!;
			const response = await page.request.post(`${roundUrl}?/answer`, {
				form: { measureId: other, [`status-${other}`]: 'genomford', [`done-${other}`]: 'x', [`next-${other}`]: '' },
				headers: { Origin: 'http://localhost:3100', Accept: 'text/html' },
				maxRedirects: 0
			});
			expect(response.status()).toBe(403);
		});
	});

	test.describe('the police', () => {
		test.use({ signedInAs: POLICE });
		test('answer their measures', async ({ page }) => {
			await page.goto(roundUrl);
			const selects = page.locator('select[name^="status-"]');
			const count = await selects.count();
			expect(count).toBeGreaterThan(0);
			for (let i = 0; i < count; i++) await selects.nth(i).selectOption('forsenad');
			await page.getByRole('button', { name: /Spara svaren/ }).click();
			await expect(page.locator('.status-counts')).toContainText(`Försenad ${count}`);
		});
	});

	test.describe('the coordinator again', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });
		test('closes the round, after which nothing can be changed', async ({ page }) => {
			await page.goto(roundUrl);
			await expect(page.getByRole('heading', { name: 'Har inte svarat' })).toBeVisible();
			await page.getByRole('button', { name: 'Stäng omgången' }).click();
			await expect(page.getByText('Stängd', { exact: false }).first()).toBeVisible();
			await expect(page.locator('select[name^="status-"]')).toHaveCount(0);
			await expectNoViolations(page, 'a closed round');
		});
	});
});
