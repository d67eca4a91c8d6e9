import { readFileSync } from 'node:fs';
import { FALUN_COORDINATOR, FALUN_READER, expect, expectNoViolations, test } from '../helpers';

/** The demo plan (Falun 2024, decided): the oldest plan of the municipality. */
async function openDemoPlan(page: import('@playwright/test').Page) {
	await page.goto('/app/falun/atgardsplan');
	await page.locator('.cards').getByRole('link').last().click();
	await page.waitForURL(/\/atgardsplan\/[0-9a-f-]{36}$/);
	return new URL(page.url()).pathname;
}

test.describe.serial('changing the decided demo plan', () => {
	let planPath = '';

	test.describe('the coordinator', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });

		test('sees where the plan stands from the closed demo round, per focus area, as counts', async ({ page }) => {
			planPath = await openDemoPlan(page);
			await expect(page.getByRole('heading', { name: 'Läget i planen' })).toBeVisible();
			await expect(page.getByText('Enligt uppföljningen Halvår 2 2024 (demo) (stängd).')).toBeVisible();
			await expect(page.getByRole('table', { name: 'Status per fokusområde' }).getByRole('row')).toHaveCount(4);
		});

		test('corrects a measure: time interpretation, problem link and an indicator; a decided plan asks why and keeps a revision', async ({ page }) => {
			// Seven page loads with axe checks: on a shared two-core machine this takes longer than the default minute.
			test.setTimeout(150_000);
			await page.goto(planPath);
			await page
				.getByRole('link', { name: /^Ändra åtgärden/ })
				.first()
				.click();
			await expect(page.getByRole('heading', { level: 1 })).toContainText('Ändra åtgärd');
			await expectNoViolations(page, 'the measure edit page');
			await page.getByLabel('Startdatum (tolkat)').fill('2024-09-01');
			await page.getByLabel('Slutdatum (tolkat)').fill('2024-08-01');
			await page.getByRole('button', { name: 'Spara åtgärden' }).click();
			await expect(page.locator('.error-summary')).toContainText('Slutdatum kan inte vara före startdatum.');
			await expect(page.locator('.error-summary')).toContainText('ange varför åtgärden ändras');

			await page.getByLabel('Slutdatum (tolkat)').fill('2026-12-31');
			await page.locator('input[name="problemIds"]').first().check();
			await page.getByLabel('Namn', { exact: true }).first().fill('Anmälda cykelstölder');
			await page.getByLabel('Utgångsläge').first().fill('412');
			await page.getByLabel('Målvärde').first().fill('350');
			// The demo plan already links the measure to the places its text names.
			await expect(page.getByLabel('Platser som åtgärden riktar sig till')).toHaveValue(/Nedre Norslund\nJärnet|Järnet\nNedre Norslund/);
			await page.getByLabel('Platser som åtgärden riktar sig till').fill('Nedre Norslund\nJärnet');
			await page.getByLabel('Varför ändras åtgärden?').fill('BRÅ 2025-03-12 § 4');
			await page.getByRole('button', { name: 'Spara åtgärden' }).click();
			await expect(page.getByRole('status')).toContainText('Åtgärden sparades.');
			await expect(page.getByText(/Tolkat: (pågående, )?från 2024-09-01, till 2026-12-31/).first()).toBeVisible();
			await expect(page.getByText('Anmälda cykelstölder: från 412 till 350').first()).toBeVisible();

			// The effect view: the lägesbild's crimes in Nedre Norslund and Järnet before and after the start.
			await page
				.getByRole('link', { name: /^Se underlag och effekt för/ })
				.first()
				.click();
			await expect(page.getByRole('table', { name: 'Före och efter start' })).toContainText('Åtgärdens platser: Järnet, Nedre Norslund');
			await expectNoViolations(page, 'the effect view');
			await page.getByRole('link', { name: 'Tillbaka till planen' }).click();
			await page.getByRole('link', { name: 'Beslut, remiss och revisioner' }).click();
			await page.getByRole('link', { name: /^Revision 1, sparad/ }).click();
			await expect(page.getByRole('heading', { level: 1 })).toContainText('Revision 1 jämförd med planen nu');
			await expect(page.getByText('BRÅ 2025-03-12 § 4')).toBeVisible();
			await expect(page.locator('dl.diff dt', { hasText: 'Tolkad tid' })).toBeVisible();
			await expect(page.locator('ins', { hasText: 'Anmälda cykelstölder' })).toBeVisible();
			await expectNoViolations(page, 'the revision comparison');
		});

		test('records a remiss with an answer and an attached protocol', async ({ page }) => {
			await page.goto(`${planPath}/beslut`);
			await page.getByLabel('Organ', { exact: true }).fill('Faluns brottsförebyggande råd');
			await page.getByLabel('Datum', { exact: true }).fill('2025-02-01');
			await page.getByLabel('Slag av steg').selectOption('remiss');
			await page.getByRole('button', { name: 'Lägg till steget' }).click();
			await expect(page.getByRole('status')).toContainText('Ändringen sparades.');
			const remiss = page.locator('ol.decision-history > li', { hasText: 'Faluns brottsförebyggande råd' }).filter({ hasText: 'Remiss' }).last();
			await remiss.getByText('Registrera remissvar').click();
			await remiss.getByLabel('Remissinstans').fill('Kopparstaden');
			await remiss.getByLabel('Svar').fill('Vi tillstyrker planen.');
			await remiss.getByRole('button', { name: 'Spara remissvaret' }).click();
			const saved = page.locator('ol.decision-history > li', { hasText: 'Vi tillstyrker planen.' });
			await expect(saved).toContainText('Kopparstaden');

			await saved.getByText('Bifoga dokument').click();
			await saved.getByLabel('Dokument').setInputFiles({ name: 'protokoll.pdf', mimeType: 'application/pdf', buffer: Buffer.from('inte en pdf') });
			await saved.getByRole('button', { name: 'Bifoga' }).click();
			await expect(page.locator('.error-summary')).toContainText('inte en PDF-fil');
			const again = page.locator('ol.decision-history > li', { hasText: 'Vi tillstyrker planen.' });
			await again.getByLabel('Dokument').setInputFiles({ name: 'protokoll.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% protokoll\n') });
			await again.getByRole('button', { name: 'Bifoga' }).click();
			const link = page.getByRole('link', { name: 'protokoll.pdf' });
			await expect(link).toBeVisible();
			const download = page.waitForEvent('download');
			await link.click();
			expect(readFileSync(await (await download).path(), 'utf8')).toContain('%PDF-1.4');
			await expectNoViolations(page, 'the decisions page');
		});
	});

	test.describe('a reader', () => {
		test.use({ signedInAs: FALUN_READER });
		test('reads the decision history and revisions but gets no forms, and cannot open the edit page', async ({ page }) => {
			await page.goto(`${planPath}/beslut`);
			await expect(page.getByText('Vi tillstyrker planen.')).toBeVisible();
			await expect(page.locator('main form')).toHaveCount(0);
			await page.goto(planPath);
			await expect(page.getByRole('link', { name: /^Ändra åtgärden/ })).toHaveCount(0);
		});
	});
});
