import { FALUN_COORDINATOR, FALUN_READER, expect, expectNoViolations, sessionState, test } from '../helpers';

test.describe.configure({ timeout: 120_000 });

test.describe('EST escalation: a place prioritised too long goes to the crime-prevention council and becomes a plan measure', () => {
	test('the coordinator, without JavaScript, makes the demo escalation a measure in the action plan and records the outcome', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false, storageState: await sessionState(FALUN_COORDINATOR) });
		const page = await context.newPage();
		// A plan of its own: the demo plan stays as the plan specs expect it (33 measures, no revision).
		await page.goto('/app/falun/atgardsplan/importera');
		await page
			.getByLabel('Eller klistra in text')
			.fill(['Åtgärdsplan för eskalerade ärenden', '', '1. Trygga platser', '', 'Åtgärd\tTid\tAnsvarig', 'Belysning i parkerna\t2026\tFalu kommun'].join('\n'));
		await page.getByRole('button', { name: 'Förhandsgranska' }).click();
		await page.getByLabel('Planens namn').fill('Eskalerade ärenden (EST-test)');
		await page.getByRole('button', { name: /Spara planen/ }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Eskalerade ärenden (EST-test)' })).toBeVisible();

		await page.goto('/app/falun/est');
		await page.getByRole('link', { name: 'Eskalering', exact: true }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Eskalering' })).toBeVisible();
		const row = page.getByRole('row').filter({ hasText: 'Gruvparken, gångvägen' });
		await expect(row).toContainText(/Prioriterad \d+ cykler i rad/);
		await expect(row).toContainText('Brottsförebyggande rådet (BRÅ)');
		await expect(page.getByLabel('Antal cykler i rad')).toHaveValue('3');
		await row.getByRole('link', { name: 'Gruvparken, gångvägen' }).click();

		await expect(page.getByRole('heading', { level: 1, name: 'Eskalering: Gruvparken, gångvägen' })).toBeVisible();
		await expect(page.getByText('bra@falun.demo', { exact: false })).toBeVisible();
		await expect(page.getByText(/fick e-post/)).toBeVisible();

		// An empty choice is refused with the reason, then the matter becomes a measure.
		await page.getByRole('button', { name: 'Gör till åtgärd i åtgärdsplanen' }).click();
		await expect(page.getByRole('link', { name: 'Välj plan och fokusområde.' })).toBeVisible();
		const target = page.getByLabel('Plan och fokusområde');
		const own = await target.locator('option', { hasText: 'Eskalerade ärenden (EST-test)' }).first().getAttribute('value');
		await target.selectOption(own!);
		await page.getByLabel('Åtgärdens rubrik').fill('Belysning och röjning längs gångvägen i Gruvparken');
		await page.getByRole('button', { name: 'Gör till åtgärd i åtgärdsplanen' }).click();
		await expect(page.getByText('Ärendet blev åtgärden')).toBeVisible();

		await page.getByLabel('Utfall', { exact: true }).fill('Kommunstyrelsen avsätter medel för belysning; åtgärden följs i åtgärdsplanen.');
		await page.getByRole('button', { name: 'Spara utfall' }).click();
		await expect(page.getByText('Avgjord', { exact: true })).toBeVisible();

		// The plan measure says where it came from and links back.
		await page.getByRole('link', { name: 'Belysning och röjning längs gångvägen i Gruvparken' }).click();
		await expect(page.getByText('Från EST-eskalering', { exact: false }).first()).toBeVisible();
		const back = page.url();
		expect(back).toMatch(/\/app\/falun\/atgardsplan\/[0-9a-f-]{36}\/atgard\/[0-9a-f-]{36}$/);

		await page.goto('/app/falun/logg?handelse=est.escalation.measure_created');
		await expect(page.getByRole('cell', { name: 'EST-eskalering blev åtgärd i åtgärdsplanen', exact: true }).first()).toBeVisible();
		await context.close();
	});

	test('a meeting marks a decision for escalation, and both pages pass axe', async ({ browser }) => {
		const context = await browser.newContext({ storageState: await sessionState(FALUN_COORDINATOR) });
		const page = await context.newPage();
		await page.goto('/app/falun/est/moten');
		await page.locator('a[href*="/est/moten/"]').first().click();
		await expect(page.getByRole('heading', { level: 2, name: 'Markera för eskalering' })).toBeVisible();
		const form = page.locator('form[action="?/escalate"]');
		await form.getByLabel('Plats', { exact: true }).fill('Skolgården, Hälsinggården');
		await form.getByLabel('Varför ärendet lyfts').fill('Återkommande bränder i papperskorgar; skolan och fastighetsägaren behöver stöd för kameror.');
		await form.getByRole('button', { name: 'Lyft ärendet' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Eskalering: Skolgården, Hälsinggården' })).toBeVisible();
		await expect(page.getByText('Mötesbeslut')).toBeVisible();
		await expectNoViolations(page, 'an EST escalation');
		await page.goto('/app/falun/est/eskalering');
		await expectNoViolations(page, 'the EST escalations');
		await context.close();
	});

	test.describe('a reader', () => {
		test.use({ signedInAs: FALUN_READER });

		test('sees the escalations but no routine or forms', async ({ page }) => {
			await page.goto('/app/falun/est/eskalering');
			await expect(page.getByRole('row').filter({ hasText: 'Gruvparken, gångvägen' })).toBeVisible();
			await expect(page.getByRole('button', { name: 'Spara rutinen' })).toHaveCount(0);
			await expect(page.getByRole('button', { name: 'Kör rutinen nu' })).toHaveCount(0);
		});
	});
});
