import { ADMIN, BASE_URL, FALUN_COORDINATOR, expect, expectNoViolations, sessionState, test } from '../helpers';
import type { Browser, Page } from '@playwright/test';

const TITLE = `Trygghetsvandring Hosjö ${Date.now().toString(36)}`;

async function pageAs(browser: Browser, email: string, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ baseURL: BASE_URL, storageState: await sessionState(email), javaScriptEnabled, locale: 'sv-SE' });
	return context.newPage();
}

/** The subjects of the outbox's mails about the walk (read where the admin reads mail without SMTP). */
async function invitationSubjects(browser: Browser): Promise<string[]> {
	const admin = await pageAs(browser, ADMIN);
	await admin.goto('/app/admin/utkorg');
	const text = await admin.locator('main').innerText();
	await admin.context().close();
	return text.split('\n').filter((line) => line.includes(TITLE) && /inbjudan/i.test(line));
}

test.describe.serial('changing a planned walk', () => {
	test.describe.configure({ timeout: 240_000 });
	let walkPath = '';

	test('without JavaScript: planning mails the invited organisation one invitation per meeting', async ({ browser }) => {
		const page = await pageAs(browser, FALUN_COORDINATOR, false);
		await page.goto('/app/falun/trygghetsvandringar/ny');
		await expect(page.getByRole('application', { name: 'Karta för att rita vandringens rutt, område och stopp' })).toHaveCount(0);
		await page.getByLabel('Vandringens namn').fill(TITLE);
		await page.getByLabel('Områdets namn').fill('Hosjö');
		await page.getByLabel('Samlingsplats').fill('Hosjö kyrka');
		await page.getByLabel('Arrangör').fill('Falu kommun');
		await page.getByLabel('Kopparstaden').check();
		await page.getByLabel('Antal boende som väntas').fill('10');
		await page.getByLabel('Förmöte').fill('2026-10-01T18:00');
		await page.getByLabel('Vandringen börjar').fill('2026-10-08T19:00');
		await page.getByLabel('Uppföljningsmöte').fill('2026-10-29T18:00');
		await page.getByLabel('Stopp längs rutten').fill('Kyrkan | 60.5890, 15.6900\nBadplatsen');
		await page.getByRole('button', { name: 'Spara vandringen' }).click();
		await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
		walkPath = new URL(page.url()).pathname;
		await page.context().close();
		const subjects = await invitationSubjects(browser);
		for (const meeting of ['förmötet', 'trygghetsvandringen', 'uppföljningsmötet'])
			expect(
				subjects.some((s) => s.includes(`Inbjudan: ${meeting}`)),
				`an invitation to ${meeting}`
			).toBe(true);
	});

	test('without JavaScript: the coordinator changes time, stops and invited; the change is saved, logged and the invitations resent', async ({ browser }) => {
		const page = await pageAs(browser, FALUN_COORDINATOR, false);
		await page.goto('/app/falun/trygghetsvandringar');
		await page
			.getByRole('row', { name: new RegExp(TITLE) })
			.getByRole('link', { name: 'Ändra', exact: true })
			.click();
		await expect(page.getByRole('heading', { level: 1, name: `Ändra planeringen: ${TITLE}` })).toBeVisible();
		// The form starts from the stored plan.
		await expect(page.getByLabel('Vandringen börjar')).toHaveValue('2026-10-08T19:00');
		await expect(page.getByLabel('Kopparstaden')).toBeChecked();
		await expect(page.getByLabel('Stopp längs rutten')).toHaveValue('Kyrkan | 60.589, 15.69\nBadplatsen');
		await page.getByLabel('Vandringen börjar').fill('2026-10-09T19:30');
		await page.getByLabel('Antal boende som väntas').fill('24');
		await page.getByLabel('Stopp längs rutten').fill('Kyrkan | 60.5890, 15.6900\nBadplatsen\nSkolan');
		await page.getByLabel('Lokalpolisområde Falun').check();
		// A mistake is named at its field and the typed values stay.
		await page.getByLabel('Uppföljningsmöte').fill('2026-10-02T18:00');
		await page.getByRole('button', { name: 'Spara ändringarna' }).click();
		await expect(page.getByText('Uppföljningsmötet ska vara efter vandringen.').first()).toBeVisible();
		await expect(page.getByLabel('Antal boende som väntas')).toHaveValue('24');
		await page.getByLabel('Uppföljningsmöte').fill('2026-10-29T18:00');
		await page.getByRole('button', { name: 'Spara ändringarna' }).click();
		await expect(page.getByText(/Ändringarna är sparade\. [1-9]\d* inbjudningar skickades med e-post\./)).toBeVisible();
		await page.goto(walkPath);
		await expect(page.getByText('Fler än 20 boende väntas.', { exact: false })).toBeVisible();
		await expect(page.getByText('Vandring: 2026-10-09 19:30', { exact: false })).toBeVisible();
		await expect(page.getByText('Kopparstaden, Lokalpolisområde Falun')).toBeVisible();
		await page.context().close();
		const subjects = await invitationSubjects(browser);
		expect(subjects.some((s) => s.includes('Ändrad inbjudan: trygghetsvandringen 9 oktober 2026'))).toBe(true);
		// The police, newly invited, get the pre-meeting too; Kopparstaden does not get it again (it did not change).
		expect(subjects.filter((s) => s.includes('Ändrad inbjudan: förmötet')).length).toBeGreaterThan(0);
		const admin = await pageAs(browser, ADMIN);
		await admin.goto('/app/falun/logg');
		await expect(admin.getByRole('cell', { name: 'Trygghetsvandring ändrad' }).first()).toBeVisible();
		await expect(admin.getByRole('cell', { name: 'Inbjudningar till trygghetsvandring skickade' }).first()).toBeVisible();
		await admin.context().close();
	});

	test('with JavaScript: the warning above 20 shows as it is typed, and the route is drawn on the map', async ({ browser }) => {
		const page = await pageAs(browser, FALUN_COORDINATOR);
		await page.goto(`${walkPath}/andra`);
		await page.getByLabel('Antal boende som väntas').fill('21');
		await expect(page.getByText('Fler än 20 boende väntas.', { exact: false })).toBeVisible();
		await page.getByLabel('Antal boende som väntas').fill('8');
		await expect(page.getByText('Fler än 20 boende väntas.', { exact: false })).toHaveCount(0);
		const map = page.getByRole('application', { name: 'Karta för att rita vandringens rutt, område och stopp' });
		await expect(map).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
		await expectNoViolations(page, 'the edit page with the drawing map');
		const canvas = map.locator('canvas.maplibregl-canvas');
		const box = (await canvas.boundingBox())!;
		for (const [x, y] of [
			[0.3, 0.5],
			[0.5, 0.45],
			[0.7, 0.5]
		])
			await canvas.click({ position: { x: box.width * x, y: box.height * y } });
		await expect(page.getByText('Rutten har 3 punkter.')).toBeVisible();
		await page.getByRole('radio', { name: 'Område' }).check();
		for (const [x, y] of [
			[0.2, 0.2],
			[0.8, 0.2],
			[0.8, 0.8],
			[0.2, 0.8]
		])
			await canvas.click({ position: { x: box.width * x, y: box.height * y } });
		await expect(page.getByText('Området har 4 hörn.')).toBeVisible();
		// The stops: Badplatsen has no place yet; the next click gives it one.
		await page.getByRole('radio', { name: 'Stoppens platser' }).check();
		await expect(page.getByText('Nästa klick placerar: Badplatsen')).toBeVisible();
		await canvas.click({ position: { x: box.width * 0.5, y: box.height * 0.45 } });
		await expect(page.getByLabel('Stopp längs rutten')).toHaveValue(/Badplatsen \| \d+\.\d+, \d+\.\d+/);
		await page.getByRole('button', { name: 'Spara ändringarna' }).click();
		await expect(page.getByText(/Ändringarna är sparade\./)).toBeVisible();
		await page.goto(`${walkPath}/karta`);
		await expect(page.getByTestId('walk-live-map')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
		await expect(page.getByText('Vandringen har bara ett områdesnamn', { exact: false })).toHaveCount(0);
		await page.context().close();
	});
});
