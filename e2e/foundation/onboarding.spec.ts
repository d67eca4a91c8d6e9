import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request as playwrightRequest, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ADMIN, BASE_URL, DEMO_PASSWORD, expect, expectNoViolations, FORM_HEADERS, newApiContext, sessionState, test } from '../helpers';

/**
 * A new municipality joins, as its people would do it: the admin adds Leksand from the list of
 * Sweden's municipalities and invites its coordinator; the coordinator accepts, adds
 * organisations and invites a partner, who sees Leksand only. A police area serving Falun and
 * Leksand sees both side by side. Deleting Leksand (after its export) leaves nothing of it.
 */

const PASSWORD = 'leksand-lösenord-1';

async function contextFor(browser: Browser, email: string | null): Promise<BrowserContext> {
	return browser.newContext({ baseURL: BASE_URL, storageState: email ? await sessionState(email) : undefined });
}

/** The newest invitation link mailed to `to`, read where the admin reads mail without SMTP: the outbox. */
async function invitationLink(admin: Page, to: string): Promise<string> {
	await admin.goto('/app/admin/utkorg');
	const mail = admin.locator('article', { hasText: `Till ${to}` }).first();
	await expect(mail).toBeVisible();
	const body = await mail.locator('pre').innerText();
	const link = /https?:\/\/[^\s]+\/inbjudan\/[\w-]+/.exec(body)?.[0];
	expect(link, `an invitation link in the mail to ${to}`).toBeTruthy();
	return new URL(link!).pathname;
}

async function acceptWithPassword(page: Page, link: string) {
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inbjudan till Förebygg');
	await expectNoViolations(page, 'the invitation page');
	await page.getByLabel('Nytt lösenord', { exact: false }).first().fill(PASSWORD);
	await page.getByLabel('Upprepa', { exact: false }).fill(PASSWORD);
	await page.getByRole('button', { name: 'Skapa kontot och logga in' }).click();
}

test.describe.serial('onboarding a municipality', () => {
	// Whole journeys of several people, with an accessibility check on each new page.
	test.describe.configure({ timeout: 240_000 });
	let leksandId = '';

	test('the admin adds Leksand from the 290 and invites its coordinator, who accepts', async ({ browser }) => {
		const adminContext = await contextFor(browser, ADMIN);
		const admin = await adminContext.newPage();
		await admin.goto('/app/admin/kommuner');
		await expectNoViolations(admin, 'the municipalities page');
		await admin.getByLabel('Kommun', { exact: true }).selectOption({ label: 'Leksand (2029, Dalarnas län)' });
		await admin.getByRole('button', { name: 'Lägg till kommunen' }).click();
		await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Leksand');
		await expect(admin.getByRole('status')).toContainText('Leksand är tillagd');
		leksandId = admin.url().split('/app/admin/kommuner/')[1].split('?')[0];
		await expect(admin.locator('dd').first()).toHaveText('2029');
		await expectNoViolations(admin, 'a municipality of the admin');

		await admin.getByRole('link', { name: 'Organisationer och användare i Leksand' }).click();
		await admin.locator('#invite-name').fill('Lisa Leksand');
		await admin.locator('#invite-email').fill('samordnare@leksand.se');
		await admin.locator('#invite-organisationId').selectOption({ label: 'Leksands kommun' });
		await admin.locator('#invite-role').selectOption('samordnare');
		await admin.getByRole('button', { name: 'Skicka inbjudan' }).click();
		await expect(admin.getByRole('status')).toHaveText('Inbjudan är skickad.');
		await expect(admin.getByRole('region', { name: 'Väntande inbjudningar' })).toContainText('samordnare@leksand.se');

		const link = await invitationLink(admin, 'samordnare@leksand.se');
		const coordinatorContext = await contextFor(browser, null);
		const coordinator = await coordinatorContext.newPage();
		await acceptWithPassword(coordinator, link);
		await expect(coordinator).toHaveURL(/\/app\/leksand$/);
		// The link works once.
		await coordinator.goto(link);
		await expect(coordinator.getByText('Länken är ogiltig')).toBeVisible();

		// The coordinator adds organisations and invites a partner.
		await coordinator.goto('/app/leksand/organisationer');
		await expectNoViolations(coordinator, "Leksand's organisations");
		await coordinator.locator('#createOrganisation-name').fill('Leksandsbostäder');
		await coordinator.locator('#createOrganisation-type').selectOption('bostadsbolag');
		await coordinator.getByRole('button', { name: 'Lägg till organisationen' }).click();
		await expect(coordinator.getByRole('status')).toHaveText('Organisationen är tillagd.');
		await coordinator.goto('/app/leksand/organisationer');
		await coordinator.locator('#createOrganisation-name').fill('Leksands bibliotek');
		await coordinator.locator('#createOrganisation-type').selectOption('kommunal_forvaltning');
		await coordinator.getByRole('button', { name: 'Lägg till organisationen' }).click();
		await expect(coordinator.getByRole('region', { name: 'Organisationer' })).toContainText('Leksands bibliotek');
		await coordinator.locator('#invite-name').fill('Petra Partner');
		await coordinator.locator('#invite-email').fill('petra@leksandsbostader.se');
		await coordinator.locator('#invite-organisationId').selectOption({ label: 'Leksandsbostäder' });
		await coordinator.locator('#invite-role').selectOption('medarbetare');
		await coordinator.getByRole('button', { name: 'Skicka inbjudan' }).click();
		await expect(coordinator.getByRole('status')).toHaveText('Inbjudan är skickad.');

		// The partner accepts and sees Leksand, and only Leksand.
		const partnerLink = await invitationLink(admin, 'petra@leksandsbostader.se');
		const partnerContext = await contextFor(browser, null);
		const partner = await partnerContext.newPage();
		await acceptWithPassword(partner, partnerLink);
		await expect(partner).toHaveURL(/\/app\/leksand$/);
		const seen = await partner.request.get('/api/v1/kommuner');
		expect(((await seen.json()) as { slug: string }[]).map((m) => m.slug)).toEqual(['leksand']);
		expect((await partner.request.get('/app/falun', { maxRedirects: 0 })).status()).toBe(403);
		expect((await partner.request.get('/app/leksand/organisationer', { maxRedirects: 0 })).status()).toBe(403);
		await Promise.all([adminContext.close(), coordinatorContext.close(), partnerContext.close()]);
	});

	test('a police area serving Falun and Leksand sees both on its overview', async ({ browser }) => {
		const adminContext = await contextFor(browser, ADMIN);
		const admin = await adminContext.newPage();
		await admin.goto(`/app/admin/kommuner/${leksandId}`);
		await admin.getByLabel('Organisation från en annan kommun').selectOption({ label: 'Lokalpolisområde Falun' });
		await admin.getByRole('button', { name: 'Låt organisationen arbeta i Leksand' }).click();
		await expect(admin.getByRole('status')).toHaveText('Organisationen arbetar nu även här.');

		// One membership for the area's officer, given by the admin for the whole area.
		await admin.goto('/app/leksand/organisationer');
		await admin.locator('#invite-name').fill('Olle Områdespolis');
		await admin.locator('#invite-email').fill('olle@polisen.se');
		await admin.locator('#invite-organisationId').selectOption({ label: 'Lokalpolisområde Falun' });
		await admin.locator('#invite-role').selectOption('medarbetare');
		await admin.locator('#invite-area-wide').check();
		await admin.getByRole('button', { name: 'Skicka inbjudan' }).click();
		await expect(admin.getByRole('status')).toHaveText('Inbjudan är skickad.');
		const link = await invitationLink(admin, 'olle@polisen.se');
		const officerContext = await contextFor(browser, null);
		const officer = await officerContext.newPage();
		await acceptWithPassword(officer, link);
		await officer.goto('/app/omrade/lokalpolisomrade-falun');
		await expect(officer.getByRole('heading', { level: 1 })).toHaveText('Lokalpolisområde Falun');
		await expect(officer.getByRole('heading', { level: 2, name: 'Falun' })).toBeVisible();
		await expect(officer.getByRole('heading', { level: 2, name: 'Leksand' })).toBeVisible();
		// Falun's demo data shows in its column: its promises and its lägesbild figures.
		const falun = officer.locator('section', { has: officer.getByRole('heading', { level: 2, name: 'Falun' }) });
		await expect(falun).toContainText('anmälda brott');
		await expectNoViolations(officer, 'the police area overview');
		const seen = await officer.request.get('/api/v1/kommuner');
		expect(((await seen.json()) as { slug: string }[]).map((m) => m.slug).sort()).toEqual(['falun', 'leksand']);
		await Promise.all([adminContext.close(), officerContext.close()]);
	});

	test('deleting Leksand takes its export first and leaves none of it', async ({ browser }) => {
		const adminContext = await contextFor(browser, ADMIN);
		const admin = await adminContext.newPage();
		await admin.goto(`/app/admin/kommuner/${leksandId}`);
		await admin.getByLabel('Skriv kommunens namn', { exact: false }).fill('Leksand');
		await admin.getByLabel('Jag har laddat ner och sparat kommunens export').check();
		await admin.getByRole('button', { name: 'Ta bort Leksand för gott' }).click();
		await expect(admin.getByRole('alert')).toContainText('Ladda ner kommunens export först');

		const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Ladda ner export (JSON)' }).click()]);
		const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
		expect(file.municipality.scbCode).toBe('2029');
		expect(file.tables.organisations.map((o: { name: string }) => o.name).sort()).toEqual(['Leksands bibliotek', 'Leksands kommun', 'Leksandsbostäder']);
		await admin.goto(`/app/admin/kommuner/${leksandId}`);
		await admin.getByLabel('Skriv kommunens namn', { exact: false }).fill('Leksand');
		await admin.getByLabel('Jag har laddat ner och sparat kommunens export').check();
		await admin.getByRole('button', { name: 'Ta bort Leksand för gott' }).click();
		await expect(admin.getByRole('status')).toContainText('Leksand och allt som hörde till kommunen är borttaget.');

		const api = await newApiContext(ADMIN);
		const listed = (await (await api.get('/api/v1/admin/kommuner')).json()) as { scbCode: string }[];
		expect(listed.map((m) => m.scbCode)).not.toContain('2029');
		// Its people went with it (they worked nowhere else); the police officer keeps Falun.
		for (const email of ['samordnare@leksand.se', 'petra@leksandsbostader.se']) {
			const anonymous = await playwrightRequest.newContext({ baseURL: BASE_URL });
			const response = await anonymous.post('/login', { form: { email, password: PASSWORD, next: '/app' }, headers: FORM_HEADERS, maxRedirects: 0 });
			expect(response.status(), email).toBe(400);
			await anonymous.dispose();
		}
		const officer = await playwrightRequest.newContext({ baseURL: BASE_URL });
		const signedIn = await officer.post('/login', {
			form: { email: 'olle@polisen.se', password: PASSWORD, next: '/app' },
			headers: FORM_HEADERS,
			maxRedirects: 0
		});
		expect(signedIn.status()).toBe(303);
		expect(((await (await officer.get('/api/v1/kommuner')).json()) as { slug: string }[]).map((m) => m.slug)).toEqual(['falun']);
		// The audit log keeps the municipality's history, including its deletion.
		const log = await admin.request.get('/app/admin/logg');
		expect(await log.text()).toContain('Kommun borttagen');
		await Promise.all([adminContext.close(), api.dispose(), officer.dispose()]);
	});
});

test.describe('first run without demo data', () => {
	let server: ChildProcess | null = null;
	let dataDir = '';
	test.afterAll(() => {
		server?.kill('SIGTERM');
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	test('DEMO=0 on an empty data directory leads to the set-up page; its token works once', async () => {
		test.setTimeout(120_000);
		dataDir = mkdtempSync(path.join(tmpdir(), 'forebygg-demo0-'));
		const port = Number(process.env.E2E_PORT ?? 3100) + 50;
		const origin = `http://localhost:${port}`;
		server = spawn(process.execPath, [path.join(process.env.BUILD_DIR ?? 'build', 'index.js')], {
			env: { ...process.env, PORT: String(port), ORIGIN: origin, DATA_DIR: dataDir, DEMO: '0', FOREBYGG_DEMO: '', FOREBYGG_LOG: '', SCHEDULER: '0' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let log = '';
		const token = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no set-up link in the server log:\n${log}`)), 90_000);
			const read = (chunk: Buffer) => {
				log += chunk.toString();
				const found = /\/konfigurera\?token=([\w-]+)/.exec(log);
				if (found) {
					clearTimeout(timer);
					resolve(found[1]);
				}
			};
			server!.stderr!.on('data', read);
			server!.stdout!.on('data', read);
		});
		const api = await playwrightRequest.newContext({ baseURL: origin });
		// The link is logged while the server starts; it may not listen yet.
		await expect.poll(async () => (await api.get('/healthz').catch(() => null))?.status() ?? 0, { timeout: 60_000 }).toBe(200);
		const headers = { Origin: origin, Accept: 'text/html,application/xhtml+xml' };
		const first = await api.get('/', { maxRedirects: 0 });
		expect(first.status()).toBe(303);
		expect(first.headers().location).toBe('/konfigurera');
		expect((await api.get('/login', { maxRedirects: 0 })).headers().location).toBe('/konfigurera');
		const page = await api.get(`/konfigurera?token=${token}`);
		expect(page.status()).toBe(200);
		expect(await page.text()).toContain('Kom igång med Förebygg');

		const form = { token, name: 'Första Admin', email: 'admin@kommun.se', password: PASSWORD, confirm: PASSWORD };
		const wrong = await api.post('/konfigurera', { form: { ...form, token: 'fel-kod' }, headers, maxRedirects: 0 });
		expect(wrong.status()).toBe(403);
		const created = await api.post('/konfigurera', { form, headers, maxRedirects: 0 });
		expect(created.status()).toBe(303);
		expect(created.headers().location).toBe('/app/admin/kommuner');
		const again = await playwrightRequest.newContext({ baseURL: origin });
		// The token is spent: a second admin is refused, and the set-up page now sends to the login.
		const second = await again.post('/konfigurera', { form: { ...form, email: 'andra@kommun.se' }, headers, maxRedirects: 0 });
		expect(second.headers().location).toBe('/login');
		const impostor = await again.post('/login', { form: { email: 'andra@kommun.se', password: PASSWORD, next: '/app' }, headers, maxRedirects: 0 });
		expect(impostor.status()).toBe(400);
		expect((await again.get('/konfigurera', { maxRedirects: 0 })).headers().location).toBe('/login');
		const municipalities = await api.get('/api/v1/admin/kommuner');
		expect(await municipalities.json()).toEqual([]);
		expect(DEMO_PASSWORD).not.toBe(PASSWORD);
		await Promise.all([api.dispose(), again.dispose()]);
	});
});
