import type { Page } from '@playwright/test';
import { expect, expectNoViolations, test } from '../helpers';
import { signInWithTotp } from './totp';

/*
 * SSPF's working pages in the browser: the individual plan, rectification, the monthly access
 * report, consent renewal, the retention setting, the groups and the beredningsgrupp's meetings,
 * each checked with axe. Their forms are plain posts that come back with a redirect or the errors
 * (no enhance), so they work the same without JavaScript; axe needs a script, so it stays on.
 */

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const COORDINATOR = 'sspf-samordnare@falun.demo';
const iso = (date: Date) => date.toISOString().slice(0, 10);
const inDays = (days: number) => iso(new Date(Date.now() + days * 86_400_000));

/** The case page of the demo's "Testperson <name>", found through the coordinator's case list. */
async function caseOf(page: Page, name: string): Promise<string> {
	await page.goto('/app/falun/sspf');
	const hrefs = await page
		.getByRole('table')
		.getByRole('link')
		.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
	for (const href of hrefs) {
		await page.goto(href);
		if (await page.getByText(`Testperson ${name}`, { exact: true }).isVisible()) return href;
	}
	throw new Error(`no case for Testperson ${name}`);
}

let caseEtt = '';
let referenceTva = '';
let meetingUrl = '';

test('the coordinator keeps the individual plan: goals, actions with owners, follow-ups', async ({ page }) => {
	await signInWithTotp(page, COORDINATOR);
	caseEtt = await caseOf(page, 'Ett');
	await page.getByRole('link', { name: 'Individuell plan' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^Individuell plan – SIG-/ })).toBeVisible();
	await expect(page.getByText('Regelbunden skolgång och en meningsfull fritidsaktivitet.')).toBeVisible();
	await expectNoViolations(page, 'SSPF plan');

	await page.getByRole('textbox', { name: 'Mål', exact: true }).fill('Godkända betyg i alla ämnen (fiktivt).');
	await page.locator('form[action="?/goal"]').getByRole('button', { name: 'Spara' }).click();
	await expect(page.getByText('Sparat.')).toBeVisible();
	await expect(page.getByText('Godkända betyg i alla ämnen (fiktivt).', { exact: false })).toBeVisible();

	// An action without a due date is refused with the reason, the text kept.
	await page.getByLabel('Vem gör vad').fill('Skolan ordnar läxhjälp två gånger i veckan (fiktivt).');
	await page.locator('form[action="?/action"]').getByRole('button', { name: 'Spara' }).click();
	await expect(page.getByRole('alert')).toContainText('slutdatum');
	await expect(page.getByLabel('Vem gör vad')).toHaveValue('Skolan ordnar läxhjälp två gånger i veckan (fiktivt).');
	await expectNoViolations(page, 'SSPF plan with an error');
	await page.getByLabel('Ansvarig organisation').selectOption({ label: 'Barn- och utbildningsförvaltningen' });
	await page.getByLabel('Klar senast').fill(inDays(14));
	await page.locator('form[action="?/action"]').getByRole('button', { name: 'Spara' }).click();
	await expect(page.getByText('Sparat.')).toBeVisible();
	const row = page.getByRole('row', { name: /läxhjälp/ });
	await expect(row).toContainText('Barn- och utbildningsförvaltningen');
	await expect(row).toContainText('inte klar');

	await page.getByLabel('Protokoll: beslut och vad som sades').fill('Beslut: läxhjälpen fortsätter (fiktivt).');
	await page.getByLabel('Den unga deltog').check();
	await page.getByLabel(/Status för åtgärden ”Skolan ordnar läxhjälp/).selectOption('pagar');
	await page.locator('form[action="?/followUp"]').getByRole('button', { name: 'Spara' }).click();
	await expect(page.getByText('Beslut: läxhjälpen fortsätter (fiktivt).')).toBeVisible();
	await expect(page.getByText('Den unga deltog.')).toBeVisible();
	await expect(page.getByText(/läxhjälp.*: pågår/)).toBeVisible();

	await row.getByRole('button', { name: /Markera som klar/ }).click();
	await expect(page.getByRole('row', { name: /läxhjälp/ }).getByRole('button', { name: /Markera som inte klar/ })).toBeVisible();
	await expectNoViolations(page, 'SSPF plan after changes');
});

test('the coordinator rectifies a field with history and reads the monthly access report', async ({ page }) => {
	await signInWithTotp(page, COORDINATOR);
	await page.goto(caseEtt);
	await page.getByRole('link', { name: 'Rätta uppgifter' }).click();
	await expect(page.getByText('Inget har rättats.')).toBeVisible();
	await expectNoViolations(page, 'SSPF rectification');
	await page.getByLabel('Uppgift', { exact: true }).selectOption('referralFrom');
	await page.getByLabel('Rätt uppgift').fill('Slättaskolan (fiktiv), mentor');
	await page.getByRole('button', { name: 'Spara' }).click();
	await expect(page.getByRole('alert')).toContainText('Ange varför');
	await page.getByLabel('Varför uppgiften rättas').fill('Fel uppgiftslämnare vid registreringen');
	await page.getByRole('button', { name: 'Spara' }).click();
	await expect(page.getByText('Sparat.')).toBeVisible();
	await expect(page.getByRole('row', { name: /Remiss från/ })).toContainText('Slättaskolan (fiktiv), rektor');
	await expect(page.getByRole('row', { name: /Remiss från/ })).toContainText('Fel uppgiftslämnare vid registreringen');
	await expectNoViolations(page, 'SSPF rectification with history');
	await page.goto(caseEtt);
	await expect(page.getByText('Slättaskolan (fiktiv), mentor', { exact: false })).toBeVisible();

	await page.getByRole('link', { name: 'Månadsrapport över åtkomst' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^Åtkomstrapport – SIG-/ })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: COORDINATOR })).toBeVisible();
	await expectNoViolations(page, 'SSPF monthly access report');
	await page.getByLabel('Månad (ÅÅÅÅ-MM)').fill('2020-01');
	await page.getByRole('button', { name: 'Visa' }).click();
	await expect(page.getByText('Ingen läste ärendet den månaden.')).toBeVisible();
});

test('the coordinator renews a consent with a new period of at most twelve months', async ({ page }) => {
	await signInWithTotp(page, COORDINATOR);
	await page.goto(caseEtt);
	await page.getByRole('link', { name: 'Förnya samtycket' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^Förnya samtycke/ })).toBeVisible();
	// The scope of the consent it renews is where the form starts.
	await expect(page.getByRole('checkbox', { name: 'Skola: närvaro och studieresultat' })).toBeChecked();
	await expectNoViolations(page, 'SSPF consent renewal');
	await page.getByLabel(/Undertecknat av/).fill('Vårdnadshavare Ett Ett\nVårdnadshavare Två Ett');
	await page.getByLabel('Gäller från').fill(inDays(1));
	await page.getByLabel(/Gäller till/).fill(inDays(500));
	await page.getByRole('button', { name: 'Förnya' }).click();
	await expect(page.getByRole('alert')).toContainText('tolv månader');
	await expect(page.getByLabel(/Undertecknat av/)).toHaveValue('Vårdnadshavare Ett Ett\nVårdnadshavare Två Ett');
	await expectNoViolations(page, 'SSPF consent renewal with an error');
	await page.getByLabel(/Gäller till/).fill(inDays(180));
	await page.getByRole('button', { name: 'Förnya' }).click();
	await expect(page.getByText('Sparat.')).toBeVisible();
	// The old consent now ends today; the new one follows it.
	const periods = page.locator('section[aria-labelledby="consents-title"] article');
	await expect(periods).toHaveCount(2);
});

test('the retention setting and the groups', async ({ page }) => {
	await signInWithTotp(page, COORDINATOR);
	await page.goto('/app/falun/sspf');
	await page.getByRole('link', { name: 'Inställningar' }).click();
	await expect(page.getByLabel('Gallring: månader efter avslut')).toHaveValue('24');
	await expectNoViolations(page, 'SSPF settings');
	await page.getByLabel('Gallring: månader efter avslut').fill('0');
	await page.getByRole('button', { name: 'Spara' }).click();
	await expect(page.getByRole('alert')).toContainText('1–120');
	await page.getByLabel('Gallring: månader efter avslut').fill('36');
	await page.getByRole('button', { name: 'Spara' }).click();
	await expect(page.getByText('Sparat.')).toBeVisible();
	await expect(page.getByLabel('Gallring: månader efter avslut')).toHaveValue('36');

	await page.goto('/app/falun/sspf');
	await page.getByRole('link', { name: 'Grupper och roller' }).click();
	await expect(page.getByRole('row', { name: /Siv SSPF-samordnare/ })).toContainText('SSPF-samordnare');
	await expect(page.getByRole('row', { name: /Selma Skolkurator/ })).toContainText('Beredningsgrupp');
	// Managing the groups is the municipality's coordinator's: the SSPF coordinator sees no forms.
	await expect(page.getByRole('button', { name: /Ta bort/ })).toHaveCount(0);
	await expectNoViolations(page, 'SSPF groups');
});

test('a beredningsgrupp meeting takes only the cases whose consent covers every attendee', async ({ page }) => {
	await signInWithTotp(page, COORDINATOR);
	const caseTva = await caseOf(page, 'Två');
	referenceTva = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Ärende ', '').trim();
	await page.goto('/app/falun/sspf/moten');
	await expect(page.getByText('Inga möten ännu.')).toBeVisible();
	await expectNoViolations(page, 'SSPF meetings');
	await page.getByLabel('Selma Skolkurator').check();
	await page.getByLabel('Frida Fritidsledare').check();
	await page.getByRole('button', { name: 'Visa ärenden som får tas upp' }).click();
	// Testperson Två's consent names the school and leisure; no other case's names both.
	const offered = page.locator('fieldset', { hasText: 'Ärenden på dagordningen' }).getByRole('checkbox');
	await expect(offered).toHaveCount(1);
	await page.getByLabel(referenceTva).check();
	await expectNoViolations(page, 'SSPF new meeting');
	await page.getByRole('button', { name: 'Skapa mötet' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^Möte / })).toBeVisible();
	meetingUrl = new URL(page.url()).pathname;
	await expect(page.getByText('Frida Fritidsledare, Selma Skolkurator')).toBeVisible();
	await page.getByLabel(new RegExp(`Anteckning för ${referenceTva}`)).fill('Fritidsgården erbjuder en plats (fiktivt).');
	await page.getByRole('button', { name: 'Spara anteckningen' }).click();
	await expect(page.getByText('Sparat.')).toBeVisible();
	await expect(page.getByText('Fritidsgården erbjuder en plats (fiktivt).')).toBeVisible();
	await expectNoViolations(page, 'SSPF meeting');
	expect(caseTva).not.toBe('');
});

test('an attendee sees the meeting and the case it may discuss, with its note', async ({ page }) => {
	await signInWithTotp(page, 'fritidsledare@falun.demo');
	await page.goto('/app/falun/sspf/moten');
	await page.getByRole('table').getByRole('link').first().click();
	await expect(page).toHaveURL(new RegExp(`${meetingUrl}$`));
	await expect(page.getByRole('heading', { level: 3, name: new RegExp(`${referenceTva} – Testperson Två`) })).toBeVisible();
	await expect(page.getByText('Fritidsgården erbjuder en plats (fiktivt).')).toBeVisible();
	// Attendees write no minutes: that is the coordinator's.
	await expect(page.getByRole('button', { name: 'Spara anteckningen' })).toHaveCount(0);
	await expectNoViolations(page, 'SSPF meeting as an attendee');
});
