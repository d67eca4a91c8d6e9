import { request } from '@playwright/test';
import { BASE_URL, FALUN_COORDINATOR, expect, expectNoViolations, sessionState, test } from '../helpers';

const CARETAKER = 'kopparstaden@falun.demo';
const csv = (rows: string[]) => ({ name: 'kopparstaden-logg.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + rows.join('\r\n'), 'utf8') });
const HEADER = 'Datum;Klockslag;Händelsetyp;Adress;Notering';
const day = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);

test.describe.configure({ timeout: 120_000 });

test.describe('EST intake from other systems', () => {
	test('a partner’s log is imported all or nothing, without JavaScript; each rejected row is named', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false, storageState: await sessionState(FALUN_COORDINATOR) });
		const page = await context.newPage();
		await page.goto('/app/falun/est');
		await page.getByRole('link', { name: 'Importera logg' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Importera händelselogg' })).toBeVisible();
		await page.getByRole('button', { name: 'Ladda upp' }).click();
		await expect(page.getByRole('link', { name: 'Välj vems logg det är.' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Välj en fil.' })).toBeVisible();

		await page.getByLabel('Vems logg').selectOption({ label: 'Kopparstaden' });
		await page
			.getByLabel('Fil (CSV eller Excel)')
			.setInputFiles(
				csv([
					HEADER,
					`${day(3)};22:10;Klotter;Importgatan 1;Tags på soprummet`,
					`${day(2)};kväll;Okänd sak;Importgatan 2;Kontakta 19811218-9876`,
					`${day(1)};natt;Skadegörelse;Importgatan 3;Krossad ruta`
				])
			);
		await page.getByRole('button', { name: 'Ladda upp' }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Vilken kolumn är vad?' })).toBeVisible();
		await expect(page.getByLabel('Datum', { exact: true })).toHaveValue('Datum');
		await expect(page.getByLabel('Kategori', { exact: true })).toHaveValue('Händelsetyp');
		await page.getByRole('button', { name: 'Kontrollera raderna' }).click();
		await expect(page.getByText('2 rader kan importeras.')).toBeVisible();
		await expect(page.getByText('1 rad går inte att läsa.', { exact: false })).toBeVisible();
		const rejected = page.getByRole('table', { name: 'Rader som inte går att läsa' });
		await expect(rejected).toContainText('Händelsetyp');
		await expect(rejected).toContainText('Notering');
		await expect(rejected.getByRole('rowheader', { name: '3' })).toBeVisible();
		await expect(page.getByRole('button', { name: /Importera/ })).toHaveCount(0);

		// The corrected file goes in whole.
		await page.getByRole('link', { name: 'Ladda upp en annan fil' }).click();
		await page.getByLabel('Vems logg').selectOption({ label: 'Kopparstaden' });
		await page
			.getByLabel('Fil (CSV eller Excel)')
			.setInputFiles(
				csv([
					HEADER,
					`${day(3)};22:10;Klotter;Importgatan 1;Tags på soprummet`,
					`${day(2)};kväll;Samling som upplevs hotfull;Importgatan 2;Grupp vid entrén`,
					`${day(1)};natt;Skadegörelse;Importgatan 3;Krossad ruta`
				])
			);
		await page.getByRole('button', { name: 'Ladda upp' }).click();
		await page.getByRole('button', { name: 'Kontrollera raderna' }).click();
		await page.getByRole('button', { name: 'Importera 3 rapporter' }).click();
		await expect(page.getByText('3 rapporter importerades.')).toBeVisible();

		await page.goto('/app/falun/logg?handelse=est.reports.imported');
		await expect(page.getByRole('cell', { name: 'EST-rapporter importerade', exact: true }).first()).toBeVisible();
		await context.close();
	});

	test('the import pages pass axe', async ({ browser }) => {
		const context = await browser.newContext({ storageState: await sessionState(FALUN_COORDINATOR) });
		const page = await context.newPage();
		await page.goto('/app/falun/est/import');
		await expectNoViolations(page, 'the EST import page');
		await page.getByLabel('Vems logg').selectOption({ label: 'Kopparstaden' });
		await page.getByLabel('Fil (CSV eller Excel)').setInputFiles(csv([HEADER, `${day(1)};natt;Klotter;Importgatan 9;Tags`]));
		await page.getByRole('button', { name: 'Ladda upp' }).click();
		await page.getByRole('button', { name: 'Kontrollera raderna' }).click();
		await expect(page.getByText('1 rad kan importeras.')).toBeVisible();
		await expectNoViolations(page, 'the EST import mapping and check');
		await context.close();
	});

	test('Open311 GeoReport v2: a guard system posts a request with a personal API key and follows it', async ({ browser }) => {
		const context = await browser.newContext({ storageState: await sessionState(CARETAKER) });
		const page = await context.newPage();
		await page.goto('/app/konto');
		await page.getByLabel('Namn på nyckeln').fill('Väktarsystemet');
		await page.getByLabel('Giltighetstid').selectOption('30');
		await page.getByRole('button', { name: 'Skapa nyckel' }).click();
		const token = (await page.locator('code.token').textContent())!.trim();
		await context.close();

		const anonymous = await request.newContext({ baseURL: BASE_URL });
		const system = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
		try {
			const refused = await anonymous.get('/api/open311/v2/services.json?jurisdiction_id=falun');
			expect(refused.status()).toBe(401);
			expect((await refused.json())[0]).toMatchObject({ code: 401 });

			const services = await system.get('/api/open311/v2/services.json?jurisdiction_id=falun');
			expect(services.status()).toBe(200);
			expect(await services.json()).toEqual(expect.arrayContaining([expect.objectContaining({ service_code: 'klotter', service_name: 'Klotter' })]));

			// GeoReport's fields with the key as api_key, sent as JSON (a form-encoded post must carry the server's Origin: the framework's CSRF check).
			const posted = await anonymous.post('/api/open311/v2/requests.json', {
				data: {
					api_key: token,
					jurisdiction_id: 'falun',
					service_code: 'belysning-ur-funktion',
					address_string: 'Väktarvägen 4',
					lat: '60.6034',
					long: '15.6262',
					description: 'Lampan vid entrén är trasig',
					'attribute[paverkan]': '3'
				}
			});
			expect(posted.status()).toBe(201);
			const [{ service_request_id: id }] = await posted.json();
			const one = await system.get(`/api/open311/v2/requests/${id}.json?jurisdiction_id=falun`);
			expect(await one.json()).toEqual([
				expect.objectContaining({ service_request_id: id, status: 'open', status_notes: 'Mottagen', address: 'Väktarvägen 4' })
			]);
			const listed = await system.get('/api/open311/v2/requests.json?jurisdiction_id=falun&status=open&service_code=belysning-ur-funktion');
			expect((await listed.json()).map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);

			// Form fields as GeoReport v2 describes them, from a server that names this origin.
			const withNumber = await system.post('/api/open311/v2/requests.json', {
				headers: { Origin: BASE_URL },
				form: { jurisdiction_id: 'falun', service_code: 'klotter', address_string: 'Stationen', description: 'Gäller 19811218-9876' }
			});
			expect(withNumber.status()).toBe(400);
			expect(JSON.stringify(await withNumber.json())).toContain('personnummer');

			const openapi = await system.get('/api/v1/openapi.json');
			expect(Object.keys((await openapi.json()).paths)).toEqual(expect.arrayContaining(['/open311/v2/services.json', '/open311/v2/requests.json']));
		} finally {
			await Promise.all([anonymous.dispose(), system.dispose()]);
		}
	});
});
