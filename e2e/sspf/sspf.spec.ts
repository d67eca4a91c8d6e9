import { FALUN_READER, expect, expectNoViolations, signIn, test } from '../helpers';
import { signInWithTotp } from './totp';

/*
 * SSPF in the browser: TOTP before any SSPF page, the coordinator's case list and a case, a staff
 * member outside the consent sees only the signpost, a reader and the admin nothing. Only accounts
 * that exist for SSPF (sspf-samordnare, fritidsledare) switch on TOTP, so other specs' demo
 * sessions are untouched.
 */

test.describe.configure({ mode: 'serial' });

let caseEtt = '';

test('the SSPF coordinator needs TOTP, then sees the cases and a case in full', async ({ page }) => {
	await signInWithTotp(page, 'sspf-samordnare@falun.demo');
	await page.goto('/app/falun/sspf');
	await expect(page.getByRole('heading', { level: 1, name: 'SSPF' })).toBeVisible();
	const links = page.getByRole('table').getByRole('link');
	await expect(links).toHaveCount(5);
	await expectNoViolations(page, 'SSPF overview');
	for (const href of await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))) {
		await page.goto(href);
		if (await page.getByText('Testperson Ett', { exact: true }).isVisible()) {
			caseEtt = href;
			break;
		}
	}
	expect(caseEtt).not.toBe('');
	await expect(page.getByRole('heading', { name: 'Vem har läst ärendet' })).toBeVisible();
	await expectNoViolations(page, 'SSPF case');
	await page.setViewportSize({ width: 390, height: 844 });
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('staff whose organisation the consent does not name get only the signpost', async ({ page }) => {
	await signInWithTotp(page, 'fritidsledare@falun.demo');
	await page.goto(caseEtt);
	await expect(page.getByText('Det finns ett ärende.', { exact: false })).toBeVisible();
	await expect(page.getByText('sspf-samordnare@falun.demo')).toBeVisible();
	await expect(page.locator('body')).not.toContainText('Testperson');
	await expectNoViolations(page, 'SSPF signpost');
	// The search by personal identity number answers the same way, and never echoes the number.
	await page.goto('/app/falun/sspf');
	await page.getByLabel('Personnummer').fill('20120315-9808');
	await page.getByRole('button', { name: 'Sök' }).click();
	await expect(page.getByText('kontrollsiffra').first()).toBeVisible();
	await expect(page.getByLabel('Personnummer')).toHaveValue('');
});

test('a reader and the installation admin cannot open SSPF at all', async ({ page }) => {
	await signIn(page, FALUN_READER);
	const asReader = await page.goto(caseEtt);
	expect(asReader?.status()).toBe(403);
	await page.context().clearCookies();
	await signIn(page, 'admin@forebygg.demo');
	expect((await page.goto(caseEtt))?.status()).toBe(403);
});
