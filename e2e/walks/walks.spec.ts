import JSZip from 'jszip';
import sharp from 'sharp';
import { ADMIN, BASE_URL, FALUN_COORDINATOR, expect, expectNoViolations, sessionState, test } from '../helpers';
import type { Browser, Page } from '@playwright/test';

const PHONE = { width: 390, height: 844 };
const TITLE = `Trygghetsvandring Slätta ${Date.now().toString(36)}`;

/** A phone photo with its GPS position in EXIF, as the camera writes it. */
async function phonePhoto(): Promise<Buffer> {
	return sharp({ create: { width: 2000, height: 1500, channels: 3, background: { r: 30, g: 30, b: 50 } } })
		.jpeg()
		.withExif({
			IFD0: { Make: 'Telefon', Model: 'Kamera 1' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 36/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '15/1 37/1 0/1' }
		})
		.toBuffer();
}

async function coordinatorPage(browser: Browser, options: { javaScriptEnabled?: boolean; phone?: boolean } = {}): Promise<Page> {
	const context = await browser.newContext({
		baseURL: BASE_URL,
		storageState: await sessionState(FALUN_COORDINATOR),
		javaScriptEnabled: options.javaScriptEnabled ?? true,
		...(options.phone ? { viewport: PHONE, isMobile: true, hasTouch: true } : {}),
		geolocation: { latitude: 60.60421, longitude: 15.62873 },
		permissions: ['geolocation'],
		locale: 'sv-SE'
	});
	return context.newPage();
}

test.describe.serial('safety walks', () => {
	test.describe.configure({ timeout: 120_000 });
	let walkPath = '';

	test('the coordinator plans a walk: stops as text, three meetings with invitations, a warning above 20 residents', async ({ browser }) => {
		const page = await coordinatorPage(browser);
		await page.goto('/app/falun');
		await page
			.getByRole('navigation', { name: /Moduler för/ })
			.getByRole('link', { name: 'Trygghetsvandringar' })
			.click();
		await expect(page.getByRole('heading', { level: 1, name: 'Trygghetsvandringar' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Trygghetsvandring Stadskärnan våren 2026' })).toBeVisible();
		await expectNoViolations(page, 'the walks page');
		await page.getByRole('link', { name: 'Planera en vandring' }).click();
		await expectNoViolations(page, 'the planning form');
		await page.getByLabel('Vandringens namn').fill(TITLE);
		await page.getByLabel('Områdets namn').fill('Slätta');
		await page.getByLabel('Samlingsplats').fill('Slätta centrum');
		await page.getByLabel('Arrangör').fill('Falu kommun, trygghetssamordnaren');
		await page.getByLabel('Kopparstaden').check();
		await page.getByLabel('Antal boende som väntas').fill('25');
		await expect(page.getByText('Fler än 20 boende väntas.', { exact: false })).toBeVisible();
		await page.getByLabel('Förmöte').fill('2026-09-01T18:00');
		await page.getByLabel('Vandringen börjar').fill('2026-09-08T19:00');
		await page.getByLabel('Uppföljningsmöte').fill('2026-09-29T18:00');
		await page.getByLabel('Stopp längs rutten').fill('Slätta centrum | 60.6040, 15.6280\nGångbron över Faluån\nSkolgården | 60.6052, 15.6301');
		await page.getByRole('button', { name: 'Spara vandringen' }).click();
		await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
		await expect(page.getByText('Vandringen är planerad.')).toBeVisible();
		await expect(page.getByText('Fler än 20 boende väntas.', { exact: false })).toBeVisible();
		walkPath = new URL(page.url()).pathname;
		await expectNoViolations(page, 'the walk page');
		const ics = await page.request.get(`${walkPath}/kalender/uppfoljning`);
		expect(ics.headers()['content-type']).toContain('text/calendar');
		const text = (await ics.text()).replace(/\r\n /g, '');
		expect(text).toContain('DTSTART:20260929T160000Z');
		expect(text).toContain(`SUMMARY:Uppföljningsmöte efter trygghetsvandring: ${TITLE}`);
		await page.context().close();
	});

	test('on a phone without JavaScript a walker records a finding at a stop, with a photo whose metadata is gone', async ({ browser }) => {
		const page = await coordinatorPage(browser, { javaScriptEnabled: false, phone: true });
		await page.goto(walkPath);
		await expect(page.getByRole('button', { name: 'Använd min position' })).toHaveCount(0);
		const form = page.locator('form', { has: page.getByRole('button', { name: 'Spara bristen' }) });
		await form.getByLabel('Stopp', { exact: true }).selectOption({ label: 'B. Gångbron över Faluån' });
		await form.getByLabel('Kategori').selectOption('Belysning');
		await form.getByLabel('Beskrivning').fill('Gångbron är helt mörk; lampan i mitten saknas.');
		await form.getByLabel('Förslag till åtgärd').fill('Sätt upp belysning längs räcket.');
		await form.getByLabel('Foton').setInputFiles({ name: 'bild.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
		const box = await page.getByRole('button', { name: 'Spara bristen' }).boundingBox();
		expect(box!.height, 'a large touch target').toBeGreaterThanOrEqual(44);
		await page.getByRole('button', { name: 'Spara bristen' }).click();
		await expect(page.getByText('Brist 1 är sparad.')).toBeVisible();
		await expect(page.getByRole('link', { name: 'Brist 1: Belysning' })).toBeVisible();
		const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(scrollWidth, 'no sideways scrolling at 390 px').toBeLessThanOrEqual(PHONE.width);
		await page.getByRole('link', { name: 'Brist 1: Belysning' }).click();
		const src = await page.getByRole('img', { name: 'Foto 1 av bristen' }).getAttribute('src');
		const photo = await page.request.get(src!);
		const metadata = await sharp(Buffer.from(await photo.body())).metadata();
		expect(metadata.exif, 'no EXIF (GPS) left').toBeUndefined();
		expect(Math.max(metadata.width!, metadata.height!)).toBe(1600);
		await page.context().close();
	});

	test('on a phone with JavaScript the walker uses the phone position, and a resent form is stored once', async ({ browser }) => {
		const page = await coordinatorPage(browser, { phone: true });
		await page.goto(walkPath);
		const form = page.locator('form', { has: page.getByRole('button', { name: 'Spara bristen' }) });
		await page.getByRole('button', { name: 'Använd min position' }).click();
		await expect(page.getByText('Position: 60.604210, 15.628730')).toBeVisible();
		await form.getByLabel('Kategori').selectOption('Vegetation');
		await form.getByLabel('Beskrivning').fill('Sly längs ån skymmer gångvägen.');
		const clientId = await form.locator('input[name="clientId"]').inputValue();
		await page.getByRole('button', { name: 'Spara bristen' }).click();
		await expect(page.getByText('Brist 2 är sparad.')).toBeVisible();
		// A second walker's phone (or a retried queue) sends the same finding again: stored once.
		const again = await page.request.post(`${walkPath}?/finding`, {
			headers: { Origin: BASE_URL, Accept: 'text/html' },
			multipart: {
				clientId,
				stopId: '',
				lat: '60.60421',
				lon: '15.62873',
				category: 'Vegetation',
				description: 'Sly längs ån skymmer gångvägen.',
				proposedMeasure: '',
				notedBy: ''
			}
		});
		expect(again.status()).toBeLessThan(400);
		await page.goto(walkPath);
		await expect(page.getByRole('heading', { name: /^Brist \d+:/ })).toHaveCount(2);
		await page.context().close();
	});

	test('an outside owner answers through the personal link, without an account', async ({ browser }) => {
		const page = await coordinatorPage(browser);
		await page.goto(walkPath);
		await page.getByRole('link', { name: 'Brist 1: Belysning' }).click();
		await page.waitForURL(/\/brist\//);
		const findingPath = new URL(page.url()).pathname;
		await page.getByLabel('Ägare i samverkan').selectOption({ label: 'Ägare utanför samverkan (fyll i nedan)' });
		await page.getByLabel('Ägare utanför samverkan', { exact: true }).fill('Falu Energi & Vatten');
		await page.getByLabel('Ägarens e-post').fill('gatubelysning@fev.e2e');
		await page.getByRole('button', { name: 'Tilldela' }).click();
		await expect(page.getByText('Bristen är uppdaterad.')).toBeVisible();
		await expect(page.locator('dd', { hasText: 'Falu Energi & Vatten' })).toBeVisible();

		const admin = await browser.newContext({ baseURL: BASE_URL, storageState: await sessionState(ADMIN) });
		const adminPage = await admin.newPage();
		await adminPage.goto('/app/admin/utkorg');
		const mail = adminPage.locator('article', { hasText: 'Till gatubelysning@fev.e2e' }).first();
		const link = /https?:\/\/[^\s]+\/trygghetsvandringar\/svar\/[\w-]+/.exec(await mail.locator('pre').innerText())?.[0];
		expect(link, 'the owner link in the mail').toBeTruthy();
		await admin.close();

		const owner = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false });
		const ownerPage = await owner.newPage();
		const response = await ownerPage.goto(new URL(link!).pathname);
		// The token in the address never reaches another site, nor a search engine.
		expect(['no-referrer', 'same-origin']).toContain(response!.headers()['referrer-policy']);
		expect(response!.headers()['x-robots-tag']).toBe('noindex');
		await expect(ownerPage.getByRole('heading', { level: 1 })).toContainText(TITLE);
		// axe runs in the page, so it gets a page with JavaScript.
		const axeContext = await browser.newContext({ baseURL: BASE_URL });
		const axePage = await axeContext.newPage();
		await axePage.goto(new URL(link!).pathname);
		await expectNoViolations(axePage, 'the owner answer page');
		await axeContext.close();
		await ownerPage.getByLabel('Ert svar').selectOption('planerad');
		await ownerPage.getByLabel('Planerad till').fill('2026-11-15');
		await ownerPage.getByLabel('Vad gör ni? (valfritt)').fill('Belysning monteras längs räcket i november.');
		await ownerPage.getByRole('button', { name: 'Skicka svaret' }).click();
		await expect(ownerPage.getByText('Tack! Ert svar är sparat')).toBeVisible();
		await owner.close();

		await page.goto(findingPath);
		await expect(page.locator('dd .status')).toHaveText('Planerad');
		await expect(page.getByText('Belysning monteras längs räcket i november.').first()).toBeVisible();
		await expect(page.locator('.history li').last()).toContainText('Falu Energi & Vatten <gatubelysning@fev.e2e>');
		await page.context().close();
	});

	test('the follow-up protocol lists every finding, grouped by owner', async ({ browser }) => {
		const page = await coordinatorPage(browser);
		const docx = await page.request.get(`${walkPath}/protokoll.docx`);
		expect(docx.status()).toBe(200);
		const zip = await JSZip.loadAsync(await docx.body());
		const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, ' ');
		expect(text).toContain('Brist 1: Belysning');
		expect(text).toContain('Brist 2: Vegetation');
		expect(text).toContain('Falu Energi &amp; Vatten (1)');
		expect(text).toContain('Utan ägare (1)');
		expect(text).toContain('Belysning monteras längs räcket i november.');
		await page.context().close();
	});

	test('the re-walk marks an earlier finding as still there (kvarstår)', async ({ browser }) => {
		const page = await coordinatorPage(browser, { phone: true });
		await page.goto('/app/falun/trygghetsvandringar');
		await page.getByRole('link', { name: 'Återvandring Bojsenburg våren 2026' }).click();
		const card = page.locator('#aterbesok li.card', { hasText: 'Klotter och glassplitter' });
		await card.getByRole('button', { name: 'Finns kvar' }).click();
		await expect(page.getByText('Den tidigare bristen är kontrollerad.')).toBeVisible();
		const checked = page.locator('#aterbesok li.card', { hasText: 'Klotter och glassplitter' });
		await expect(checked.getByText('Kontrollerad på den här vandringen.')).toBeVisible();
		await expect(checked.locator('.status')).toHaveText('Kvarstår efter återbesök');
		await page.context().close();
	});

	test('the public sees a published walk without JavaScript: route map, findings with state and owner, no walkers', async ({ browser, page }) => {
		const context = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false });
		const plain = await context.newPage();
		await plain.goto('/falun/trygghetsvandringar');
		await plain.getByRole('link', { name: 'Trygghetsvandring Stadskärnan våren 2026' }).click();
		const publicPath = new URL(plain.url()).pathname;
		await expect(plain.getByRole('img', { name: /Karta över rutten/ })).toBeVisible();
		await expect(plain.getByRole('heading', { name: /^Brist \d+: Belysning/ }).first()).toBeVisible();
		await expect(plain.getByText('Fastighets AB Centrumhuset').first()).toBeVisible();
		await expect(plain.getByText('Kim Kommunpolis')).toHaveCount(0);
		const csv = await plain.request.get('/falun/trygghetsvandringar/brister.csv');
		expect(await csv.text()).toContain('Trygghetsvandring Stadskärnan våren 2026');
		const geo = await (await plain.request.get('/falun/trygghetsvandringar/brister.geojson')).json();
		expect(geo.features.length).toBeGreaterThan(5);
		const feed = await plain.request.get('/falun/trygghetsvandringar/flode.atom');
		expect(await feed.text()).toContain('<title>Trygghetsvandringar i Falu kommun</title>');
		// An unpublished walk is not there for the public.
		expect((await plain.request.get(walkPath.replace('/app/falun', '/falun'))).status()).toBe(404);
		await context.close();
		// axe runs in the page, so with JavaScript.
		await page.goto('/falun/trygghetsvandringar');
		await expectNoViolations(page, 'the public walks page');
		await page.goto(publicPath);
		await expectNoViolations(page, 'the public walk page');
	});
	test("a resident's anonymous report waits for moderation and becomes a finding", async ({ browser }) => {
		const resident = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false, viewport: PHONE });
		const form = await resident.newPage();
		await form.goto('/falun/trygghetsvandringar');
		await form.getByRole('link', { name: 'Rapportera en otrygg plats' }).click();
		await expect(form.getByRole('heading', { level: 1, name: 'Digital trygghetsvandring' })).toBeVisible();
		await form.getByLabel('Var är platsen?').fill('Gångstigen bakom Slätta skola');
		await form.getByLabel('Kategori').selectOption('Belysning');
		await form.getByLabel('Vad gör platsen otrygg?').fill('Stigen är kolsvart efter skymningen och ingen bor nära.');
		// The form token proves a person took a few seconds, as on "Tyck till".
		await form.waitForTimeout(3500);
		await form.getByRole('button', { name: 'Skicka rapporten' }).click();
		await expect(form.getByText('Tack! Rapporten granskas')).toBeVisible();
		await resident.close();

		const page = await coordinatorPage(browser);
		await page.goto('/app/falun/trygghetsvandringar');
		await page.getByRole('link', { name: /Invånarrapporter \(\d+\)/ }).click();
		const card = page.locator('li.card', { hasText: 'Gångstigen bakom Slätta skola' });
		await expectNoViolations(page, 'the moderation queue');
		await card.getByLabel('Blir en brist i vandringen').selectOption({ label: TITLE });
		await card.getByRole('button', { name: 'Godkänn som brist' }).click();
		await expect(page.getByText('Rapporten är granskad.')).toBeVisible();
		await expect(page.locator('li.card', { hasText: 'Gångstigen bakom Slätta skola' })).toHaveCount(0);
		await page.goto(walkPath);
		const finding = page.locator('li.card', { hasText: 'Stigen är kolsvart efter skymningen' });
		await expect(finding).toContainText('Plats: Gångstigen bakom Slätta skola');
		await expect(finding.locator('.status')).toHaveText('Ny');
		await page.context().close();
	});
});
