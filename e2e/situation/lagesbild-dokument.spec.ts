import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { FALUN_COORDINATOR, FALUN_READER, expect, expectNoViolations, test } from '../helpers';

const TITLE = 'Lägesbild för Falun – Brott och (o)trygghet';
const CENTRE = 'Otrygghet i stadskärnan – Stölder, droger och andra otrygghetsskapande aktiviteter';

test.describe.serial('the lägesbild document', () => {
	let publicPath = '';

	test.describe('as a reader', () => {
		test.use({ signedInAs: FALUN_READER });

		test('reads the demo draft but gets no forms to change it', async ({ page }) => {
			await page.goto('/app/falun/lagesbild/dokument');
			await page.getByRole('link', { name: TITLE }).click();
			await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
			await expect(page.getByRole('heading', { name: `2. ${CENTRE}` })).toBeVisible();
			await expect(page.getByRole('button', { name: 'Spara texten' })).toHaveCount(0);
			await expect(page.getByRole('button', { name: 'Anta lägesbilden' })).toHaveCount(0);
		});
	});

	test.describe('as the Falun coordinator', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });

		test('edits the demo lägesbild next to its live figures, adopts it, downloads the Word file and publishes it', async ({ page }) => {
			await page.goto('/app/falun/lagesbild');
			await page.getByRole('link', { name: 'Lägesbilddokument (4 §)' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Lägesbilddokument' })).toBeVisible();
			await expectNoViolations(page, 'the list of lägesbild documents');
			await page.getByRole('link', { name: TITLE }).click();

			// A draft: live figures next to the text, the three focus areas of seed 003.
			await expect(page.getByText(/^Utkast: siffrorna hämtas ur databasen/)).toBeVisible();
			for (const [i, title] of [
				'Barn och unga – geografiska områden',
				CENTRE,
				'Organiserad brottslighet – kriminell ekonomi, otillbörlig påverkan och brott mot välfärden'
			].entries())
				await expect(page.getByRole('heading', { level: 3, name: `${i + 1}. ${title}` })).toBeVisible();
			await expect(page.locator('figure.choropleth path').first()).toBeVisible();
			await expect(
				page.getByRole('region', { name: /^Anmälda brott per område 2024-01-01 – 2024-12-31/ }).getByRole('rowheader', { name: 'Stadskärnan' })
			).toBeVisible();
			await expect(page.getByRole('region', { name: 'Jämförelse med länet och riket' })).toBeVisible();
			await expectNoViolations(page, 'the draft lägesbild');

			// The written text.
			const summary = page.getByLabel('Text: Sammanfattning');
			await summary.fill('Falun är på kommunnivå en relativt säker och trygg kommun. (Redigerad i e2e.)');
			await page.getByRole('button', { name: 'Spara texten' }).first().click();
			await expect(page.getByRole('status')).toHaveText('Sparat.');
			await expect(page.getByLabel('Text: Sammanfattning')).toHaveValue('Falun är på kommunnivå en relativt säker och trygg kommun. (Redigerad i e2e.)');

			// A problem added to a focus area.
			const centre = page.locator('section', { has: page.getByRole('heading', { name: `2. ${CENTRE}` }) });
			await centre.getByText(`Ändra ”${CENTRE}”`).click();
			const problems = centre.getByLabel('Problem');
			await problems.fill(`${await problems.inputValue()}\nPaketutlämning oroar butikspersonalen.`);
			await centre.getByRole('button', { name: 'Spara fokusområdet' }).click();
			await expect(centre.getByRole('listitem').filter({ hasText: 'Paketutlämning oroar butikspersonalen.' })).toBeVisible();

			// Adoption without a body is refused with a Swedish message, then done properly.
			await page.getByLabel('Beslutsdatum').fill('2024-05-30');
			await page.getByRole('button', { name: 'Anta lägesbilden' }).click();
			await expect(page.locator('.error-summary')).toContainText('Ange vilket organ som antog lägesbilden');
			await page.getByLabel('Beslutande organ').fill('Kommunstyrelsen');
			await page.getByLabel('Beslutsdatum').fill('2024-05-30');
			await page.getByLabel('Paragraf (§)').fill('§ 91');
			await page.getByRole('button', { name: 'Anta lägesbilden' }).click();
			await expect(page.getByRole('status')).toContainText('Lägesbilden är antagen.');
			await expect(page.getByText(/^Antagen av Kommunstyrelsen 2024-05-30, § 91\. Siffrorna är låsta/)).toBeVisible();
			await expect(page.getByRole('button', { name: 'Spara texten' })).toHaveCount(0);
			await expect(page.getByText('Falun är på kommunnivå en relativt säker och trygg kommun. (Redigerad i e2e.)')).toBeVisible();
			await expectNoViolations(page, 'the adopted lägesbild');

			// The Word file holds the sections, the focus areas and the adoption record.
			const download = page.waitForEvent('download');
			await page.getByRole('link', { name: 'Ladda ner som Word (.docx)' }).click();
			const file = readFileSync(await (await download).path());
			const xml = await (await JSZip.loadAsync(file)).file('word/document.xml')!.async('string');
			const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(' ');
			for (const heading of [
				'Sammanfattning',
				'Källor och begränsningar',
				'Brott per område',
				'Otrygghet',
				'Socioekonomiska förutsättningar',
				'Analys',
				'Fokusområden',
				CENTRE,
				'Paketutlämning oroar butikspersonalen.'
			])
				expect(text, heading).toContain(heading);
			expect(text).toContain('Antagen av Kommunstyrelsen 2024-05-30, § 91.');

			// Published on the municipality's public pages (small counts hidden there).
			await page.getByRole('button', { name: 'Publicera på kommunens öppna sidor' }).click();
			const open = page.getByRole('link', { name: 'Öppna den publicerade lägesbilden' });
			await expect(open).toBeVisible();
			publicPath = (await open.getAttribute('href'))!;
		});

		test('a measure of the plan shows the evidence behind it from the adopted lägesbild', async ({ page }) => {
			await page.goto('/app/falun/lagesbild/dokument');
			await page.getByRole('link', { name: TITLE }).click();
			await page.locator('#planer + ul a').first().click();
			await expect(page.getByText('Planen bygger på lägesbilden')).toBeVisible();
			const measureLink = page.locator('a[href*="/atgard/"]:not([href$="/effekt"])').first();
			await measureLink.click();
			const evidence = page.getByRole('region', { name: 'Underlag i lägesbilden' });
			await expect(evidence.getByRole('link', { name: TITLE })).toBeVisible();
			await expect(evidence).toContainText('Antagen, Kommunstyrelsen 2024-05-30');
			await expectNoViolations(page, 'the measure page with its evidence');
		});
	});

	test.describe('as a reader, after adoption', () => {
		test.use({ signedInAs: FALUN_READER });

		test('sees the evidence behind a measure next to its effect, without rights to change the measure', async ({ page }) => {
			// Through the lägesbild to the plan built on it (other specs import plans of their own).
			await page.goto('/app/falun/lagesbild/dokument');
			await page.getByRole('link', { name: TITLE }).click();
			await page.locator('#planer + ul a').first().click();
			await page
				.getByRole('link', { name: /^Se underlag och effekt för/ })
				.first()
				.click();
			await expect(page.getByRole('heading', { level: 1 })).toContainText('Underlag och effekt');
			const evidence = page.getByRole('region', { name: 'Underlag i lägesbilden' });
			await expect(evidence.getByRole('link', { name: TITLE })).toBeVisible();
			await expect(evidence).toContainText('Antagen, Kommunstyrelsen 2024-05-30');
			await expect(page.getByRole('heading', { name: 'Effekt i åtgärdens platser' })).toBeVisible();
			await expectNoViolations(page, 'evidence and effect for a reader');
		});
	});

	test('the published lägesbild is server-rendered, works without JavaScript, hides small counts and passes axe', async ({ browser, page: withScripts }) => {
		expect(publicPath).toMatch(/^\/falun\/lagesbild\/[0-9a-f-]{36}$/);
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			// The municipality's public page lists it.
			await page.goto('/falun');
			await page.getByRole('region', { name: 'Lägesbild' }).getByRole('link', { name: TITLE }).click();
			await expect(page).toHaveURL(new RegExp(`${publicPath}$`));
			await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
			for (const heading of [
				'Sammanfattning',
				'Källor och begränsningar',
				'Brott per område',
				'Otrygghet',
				'Socioekonomiska förutsättningar',
				'Analys',
				'Fokusområden'
			])
				await expect(page.getByRole('heading', { level: 2, name: heading, exact: true })).toBeVisible();
			await expect(page.getByRole('heading', { level: 3, name: `2. ${CENTRE}` })).toBeVisible();
			await expect(page.getByText('Antal under 5 visas inte')).toBeVisible();
			await expect(page.locator('figure.choropleth path').first()).toBeVisible();
			// No scripts at all on the page, and no form to change anything (the language switcher aside).
			expect(await page.locator('script').count()).toBe(0);
			await expect(page.locator('#main form[method="POST"]')).toHaveCount(0);
			expect((await page.goto('/falun/lagesbild/00000000-0000-4000-8000-000000000000'))?.status()).toBe(404);
		} finally {
			await context.close();
		}
		// axe needs scripts of its own in the page; the page itself ships none.
		await withScripts.goto(publicPath);
		await expectNoViolations(withScripts, 'the public lägesbild');
	});
});
