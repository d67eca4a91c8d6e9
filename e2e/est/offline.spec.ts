import { FALUN_COORDINATOR, expect, sessionState, test } from '../helpers';
import type { Page } from '@playwright/test';

const CARETAKER = 'kopparstaden@falun.demo';
const PHONE = { width: 390, height: 844 };
// A place no other spec uses, so the count of its reports is this spec's own.
const PLACE = `Tallrisvägen 77, källarförrådet ${Date.now() % 100000}`;
const today = () => new Date().toISOString().slice(0, 10);

/** Waits until the service worker runs this page and keeps the page itself. */
async function pageKeptOnPhone(page: Page) {
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await expect.poll(() => page.evaluate(async (path) => !!(await caches.match(path)), new URL(page.url()).pathname), { timeout: 15_000 }).toBe(true);
}

test.describe.configure({ timeout: 120_000 });

test('EST offline: a report written without network waits on the phone, is sent when the network is back, and is stored once', async ({ browser }) => {
	const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, storageState: await sessionState(CARETAKER) });
	const page = await context.newPage();
	await page.goto('/app/falun/est/rapportera');
	await pageKeptOnPhone(page);

	await context.setOffline(true);
	// The form page opens again without network (the service worker's copy), and runs.
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Rapportera en händelse' })).toBeVisible();
	await expect(page.getByText('Telefonen har inget nät.', { exact: false })).toBeVisible();

	await page.getByLabel('Vad gäller det?').selectOption('Nedskräpning');
	await page.getByLabel('Adress eller plats').fill(PLACE);
	await page.getByLabel('Kväll (18–24)').check();
	await page.getByLabel('2 – Märkbar', { exact: false }).check();
	await page.getByLabel('Beskriv kort vad du såg').fill('Sopsäckar dumpade vid källardörren.');
	await page.getByRole('button', { name: 'Skicka rapporten' }).click();
	await expect(page.getByText(`Sparad på telefonen: Nedskräpning, ${PLACE}.`, { exact: false })).toBeVisible();
	await expect(page.getByText('1 väntar på nät', { exact: false })).toBeVisible();
	await expect(page.getByLabel('Adress eller plats'), 'the form is cleared for the next report').toHaveValue('');
	const queued = await page.evaluate(
		() =>
			new Promise<{ id: string; fields: [string, string][] }[]>((resolve, reject) => {
				const open = indexedDB.open('forebygg-offline');
				open.onsuccess = () => {
					const request = open.result.transaction('forms').objectStore('forms').getAll();
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				};
			})
	);
	expect(queued).toHaveLength(1);
	const clientId = queued[0].id;

	await context.setOffline(false);
	await expect(page.getByText(`Skickad: Nedskräpning, ${PLACE}`)).toBeVisible();
	await expect(page.getByText('väntar på nät', { exact: false })).toHaveCount(0);
	await expect(page.getByRole('listitem').filter({ hasText: PLACE })).toContainText('Mottagen');

	// The queue sent again (a lost answer, a second tab), and the same form posted again: still one report.
	await page.evaluate(() => dispatchEvent(new Event('online')));
	const again = await page.request.post('/app/falun/est/rapportera', {
		headers: { Origin: new URL(page.url()).origin, Accept: 'text/html' },
		multipart: Object.fromEntries(queued[0].fields)
	});
	expect(again.status()).toBeLessThan(400);
	await page.reload();
	await expect(page.getByRole('listitem').filter({ hasText: PLACE })).toHaveCount(1);
	expect(clientId).toMatch(/^[\w-]{8,64}$/);
	await context.close();

	// The coordinator finds it on the server, once.
	const coordinator = await browser.newContext({ storageState: await sessionState(FALUN_COORDINATOR) });
	const csv = await coordinator.request.get(`/app/falun/est/export?format=csv&fran=${today()}&till=${today()}`);
	expect(csv.status()).toBe(200);
	expect((await csv.text()).split('\n').filter((line) => line.includes(PLACE))).toHaveLength(1);
	await coordinator.close();
});
