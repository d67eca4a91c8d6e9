import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { BASE_URL, FALUN_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

const HOUSING = 'kopparstaden@falun.demo';
const POLICE = 'kommunpolis@falun.demo';

test.describe.serial('a follow-up round in the browser', () => {
	let roundUrl = '';

	test.describe('the coordinator', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });
		test('opens a round from the plan', async ({ page }) => {
			await page.goto('/app/falun/atgardsplan');
			// The demo plan is the oldest (plans are listed newest first; other specs import plans of their own).
			await page.locator('.cards').getByRole('link').last().click();
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
			await expect(page.locator('#sparat')).toContainText(`${count} svar sparades`);
			// Shared measures Kopparstaden does not lead keep its part; the measures it leads or has alone count.
			await expect(page.locator('.status-counts')).toContainText(/Pågår enligt plan [1-9]/);
		});

		test('answers in a spreadsheet: download, fill in, upload; a wrong row saves nothing and is named', async ({ page }) => {
			await page.goto(roundUrl);
			const download = page.waitForEvent('download');
			await page.getByRole('link', { name: 'Ladda ner kalkylbladet (.xlsx)' }).click();
			const file = await (await download).path();
			const workbook = new ExcelJS.Workbook();
			await workbook.xlsx.readFile(file);
			const sheet = workbook.worksheets[0];
			expect(sheet.getRow(1).getCell(5).value).toBe('Status');
			sheet.getRow(2).getCell(5).value = 'Genomförd';
			sheet.getRow(2).getCell(6).value = 'Klart enligt kalkylbladet.';
			sheet.getRow(3).getCell(5).value = 'Nästan klar';
			const bad = path.join(os.tmpdir(), `forebygg-sheet-bad-${process.pid}.xlsx`);
			await workbook.xlsx.writeFile(bad);
			await page.getByLabel('Ifyllt kalkylblad (.xlsx)').setInputFiles(bad);
			await page.getByRole('button', { name: 'Ladda upp och spara svaren' }).click();
			await expect(page.getByRole('alert')).toContainText('Rad 3: okänd status ”Nästan klar”');
			await expect(page.locator('.status-counts')).not.toContainText('Genomförd 1');

			sheet.getRow(3).getCell(5).value = 'Pågår enligt plan';
			const good = path.join(os.tmpdir(), `forebygg-sheet-good-${process.pid}.xlsx`);
			await workbook.xlsx.writeFile(good);
			await page.getByLabel('Ifyllt kalkylblad (.xlsx)').setInputFiles(good);
			await page.getByRole('button', { name: 'Ladda upp och spara svaren' }).click();
			await expect(page.getByRole('status').first()).toContainText('svar sparades');
			await expect(page.locator('select[name^="status-"]').first()).toHaveValue('genomford');
			await expect(page.locator('textarea[name^="done-"]').first()).toHaveValue('Klart enligt kalkylbladet.');
			fs.rmSync(bad, { force: true });
			fs.rmSync(good, { force: true });
		});

		test('cannot answer a measure that is not its own, even by posting the form by hand', async ({ page }) => {
			await page.goto(roundUrl);
			const own = new Set(await page.locator('input[name="measureId"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)));
			const other = (
				await page.locator('article[aria-labelledby]').evaluateAll((articles) => articles.map((a) => a.getAttribute('aria-labelledby')!.slice(2)))
			).find((id) => !own.has(id))!;
			const response = await page.request.post(`${roundUrl}?/answer`, {
				form: { measureId: other, [`status-${other}`]: 'genomford', [`done-${other}`]: 'x', [`next-${other}`]: '' },
				headers: { Origin: BASE_URL, Accept: 'text/html' },
				maxRedirects: 0
			});
			expect(response.status()).toBe(403);
		});
	});

	test.describe('the coordinator, before the police have answered', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });
		test('sends a reminder to those who have not answered; sending again does not double up', async ({ page }) => {
			await page.goto(roundUrl);
			await expect(page.getByRole('heading', { name: 'Har inte svarat' })).toBeVisible();
			await page.getByRole('button', { name: 'Skicka påminnelse nu' }).click();
			// The police at least; other specs may have given users to more organisations that answer here.
			await expect(page.getByRole('status').first()).toContainText(/\d+ organisation(er)? påmindes\./);
			await expect(page.getByRole('heading', { name: 'Skickade påminnelser' })).toBeVisible();
			await expect(page.getByText(/Lokalpolisområde Falun – påminnelse efter sista svarsdag/)).toBeVisible();
			await page.getByRole('button', { name: 'Skicka påminnelse nu' }).click();
			await expect(page.getByRole('status').first()).toContainText('Ingen ny påminnelse behövdes.');
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
			await expect(page.locator('#sparat')).toContainText(`${count} svar sparades`);
			for (let i = 0; i < count; i++) await expect(selects.nth(i)).toHaveValue('forsenad');
		});
	});

	test.describe('the coordinator again', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });
		test('closes the round, after which nothing can be changed', async ({ page }) => {
			await page.goto(roundUrl);
			await expect(page.getByRole('heading', { name: 'Har inte svarat' })).toBeVisible();
			await page.getByRole('button', { name: 'Stäng omgången', exact: true }).click();
			await page.getByRole('button', { name: 'Ja, stäng omgången' }).click();
			await expect(page.getByText('Stängd', { exact: false }).first()).toBeVisible();
			await expect(page.locator('select[name^="status-"]')).toHaveCount(0);
			await expectNoViolations(page, 'a closed round');
		});
	});

	test.describe('the coordinator, for BRÅ and KS', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });
		test('downloads the Word report of the closed round; LibreOffice opens it and it holds every measure', async ({ page }) => {
			await page.goto(roundUrl);
			const download = page.waitForEvent('download');
			await page.getByRole('link', { name: 'Ladda ner rapporten (Word)' }).click();
			const saved = await (await download).path();
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-report-'));
			try {
				const docx = path.join(dir, 'rapport.docx');
				fs.copyFileSync(saved, docx);
				execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], {
					timeout: 120_000
				});
				const text = execFileSync('pdftotext', [path.join(dir, 'rapport.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
				expect(text).toContain('Uppföljning av åtgärdsplanen');
				expect(text).toContain('Halvår 1 2025');
				const planId = roundUrl.split('/')[4];
				const plan = await (await page.request.get(`/api/v1/atgardsplaner/${planId}`)).json();
				const titles: string[] = plan.focusAreas.flatMap((a: { measures: { title: string }[] }) => a.measures.map((m) => m.title.replace(/\s+/g, ' ').trim()));
				expect(titles).toHaveLength(33);
				for (const title of titles) expect(text, title).toContain(title);
				expect(text).toContain('Klart enligt kalkylbladet.');
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		});
	});
});
