import { FALUN_COORDINATOR, expect, expectNoViolations, sessionState, test } from '../helpers';

const HOUSING = 'kopparstaden@falun.demo';
const POLICE = 'kommunpolis@falun.demo';
/** Shared: Kopparstaden leads, Falu kommun and the police are co-responsible (the demo plan's row). */
const SHARED = /^Grannsamverkan i flerfamiljshus/;

/** A partner's day with a round: partial saves with their messages on screen, own measures first, a shared measure, closing with confirmation. */
test.describe.serial('answering a follow-up round', () => {
	let roundUrl = '';

	test.describe('the coordinator', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });
		test('opens a round and is told whom it asked, with a link to the parties without users', async ({ page }) => {
			await page.goto('/app/falun/atgardsplan');
			// The demo plan is the oldest (plans are listed newest first; other specs import plans of their own).
			await page.locator('.cards').getByRole('link').last().click();
			await page.getByRole('link', { name: 'Uppföljning' }).click();
			await page.getByLabel('Namn på omgången').fill('Kvartal 3 2025');
			await page.getByLabel('Sista svarsdag').fill('2099-09-30');
			await page.getByRole('button', { name: 'Öppna och skicka förfrågningar' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Kvartal 3 2025' })).toBeVisible();
			const panel = page.locator('.confirmation').first();
			await expect(panel).toContainText(/Förfrågan skickad till \d+ organisationer? med användare; \d+ parter? saknar användare/);
			await expect(panel).toBeFocused();
			await expect(panel.getByRole('link', { name: /Organisationer/ })).toHaveAttribute('href', '/app/falun/organisationer');
			roundUrl = new URL(page.url()).pathname;
		});
	});

	test.describe('Kopparstaden', () => {
		test.use({ signedInAs: HOUSING });
		test('sees its own measures first, the rest collapsed, and a short not-answered list', async ({ page }) => {
			await page.setViewportSize({ width: 1280, height: 900 });
			await page.goto(roundUrl);
			const own = page.getByRole('heading', { level: 2, name: /^Era åtgärder \(\d+\)$/ });
			await expect(own).toBeVisible();
			const count = Number((await own.textContent())!.match(/\((\d+)\)/)![1]);
			expect(count).toBeGreaterThan(1);
			expect(count).toBeLessThan(33);
			await expect(page.locator('select[name^="status-"]')).toHaveCount(count);
			// The other organisations' measures wait in a closed <details>, after the form.
			const others = page.locator('details.other-measures');
			await expect(others).not.toHaveAttribute('open', '');
			await expect(others.locator('summary')).toContainText(`Övriga åtgärder (${33 - count})`);
			await expect(others.locator('article').first()).toBeHidden();
			const ownTop = (await own.boundingBox())!.y;
			expect(ownTop).toBeLessThan((await page.getByRole('heading', { name: /^Har inte svarat/ }).boundingBox())!.y);
			// At most five organisations are listed; the rest behind "Visa alla".
			const notAnswered = page.locator('#paminnelser + ul > li');
			expect(await notAnswered.count()).toBeLessThanOrEqual(5);
			await expectNoViolations(page, 'the round page, own measures first');
		});

		test('saves the measure it could answer today; the one without a status is named in a focused error summary', async ({ page }) => {
			await page.goto(roundUrl);
			const forms = page.locator('section[aria-labelledby="svara-title"] article');
			const first = forms.nth(0);
			const second = forms.nth(1);
			const secondTitle = (await second.locator('h3').textContent())!.trim();
			await first.locator('select').selectOption('pagar_enligt_plan');
			await first.locator('textarea[name^="done-"]').fill('Sommaraktiviteter i tre områden.');
			await second.locator('select').selectOption('');
			await second.locator('textarea[name^="done-"]').fill('Vi har börjat planera.');
			await page.getByRole('button', { name: /Spara svaren/ }).click();

			const summary = page.locator('.error-summary');
			await expect(summary).toBeFocused();
			await expect(summary).toBeInViewport();
			await expect(summary).toContainText(`Välj status för ”${secondTitle}”`);
			expect(await page.evaluate(() => document.querySelector('main')!.querySelector('.error-summary, h1') === document.querySelector('.error-summary'))).toBe(
				true
			);
			await expect(page.getByRole('status').filter({ hasText: '1 svar sparades.' })).toBeVisible();
			// What was written in the measure without a status is still there.
			await expect(second.locator('textarea[name^="done-"]')).toHaveValue('Vi har börjat planera.');
			await expectNoViolations(page, 'the round page with a partial save');

			await page.goto(roundUrl);
			await expect(first.locator('select')).toHaveValue('pagar_enligt_plan');
			await expect(second.locator('select')).toHaveValue('');
		});

		test('without JavaScript too: the error summary takes focus, and a saved answer lands on its confirmation', async ({ browser }) => {
			const context = await browser.newContext({ javaScriptEnabled: false, storageState: await sessionState(HOUSING), viewport: { width: 1280, height: 800 } });
			const page = await context.newPage();
			try {
				await page.goto(roundUrl);
				const second = page.locator('section[aria-labelledby="svara-title"] article').nth(1);
				await second.locator('textarea[name^="next-"]').fill('Möte i oktober.');
				await page.getByRole('button', { name: /Spara svaren/ }).click();
				await expect(page.locator('.error-summary')).toBeFocused();
				await second.locator('select').selectOption('ej_paborjad');
				await page.getByRole('button', { name: /Spara svaren/ }).click();
				expect(new URL(page.url()).hash).toBe('#sparat');
				const saved = page.locator('#sparat');
				await expect(saved).toContainText('1 svar sparades.');
				await expect(saved).toBeFocused();
				await expect(saved).toBeInViewport();
			} finally {
				await context.close();
			}
		});
	});

	test.describe('the police', () => {
		test.use({ signedInAs: POLICE });
		test('answer their part of a measure Kopparstaden leads, without settling its status', async ({ page }) => {
			await page.goto(roundUrl);
			const shared = page.locator('section[aria-labelledby="svara-title"] article').filter({ has: page.getByRole('heading', { name: SHARED }) });
			await expect(shared).toContainText('Kopparstaden är huvudansvarig och sätter åtgärdens status');
			await shared.getByLabel('Status för er del').selectOption('forsenad');
			await shared.locator('textarea[name^="done-"]').fill('Polisen har informerat på två husmöten.');
			await page.getByRole('button', { name: /Spara svaren/ }).click();
			await expect(page.locator('#sparat')).toContainText('1 svar sparades.');
			await expect(shared).toContainText('Åtgärdens status: Ej rapporterad');
		});
	});

	test.describe('Kopparstaden, the lead', () => {
		test.use({ signedInAs: HOUSING });
		test('sees the police’s part and sets the measure’s status', async ({ page }) => {
			await page.goto(roundUrl);
			const shared = page.locator('section[aria-labelledby="svara-title"] article').filter({ has: page.getByRole('heading', { name: SHARED }) });
			await expect(shared).toContainText('ni är huvudansvariga och sätter åtgärdens status');
			const parts = shared.locator('.answer-parts');
			await expect(parts).toContainText(/Lokalpolisområde Falun:\s*Försenad/);
			await expect(parts).toContainText('Polisen har informerat på två husmöten.');
			await shared.getByLabel('Status', { exact: true }).selectOption('pagar_med_avvikelse');
			await page.getByRole('button', { name: /Spara svaren/ }).click();
			await expect(page.locator('#sparat')).toContainText('1 svar sparades.');
			await expect(page.locator('.status-counts').first()).toContainText('Pågår med avvikelse 1');
		});
	});

	test.describe('the coordinator again', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });
		test('closes only after confirming, having seen what is missing; the public page keeps earlier statuses', async ({ page }) => {
			await page.goto(roundUrl);
			await page.getByRole('button', { name: 'Stäng omgången', exact: true }).click();
			const confirm = page.locator('#stang');
			await expect(confirm.getByRole('heading', { name: 'Vill du stänga omgången?' })).toBeVisible();
			await expect(confirm).toContainText(/\d+ av 33 åtgärder saknar svar/);
			await expect(confirm).toContainText('Lokalpolisområde Falun');
			await expect(confirm.getByRole('button', { name: 'Ja, stäng omgången' })).toBeFocused();
			await expectNoViolations(page, 'closing a round, the confirmation');
			// Cancelling leaves the round open.
			await confirm.getByRole('link', { name: 'Avbryt' }).click();
			await expect(confirm).toHaveCount(0);
			await expect(page.locator('select[name^="status-"]').first()).toBeVisible();

			await page.getByRole('button', { name: 'Stäng omgången', exact: true }).click();
			await page.getByRole('button', { name: 'Ja, stäng omgången' }).click();
			await expect(page.locator('.confirmation')).toContainText('Omgången är stängd.');
			await expect(page.locator('select[name^="status-"]')).toHaveCount(0);

			// Citizens: the measures this round left unanswered keep the status an earlier round reported, with its date.
			await page.goto('/falun');
			await page.locator('section[aria-labelledby="plan-title"] a').first().click();
			const unreported = await page.locator('.measure-list .status-none').count();
			expect(unreported).toBeLessThan(10);
			const shared = page.locator('.measure-list > li').filter({ has: page.getByRole('heading', { name: SHARED }) });
			await expect(shared).toContainText('Pågår med avvikelse');
			await expect(shared).toContainText(/Rapporterad \d{4}-\d{2}-\d{2} \(Kvartal 3 2025\)/);
			await expect(page.locator('.measure-list').first()).toContainText(/Rapporterad \d{4}-\d{2}-\d{2} \(Halvår 2 2024 \(demo\)\)/);
		});
	});
});
