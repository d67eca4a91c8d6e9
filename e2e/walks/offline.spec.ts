import sharp from 'sharp';
import { BASE_URL, FALUN_COORDINATOR, expect, sessionState, test } from '../helpers';
import type { Page } from '@playwright/test';

const PHONE = { width: 390, height: 844 };
const TITLE = `Trygghetsvandring Norr offline ${Date.now().toString(36)}`;

async function queuedForms(page: Page) {
	return page.evaluate(
		() =>
			new Promise<{ id: string }[]>((resolve, reject) => {
				const open = indexedDB.open('forebygg-offline');
				open.onsuccess = () => {
					const request = open.result.transaction('forms').objectStore('forms').getAll();
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				};
			})
	);
}

test.describe.configure({ timeout: 120_000 });

test('a walk offline: route, stops and checklist stay on the phone; a finding with a photo is queued and sent once when back online', async ({ browser }) => {
	const context = await browser.newContext({
		baseURL: BASE_URL,
		viewport: PHONE,
		isMobile: true,
		hasTouch: true,
		storageState: await sessionState(FALUN_COORDINATOR),
		locale: 'sv-SE'
	});
	const page = await context.newPage();
	await page.goto('/app/falun/trygghetsvandringar/ny');
	await page.getByLabel('Vandringens namn').fill(TITLE);
	await page.getByLabel('Områdets namn').fill('Norr');
	await page.getByLabel('Arrangör').fill('Falu kommun');
	await page.getByLabel('Antal boende som väntas').fill('8');
	await page.getByLabel('Vandringen börjar').fill('2026-10-06T19:00');
	await page.getByLabel('Stopp längs rutten').fill('Norra torget | 60.6100, 15.6300\nGångvägen vid ån | 60.6110, 15.6320');
	await page.getByRole('button', { name: 'Spara vandringen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
	const walkPath = new URL(page.url()).pathname;
	await page.goto(walkPath);
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await expect.poll(() => page.evaluate(async (path) => !!(await caches.match(path)), walkPath), { timeout: 15_000 }).toBe(true);

	// Out of range: the walk's page opens from the phone with its stops and checklist.
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
	await expect(page.locator('summary', { hasText: 'B. Gångvägen vid ån' })).toBeVisible();
	await page.locator('summary', { hasText: 'A. Norra torget' }).click();
	await expect(page.getByRole('combobox', { name: 'Belysning' }).first(), 'the checklist').toBeVisible();
	const form = page.locator('form', { has: page.getByRole('button', { name: 'Spara bristen' }) });
	await form.getByLabel('Stopp', { exact: true }).selectOption({ label: 'B. Gångvägen vid ån' });
	await form.getByLabel('Kategori').selectOption('Belysning');
	await form.getByLabel('Beskrivning').fill('Tre lampor trasiga längs gångvägen.');
	const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#202030' } })
		.jpeg()
		.toBuffer();
	await form.getByLabel('Foton').setInputFiles({ name: 'lampor.jpg', mimeType: 'image/jpeg', buffer: photo });
	await page.getByRole('button', { name: 'Spara bristen' }).click();
	await expect(page.getByText('Sparad på telefonen: Belysning: Tre lampor trasiga längs gångvägen.', { exact: false })).toBeVisible();
	await expect(page.getByText('1 väntar på nät', { exact: false })).toBeVisible();
	expect(await queuedForms(page)).toHaveLength(1);

	// A second walker's phone sent the same finding before this one got its network back.
	const [queued] = (await queuedForms(page)) as { id: string; fields: [string, string | object][] }[];
	await context.setOffline(false);
	await expect(page.getByText('Skickad: Belysning: Tre lampor trasiga längs gångvägen.')).toBeVisible();
	expect(await queuedForms(page)).toHaveLength(0);
	const again = await page.request.post(`${walkPath}?/finding`, {
		headers: { Origin: BASE_URL, Accept: 'text/html' },
		multipart: Object.fromEntries(queued.fields.filter(([, value]) => typeof value === 'string')) as Record<string, string>
	});
	expect(again.status()).toBeLessThan(400);

	await page.goto(walkPath);
	await expect(page.getByRole('heading', { name: /^Brist \d+:/ })).toHaveCount(1);
	const card = page.locator('li.card', { hasText: 'Tre lampor trasiga längs gångvägen.' });
	await expect(card).toContainText('Gångvägen vid ån');
	await expect(card).toContainText('1 foton');
	await context.close();
});
