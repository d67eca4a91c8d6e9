import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { FALUN_COORDINATOR, FALUN_READER, FORM_HEADERS, SUNNE_COORDINATOR, expect, expectNoViolations, newApiContext, test } from '../helpers';

const FALUN_SLUG = 'lokalpolisomrade-falun-och-falu-kommun-2022';
const SUNNE_SLUG = '2021-2022-forlangt-till-2024';
const FALUN_SEED = readFileSync(path.resolve('src/lib/server/modules/promises/fixtures/falun-2022-sig.pdf.txt'), 'utf8');
/** The form refuses messages sent sooner than this after the page was fetched. */
const FILL_TIME_MS = 3_300;

test.describe('medborgarlöften in the app', () => {
	test.use({ signedInAs: FALUN_COORDINATOR });

	test('a promise entered by hand with measurable targets shows target against outcome and met or not met on the public page after a follow-up', async ({
		page,
		browser
	}) => {
		const title = `Tryggare Norslund ${Date.now()}`;
		await page.goto('/app/falun/medborgarloften');
		await page.getByRole('link', { name: 'Skriv ett nytt löfte' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Nytt medborgarlöfte' })).toBeVisible();
		await expectNoViolations(page, 'the new-promise form');

		await page.getByLabel('Rubrik', { exact: true }).fill(title);
		await page.getByLabel('Period, startår').fill('2025');
		await page.getByLabel('Period, slutår').fill('2026');
		await page.getByLabel('Polisen lovar att', { exact: true }).fill('Vara synliga i Norslund fredagskvällar.\nHålla trygghetsvandringar med de boende.');
		await page.getByLabel('Falu kommun lovar att', { exact: true }).fill('Starta grannsamverkan i nya områden.');
		await page.getByLabel('Vad invånarna sa (1)').fill('Mörkt och otryggt vid gångtunneln under Norslundsvägen.');
		await page.getByLabel('Antal som svarade').fill('412');
		const first = page.getByRole('group', { name: 'Aktivitet 1' });
		await first.getByLabel('Aktivitet', { exact: true }).fill('Grannsamverkan i nya områden');
		await first.getByLabel('Ansvarig').fill('Falu kommun');
		await first.getByLabel('Mätbart mål: antal').fill('8');
		const second = page.getByRole('group', { name: 'Aktivitet 2' });
		await second.getByLabel('Aktivitet', { exact: true }).fill('Trygghetsvandringar i Norslund');
		await second.getByLabel('Mätbart mål: antal').fill('4');
		await second.getByLabel('Mätbart mål: enhet').fill('trygghetsvandringar');
		await page.getByLabel('Forum för uppföljningen').fill('Faluns BRÅ');
		await page.getByLabel('Nästa offentliga uppföljning').fill('2026-12-10');
		await page.getByLabel('Interna anteckningar').fill('INTERN-ANTECKNING: budgeten är inte beslutad');

		// A target without a unit is refused with the message at the field and in the summary.
		await page.getByRole('button', { name: 'Spara som utkast' }).click();
		const summary = page.locator('.error-summary');
		await expect(summary).toContainText('Ange både målvärde och enhet');
		await expect(page.locator('#field-activities-0-targetValue-error')).toContainText('Ange både målvärde och enhet');
		await expect(page.getByLabel('Rubrik', { exact: true })).toHaveValue(title);
		await expectNoViolations(page, 'the new-promise form with errors');
		await summary.getByRole('link').first().click();
		await expect(page.locator('#field-activities-0-targetValue')).toBeFocused();

		await page.getByRole('group', { name: 'Aktivitet 1' }).getByLabel('Mätbart mål: enhet').fill('nya områden med grannsamverkan');
		await page.getByRole('button', { name: 'Spara som utkast' }).click();
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await expect(page.getByText('Löftet är inte publicerat.')).toBeVisible();
		await expectNoViolations(page, 'the promise page in the app');

		// Not public before it is published.
		const anonymous = await browser.newContext();
		const visitor = await anonymous.newPage();
		await visitor.goto('/falun');
		await expect(visitor.getByRole('link', { name: title })).toHaveCount(0);

		await page.getByLabel('Status', { exact: true }).selectOption('publicerat');
		await page.getByRole('button', { name: 'Spara status' }).click();
		await expect(page.getByText('Ändringen är sparad.')).toBeVisible();

		await page.getByRole('link', { name: 'Följ upp' }).click();
		await expectNoViolations(page, 'the follow-up form');
		await page.getByLabel('Datum för uppföljningen').fill('2025-12-10');
		await page.getByLabel('Sammanfattning').fill('Första året: fler områden än vi lovade, färre vandringar.');
		await page
			.getByRole('group', { name: /^Aktivitet 1:/ })
			.getByLabel(/Uppnått antal/)
			.fill('9');
		await page
			.getByRole('group', { name: /^Aktivitet 2:/ })
			.getByLabel(/Uppnått antal/)
			.fill('2');
		await page
			.getByRole('group', { name: /^Aktivitet 2:/ })
			.getByLabel('Vad har gjorts')
			.fill('Två vandringar under hösten.');
		await page.getByRole('button', { name: 'Spara uppföljningen' }).click();
		await expect(page.getByText('Ändringen är sparad.')).toBeVisible();
		await expect(page.getByRole('listitem').filter({ hasText: '2025-12-10' })).toContainText('publicerad');

		// The citizen's view.
		await visitor.goto('/falun');
		await visitor.getByRole('link', { name: title }).click();
		await expect(visitor.getByRole('heading', { level: 1, name: title })).toBeVisible();
		const met = visitor.getByRole('row', { name: /Grannsamverkan i nya områden/ });
		await expect(met).toContainText('8 nya områden med grannsamverkan');
		await expect(met).toContainText('9 nya områden med grannsamverkan');
		await expect(met).toContainText('Målet är nått');
		await expect(met).toContainText('Uppfyllt');
		const notMet = visitor.getByRole('row', { name: /Trygghetsvandringar i Norslund/ });
		await expect(notMet).toContainText('4 trygghetsvandringar');
		await expect(notMet).toContainText('2 trygghetsvandringar');
		await expect(notMet).toContainText('Målet är inte nått');
		await expect(notMet).toContainText('Delvis uppfyllt');
		await expect(visitor.getByText('Mörkt och otryggt vid gångtunneln under Norslundsvägen.')).toBeVisible();
		await expect(visitor.getByText('Polisen lovar att', { exact: true })).toBeVisible();
		await expect(visitor.locator('body')).not.toContainText('INTERN-ANTECKNING');
		await expectNoViolations(visitor, 'the new public promise page');

		// The follow-up reaches the feeds.
		const atom = await visitor.request.get('/falun/medborgarloften/flode.atom');
		expect(atom.headers()['content-type']).toContain('application/atom+xml');
		expect(await atom.text()).toContain(`Uppföljning 2025-12-10 av ${title}`);
		const ics = await (await visitor.request.get('/falun/medborgarloften/uppfoljningar.ics')).text();
		expect(ics).toContain('DTSTART;VALUE=DATE:20251210');
		expect(ics).toContain('DTSTART;VALUE=DATE:20261210');
		expect(ics).not.toContain('INTERN-ANTECKNING');
		await anonymous.close();
	});

	test('pastes the Falun promise, sees every promise line and the activity in the preview, and saves it as a draft', async ({ page }) => {
		await page.goto('/app/falun/medborgarloften/importera');
		await expectNoViolations(page, 'the promise import page');
		await page.getByLabel('Medborgarlöftets text').fill(FALUN_SEED);
		await page.getByRole('button', { name: 'Förhandsgranska' }).click();
		await expect(page.getByText('7 löften från parterna, 1 aktivitet, ingen förlängning.')).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Polisen lovar att' })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Falu kommun lovar att' })).toBeVisible();
		await expect(page.locator('tbody tr')).toHaveCount(1);
		await expectNoViolations(page, 'the promise import preview');
		await page.getByLabel('Rubrik').fill('Importerat SIG-löfte');
		await page.getByRole('button', { name: /Spara som utkast/ }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Importerat SIG-löfte' })).toBeVisible();
		await expect(page.getByText('Utkast', { exact: false }).first()).toBeVisible();
		await expect(page.locator('section').filter({ hasText: 'Vem lovar vad' }).getByRole('listitem')).toHaveCount(7);
	});

	test('the feedback inbox and the demo promise pages of the app have no axe violations', async ({ page }) => {
		const id = await promiseIdOf(page.request, 'falun', FALUN_SLUG);
		for (const path of [`/app/falun/medborgarloften/${id}`, `/app/falun/medborgarloften/${id}/synpunkter`, `/app/falun/medborgarloften/${id}/redigera`]) {
			expect((await page.goto(path))?.status(), path).toBe(200);
			await expectNoViolations(page, path);
		}
	});

	test('an empty paste is refused with a message at the field', async ({ page }) => {
		await page.goto('/app/falun/medborgarloften/importera');
		await page.getByRole('button', { name: 'Förhandsgranska' }).click();
		await expect(page.locator('#field-text-error')).toContainText('Klistra in texten');
		await expectNoViolations(page, 'the promise import page with errors');
	});
});

test('a reader sees the promises but none of the coordinator’s tools', async () => {
	const api = await newApiContext(FALUN_READER);
	try {
		const list = await api.get('/app/falun/medborgarloften');
		expect(list.status()).toBe(200);
		expect(await list.text()).not.toContain('Skriv ett nytt löfte');
		for (const path of ['/app/falun/medborgarloften/nytt', '/app/falun/medborgarloften/importera']) {
			expect((await api.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
		}
	} finally {
		await api.dispose();
	}
});

test.describe('the public portal without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('Falun’s page lists its promises and the promise page shows who promised what, the activity, its outcome in words and the signatories', async ({
		page
	}) => {
		await page.goto('/falun');
		await expect(page.getByRole('heading', { name: 'Tidigare löften' })).toBeVisible();
		await page.getByRole('link', { name: 'Medborgarlöfte – Lokalpolisområde Falun och Falu kommun' }).click();
		await expect(page).toHaveURL(new RegExp(`/falun/medborgarloften/${FALUN_SLUG}$`));
		await expect(page.getByRole('heading', { name: 'Polisen lovar att' })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Falu kommun lovar att' })).toBeVisible();
		await expect(page.getByText('Falu kommun tillsätter resurs som utvecklingsledare och koordinator för Sociala insatsgrupper.')).toBeVisible();
		const row = page.getByRole('row', { name: /Införa samverkansmodellen SIG/ });
		await expect(row).toContainText('Uppfyllt');
		await expect(page.getByRole('heading', { name: 'Ni sa – vi lovar – vi gjorde' })).toBeVisible();
		await expect(page.getByText('Joakim Storck, kommunstyrelsens ordförande, Falu kommun')).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Tyck till' })).toBeVisible();
		await expect(page.getByText('Namn och e-post publiceras aldrig.')).toBeVisible();
	});

	test('Sunne’s promise shows its extension to 2024 as history', async ({ page }) => {
		await page.goto('/sunne');
		await page.getByRole('link', { name: 'Medborgarlöfte 2021-2022 (förlängt till 2024)' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medborgarlöfte 2021-2022 (förlängt till 2024)');
		const history = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Period och historik' }) });
		await expect(history).toContainText('Undertecknat för 2021–2022');
		await expect(history).toContainText('förlängt till 2024');
		await expect(page.getByRole('row')).toHaveCount(12);
	});

	test('an unpublished or unknown promise is a 404', async ({ page }) => {
		expect((await page.goto('/falun/medborgarloften/finns-inte'))?.status()).toBe(404);
	});

	test('feedback sent without JavaScript after filling in the form is stored and reaches the coordinator', async ({ page }) => {
		await page.goto(`/falun/medborgarloften/${FALUN_SLUG}`);
		const text = `Bra att ni samarbetar! ${Date.now()}`;
		await page.getByLabel('Ditt meddelande').fill(text);
		await page.getByLabel('Namn (valfritt)').fill('Eva Exempel');
		await page.waitForTimeout(FILL_TIME_MS);
		await page.getByRole('button', { name: 'Skicka' }).click();
		await expect(page.getByText('Tack! Ditt meddelande har kommit fram')).toBeVisible();

		const coordinator = await newApiContext(FALUN_COORDINATOR);
		try {
			const id = await promiseIdOf(coordinator, 'falun', FALUN_SLUG);
			const inbox = await (await coordinator.get(`/app/falun/medborgarloften/${id}/synpunkter`)).text();
			expect(inbox).toContain(text);
			expect(inbox).toContain('Eva Exempel');
		} finally {
			await coordinator.dispose();
		}
	});

	test('a form sent at once is refused as too fast, and an empty message or a bad address is named at its field', async ({ page }) => {
		await page.goto(`/falun/medborgarloften/${FALUN_SLUG}`);
		await page.getByLabel('Ditt meddelande').fill('Skickat direkt');
		await page.getByRole('button', { name: 'Skicka' }).click();
		await expect(page.locator('.error-summary')).toContainText('för snabbt');
		await expect(page.getByLabel('Ditt meddelande')).toHaveValue('Skickat direkt');
		await page.getByLabel('Ditt meddelande').fill('');
		await page.waitForTimeout(FILL_TIME_MS);
		await page.getByRole('button', { name: 'Skicka' }).click();
		await expect(page.locator('#field-message-error')).toHaveText('Skriv ditt meddelande.');
		await page.getByLabel('E-postadress (valfritt)').fill('inte-en-adress');
		await page.getByLabel('Ditt meddelande').fill('Hej');
		await page.waitForTimeout(FILL_TIME_MS);
		await page.getByRole('button', { name: 'Skicka' }).click();
		await expect(page.locator('#field-email-error')).toContainText('namn@exempel.se');
	});
});

test('printed, the promise page keeps the content and drops the navigation and the form', async ({ page }) => {
	await page.goto(`/sunne/medborgarloften/${SUNNE_SLUG}`);
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('.site-header')).toBeHidden();
	await expect(page.getByRole('heading', { name: 'Tyck till' })).toBeHidden();
	await expect(page.getByRole('heading', { name: 'Aktiviteter och hur det har gått' })).toBeVisible();
	await expect(page.getByRole('row')).toHaveCount(12);
	await expect(page.getByRole('heading', { name: 'Undertecknat av' })).toBeVisible();
});

test('the public promise pages and the feedback form with errors have no axe violations', async ({ page }) => {
	for (const path of ['/falun', `/falun/medborgarloften/${FALUN_SLUG}`, `/sunne/medborgarloften/${SUNNE_SLUG}`]) {
		await page.goto(path);
		await expectNoViolations(page, path);
	}
	await page.goto(`/falun/medborgarloften/${FALUN_SLUG}`);
	await page.getByRole('button', { name: 'Skicka' }).click();
	await expect(page.locator('.error-summary')).toBeVisible();
	await expectNoViolations(page, 'the feedback form with errors');
});

async function promiseIdOf(api: APIRequestContext, kommun: string, slug: string): Promise<string> {
	const list = await (await api.get(`/app/${kommun}/medborgarloften`)).text();
	const ids = [...list.matchAll(new RegExp(`/app/${kommun}/medborgarloften/([0-9a-f-]{36})`, 'g'))].map((m) => m[1]);
	for (const id of ids) {
		if ((await (await api.get(`/app/${kommun}/medborgarloften/${id}`)).text()).includes(`/${kommun}/medborgarloften/${slug}"`)) return id;
	}
	throw new Error(`no promise with slug ${slug} in ${kommun}`);
}

test('the feedback form stops a flood from one address with a clear message and loses none of the accepted messages', async ({ request }) => {
	// Each form token is good for one message from an address (issue 11), so the flood opens the form
	// once per message; an unknown query parameter goes past the public page cache, so each is a new rendering.
	const tokens: string[] = [];
	for (let i = 0; i < 7; i++) {
		const page = await request.get(`/sunne/medborgarloften/${SUNNE_SLUG}?oppnad=${i}`);
		tokens.push(/name="token" value="([^"]+)"/.exec(await page.text())?.[1] ?? '');
	}
	expect(tokens.every(Boolean)).toBe(true);
	expect(new Set(tokens).size).toBe(7);
	const token = tokens[6];
	await new Promise((resolve) => setTimeout(resolve, FILL_TIME_MS));
	const run = Date.now();
	const statuses: number[] = [];
	let last = '';
	for (let i = 1; i <= 6; i++) {
		const response = await request.post(`/sunne/medborgarloften/${SUNNE_SLUG}?/feedback`, {
			form: { token: tokens[i - 1], message: `Flödestest ${run} nr ${i}`, name: '', email: '', webbplats: '' },
			headers: FORM_HEADERS,
			maxRedirects: 0
		});
		statuses.push(response.status());
		last = await response.text();
	}
	expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
	expect(last).toContain('Du har skickat många meddelanden på kort tid');

	// A bot that fills in the hidden field is thanked and nothing is stored.
	const bot = await request.post(`/sunne/medborgarloften/${SUNNE_SLUG}?/feedback`, {
		form: { token: token!, message: `Bot ${run}`, webbplats: 'http://spam.example' },
		headers: FORM_HEADERS,
		maxRedirects: 0
	});
	expect(bot.status()).toBe(200);
	// A forged token is refused.
	const forged = await request.post(`/sunne/medborgarloften/${SUNNE_SLUG}?/feedback`, {
		form: { token: 'abc.def', message: `Förfalskad ${run}` },
		headers: FORM_HEADERS,
		maxRedirects: 0
	});
	expect(forged.status()).toBe(400);
	// A form already sent cannot be sent again (issue 11: a token could be replayed).
	const replayed = await request.post(`/sunne/medborgarloften/${SUNNE_SLUG}?/feedback`, {
		form: { token: tokens[0], message: `Omspelad ${run}`, name: '', email: '', webbplats: '' },
		headers: FORM_HEADERS,
		maxRedirects: 0
	});
	expect(replayed.status()).toBe(400);
	expect(await replayed.text()).toContain('redan skickats');

	const coordinator = await newApiContext(SUNNE_COORDINATOR);
	try {
		const id = await promiseIdOf(coordinator, 'sunne', SUNNE_SLUG);
		const inbox = await (await coordinator.get(`/app/sunne/medborgarloften/${id}/synpunkter`)).text();
		for (let i = 1; i <= 5; i++) expect(inbox).toContain(`Flödestest ${run} nr ${i}`);
		expect(inbox).not.toContain(`Flödestest ${run} nr 6`);
		expect(inbox).not.toContain(`Bot ${run}`);
		expect(inbox).not.toContain(`Förfalskad ${run}`);
		expect(inbox).not.toContain(`Omspelad ${run}`);
	} finally {
		await coordinator.dispose();
	}
});

test('the coordinator answers a message publicly; the answer shows without the sender’s name or address', async ({ request }) => {
	// A fresh rendering (an unknown query parameter passes the page cache), as in the flood test:
	// earlier tests sent messages from this address with the cached page's token.
	const page = await request.get(`/falun/medborgarloften/${FALUN_SLUG}?oppnad=svar`);
	const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1];
	await new Promise((resolve) => setTimeout(resolve, FILL_TIME_MS));
	const question = `När börjar SIG-gruppen? ${Date.now()}`;
	const sent = await request.post(`/falun/medborgarloften/${FALUN_SLUG}?/feedback`, {
		form: { token: token!, message: question, name: 'Hemlig Person', email: 'hemlig@example.se' },
		headers: FORM_HEADERS,
		maxRedirects: 0
	});
	expect(sent.status(), /class="error-summary"[\s\S]{0,600}/.exec(await sent.text())?.[0]).toBe(200);

	const coordinator = await newApiContext(FALUN_COORDINATOR);
	try {
		const id = await promiseIdOf(coordinator, 'falun', FALUN_SLUG);
		const inbox = await (await coordinator.get(`/app/falun/medborgarloften/${id}/synpunkter`)).text();
		const feedbackId = new RegExp(`${question.replace(/[?]/g, '\\?')}[\\s\\S]*?name="feedbackId" value="([0-9a-f-]{36})"`).exec(inbox)?.[1];
		expect(feedbackId).toBeTruthy();
		const answered = await coordinator.post(`/app/falun/medborgarloften/${id}/synpunkter?/answer`, {
			form: { feedbackId: feedbackId!, answer: 'Gruppen startade i januari 2022.', status: 'besvarad', publish: 'ja' },
			headers: FORM_HEADERS,
			maxRedirects: 0
		});
		expect(answered.status()).toBe(303);
	} finally {
		await coordinator.dispose();
	}
	const publicPage = await (await request.get(`/falun/medborgarloften/${FALUN_SLUG}`)).text();
	expect(publicPage).toContain(question.replace('?', '?'));
	expect(publicPage).toContain('Gruppen startade i januari 2022.');
	expect(publicPage).not.toContain('Hemlig Person');
	expect(publicPage).not.toContain('hemlig@example.se');
});

test('open data: JSON and CSV of a promise under CC0, and the catalogue lists it', async ({ request }) => {
	const json = await request.get(`/falun/medborgarloften/${FALUN_SLUG}/data.json`);
	expect(json.status()).toBe(200);
	expect(json.headers()['content-type']).toContain('application/json');
	const body = await json.json();
	expect(body.licence.id).toBe('CC0-1.0');
	expect(body.promise.parties.flatMap((p: { lines: string[] }) => p.lines)).toHaveLength(7);
	const csv = await request.get(`/falun/medborgarloften/${FALUN_SLUG}/data.csv`);
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(await csv.text()).toContain('Införa samverkansmodellen SIG');
	const catalogue = await request.get('/falun/medborgarloften/katalog.rdf');
	expect(catalogue.headers()['content-type']).toContain('application/rdf+xml');
	expect(await catalogue.text()).toContain(`/falun/medborgarloften/${FALUN_SLUG}/data.csv`);
	expect((await request.get(`/falun/medborgarloften/${FALUN_SLUG}/data.xml`)).status()).toBe(404);
});

test('reach: the widget page may be framed by other sites, the script inserts it, and the poster and the signed document download', async ({ request }) => {
	const widget = await request.get(`/falun/medborgarloften/${FALUN_SLUG}/widget`);
	expect(widget.status()).toBe(200);
	expect(widget.headers()['x-frame-options']).toBeUndefined();
	expect(widget.headers()['content-security-policy']).toContain('frame-ancestors *');
	expect(await widget.text()).toContain('Uppfyllt:');
	const script = await request.get('/falun/widget.js');
	expect(script.headers()['content-type']).toContain('javascript');
	expect(await script.text()).toContain(`/falun/medborgarloften/`);
	// Every other page refuses to be framed.
	expect((await request.get(`/falun/medborgarloften/${FALUN_SLUG}`)).headers()['x-frame-options']).toBe('DENY');
	const poster = await request.get(`/falun/medborgarloften/${FALUN_SLUG}/affisch.pdf`, { timeout: 120_000 });
	expect(poster.headers()['content-type']).toBe('application/pdf');
	expect((await poster.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	const docx = await request.get(`/falun/medborgarloften/${FALUN_SLUG}/dokument.docx`);
	expect(docx.headers()['content-type']).toContain('wordprocessingml');
	expect((await docx.body()).subarray(0, 2).toString('latin1')).toBe('PK');
});
