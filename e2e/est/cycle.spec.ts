import sharp from 'sharp';
import { FALUN_COORDINATOR, expect, expectNoViolations, sessionState, test } from '../helpers';

const CARETAKER = 'kopparstaden@falun.demo';
const PHONE = { width: 390, height: 844 };
// A place no demo report uses, so this spec's report, task and feedback are its own.
const PLACE = `Tallrisvägen 99, cykelrummet ${Date.now() % 100000}`;
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test.describe.configure({ timeout: 120_000 });

test.describe('EST: a caretaker reports, the group meets, the owner acts, the next meeting checks', () => {
	test('on a phone without JavaScript: a personal identity number is refused, then the report is sent', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, storageState: await sessionState(CARETAKER) });
		const page = await context.newPage();
		await page.goto('/app/falun/est/rapportera');
		await expect(page.getByRole('heading', { level: 1, name: 'Rapportera en händelse' })).toBeVisible();
		await expect(page.getByText('Skriv inte namn eller personnummer', { exact: false })).toBeVisible();
		// One thumb: the form fits the phone's width.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

		await page.getByLabel('Vad gäller det?').selectOption('Skadegörelse');
		await page.getByLabel('Adress eller plats').fill(PLACE);
		await page.getByLabel('Kväll (18–24)').check();
		await page.getByLabel('3 – Stor', { exact: false }).check();
		await page.getByLabel('Beskriv kort vad du såg').fill('Dörren uppbruten, 811218-9876 var där');
		await page.getByRole('button', { name: 'Skicka rapporten' }).click();
		await expect(page.getByRole('link', { name: /Texten innehåller ett personnummer/ })).toBeVisible();
		await expect(page.getByLabel('Adress eller plats')).toHaveValue(PLACE);

		await page.getByLabel('Beskriv kort vad du såg').fill('Dörren till cykelrummet uppbruten under natten.');
		await page.getByRole('button', { name: 'Skicka rapporten' }).click();
		await expect(page.getByText('Tack! Rapporten är mottagen.')).toBeVisible();
		await expect(page.getByRole('listitem').filter({ hasText: PLACE })).toContainText('Mottagen');
		await context.close();
	});

	test('on a phone with JavaScript: the phone’s position and a photo whose position is removed', async ({ browser }) => {
		const context = await browser.newContext({
			viewport: PHONE,
			isMobile: true,
			hasTouch: true,
			geolocation: { latitude: 60.6035, longitude: 15.62 },
			permissions: ['geolocation'],
			storageState: await sessionState(CARETAKER)
		});
		const page = await context.newPage();
		await page.goto('/app/falun/est/rapportera');
		await expectNoViolations(page, 'the EST report form on a phone');
		await page.getByRole('button', { name: 'Använd min position' }).click();
		await expect(page.getByText('Plats vald på kartan (60.60350, 15.62000)')).toBeVisible();
		await page.getByLabel('Vad gäller det?').selectOption('Belysning ur funktion');
		await page.getByLabel('Natt (00–06)').check();
		await page.getByLabel('4 – Mycket stor', { exact: false }).check();
		const photo = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: '#334455' } })
			.jpeg()
			.withExifMerge({
				IFD0: { Make: 'Telefonmakare', Model: 'Fältmodell' },
				IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 36/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '15/1 37/1 0/1' }
			})
			.toBuffer();
		await page.getByLabel('Foto (valfritt)').setInputFiles({ name: 'lampa.jpg', mimeType: 'image/jpeg', buffer: photo });
		await page.getByLabel('Beskriv kort vad du såg').fill('Lampan vid e2e-testets gångväg är släckt.');
		await page.getByRole('button', { name: 'Skicka rapporten' }).click();
		await expect(page.getByText('Tack! Rapporten är mottagen.')).toBeVisible();
		await context.close();

		// The coordinator opens the photo from the cycle's picture: no EXIF, no GPS, smaller.
		const coordinator = await browser.newContext({ storageState: await sessionState(FALUN_COORDINATOR) });
		const picture = await coordinator.newPage();
		await picture.goto('/app/falun/est/cykel');
		const row = picture.getByRole('row').filter({ hasText: 'Lampan vid e2e-testets gångväg är släckt.' });
		const href = await row.getByRole('link', { name: 'Visa foto' }).getAttribute('href');
		const response = await coordinator.request.get(href!);
		expect(response.headers()['content-type']).toBe('image/jpeg');
		const stored = await response.body();
		const metadata = await sharp(stored).metadata();
		expect(metadata.exif).toBeUndefined();
		expect(Math.max(metadata.width!, metadata.height!)).toBe(1600);
		expect(stored.includes('Fältmodell')).toBe(false);
		await coordinator.close();
	});

	test.describe('the coordinator', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });

		test('sees the cycle’s picture with the new report and the repeat place', async ({ page }) => {
			await page.goto('/app/falun/est');
			await page.getByRole('link', { name: 'Se cykelns lägesbild' }).click();
			await expect(page.getByRole('heading', { level: 1, name: /^EST-lägesbild vecka \d+(–\d+)?$/ })).toBeVisible();
			await expect(page.getByRole('listitem').filter({ hasText: 'Gruvparken, gångvägen' })).toContainText('av de senaste 6 cyklerna');
			await expect(page.getByRole('cell', { name: PLACE })).toBeVisible();
			await expect(page.getByRole('table', { name: 'Per kategori' })).toBeVisible();
			await expectNoViolations(page, 'the EST cycle picture');
			await page.getByRole('link', { name: 'Föregående cykel' }).click();
			await expect(page.getByRole('cell', { name: PLACE })).toHaveCount(0);
		});
	});

	test('a meeting decides an insats, the owner marks it done, the next meeting checks it, and the reporter sees each step', async ({ browser }) => {
		const coordinator = await browser.newContext({ storageState: await sessionState(FALUN_COORDINATOR) });
		const page = await coordinator.newPage();
		await page.goto('/app/falun/est/moten');
		await expectNoViolations(page, 'the EST meetings page');
		await page.getByLabel('Mötesdag').fill(today());
		await page.getByLabel('Kopparstaden', { exact: true }).check();
		await page.getByRole('button', { name: 'Registrera mötet' }).click();
		await expect(page.getByRole('heading', { level: 1, name: /^Möte / })).toBeVisible();
		const firstMeeting = page.url();

		await page.getByLabel('Vad ska göras').fill('Byta lås och dörrstängare till cykelrummet');
		await page.locator('#task-place').fill(PLACE);
		await page.getByLabel('Ansvarig organisation').selectOption({ label: 'Kopparstaden' });
		await page.getByLabel('Klart senast').fill(inDays(10));
		await page.getByRole('button', { name: 'Besluta insatsen' }).click();
		await expect(page.getByRole('listitem').filter({ hasText: 'Byta lås och dörrstängare till cykelrummet' })).toContainText('Beslutad');
		await expectNoViolations(page, 'an EST meeting');

		// The owner: the task is on the overview's "Att göra" and on the tasks page; they mark it done.
		const owner = await browser.newContext({ storageState: await sessionState(CARETAKER) });
		const ownerPage = await owner.newPage();
		await ownerPage.goto('/app/falun');
		await expect(ownerPage.getByRole('link', { name: /EST: Byta lås och dörrstängare till cykelrummet/ })).toBeVisible();
		await ownerPage.goto('/app/falun/est/rapportera');
		await expect(ownerPage.getByRole('listitem').filter({ hasText: PLACE })).toContainText('Åtgärd beslutad');
		await ownerPage.goto('/app/falun/est/uppgifter');
		const task = ownerPage.getByRole('article').filter({ hasText: 'Byta lås och dörrstängare till cykelrummet' });
		await task.getByLabel('Status').selectOption({ label: 'Klar' });
		await task.getByLabel('Kommentar').fill('Nytt lås monterat.');
		await task.getByRole('button', { name: 'Spara' }).click();
		await expect(ownerPage.getByText('Sparat.')).toBeVisible();
		await expectNoViolations(ownerPage, 'the EST tasks page');
		await ownerPage.goto('/app/falun/est/rapportera');
		await expect(ownerPage.getByRole('listitem').filter({ hasText: PLACE })).toContainText('Åtgärdad');

		// The next meeting checks it.
		await page.goto('/app/falun/est/moten');
		await page.getByLabel('Mötesdag').fill(today());
		await page.getByRole('button', { name: 'Registrera mötet' }).click();
		await expect(page).not.toHaveURL(firstMeeting);
		const check = page.getByRole('article').filter({ hasText: 'Byta lås och dörrstängare till cykelrummet' });
		await expect(check).toContainText('Klar: Nytt lås monterat.');
		await check.getByLabel('Status').selectOption({ label: 'Klar' });
		await check.getByLabel('Kommentar').fill('Kontrollerat på plats.');
		await check.getByRole('button', { name: 'Följ upp' }).click();
		await expect(page.getByRole('article').filter({ hasText: 'Byta lås och dörrstängare till cykelrummet' })).toContainText(
			'Följd upp: Klar – Kontrollerat på plats.'
		);

		await page.goto('/app/falun/logg?handelse=est.task.checked');
		await expect(page.getByRole('cell', { name: 'EST-uppgift följd upp på möte', exact: true }).first()).toBeVisible();
		await owner.close();
		await coordinator.close();
	});
});
