import { FALUN_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

/**
 * Promises as municipalities write them: a month and a season instead of an invented day, targets
 * of every kind (yes/no, at most, a result without a target), and a published follow-up corrected
 * later with the change shown publicly. The public page is read without JavaScript; axe runs where
 * it can (it needs JavaScript in the page).
 */
test.describe('promise dates, target kinds and corrections', () => {
	test.use({ signedInAs: FALUN_COORDINATOR });

	test('a month, a season and a yes/no target are kept as written, and a corrected follow-up shows what changed', async ({ page, browser }) => {
		// A long flow of several forms, with axe on three pages.
		test.setTimeout(180_000);
		const title = `Trafiksäkert Falun ${Date.now()}`;
		await page.goto('/app/falun/medborgarloften/nytt');
		await page.getByLabel('Rubrik', { exact: true }).fill(title);
		await page.getByLabel('Period, startår').fill('2026');
		await page.getByLabel('Period, slutår').fill('2027');
		await page.getByLabel('Polisen lovar att', { exact: true }).fill('Göra trafikkontroller vid skolorna.');
		const council = page.getByRole('group', { name: 'Aktivitet 1' });
		await council.getByLabel('Aktivitet', { exact: true }).fill('Ett trafiksäkerhetsråd inrättas');
		await council.getByLabel('Mål', { exact: true }).selectOption('yes_no');
		const accidents = page.getByRole('group', { name: 'Aktivitet 2' });
		await accidents.getByLabel('Aktivitet', { exact: true }).fill('Färre olyckor vid skolorna');
		await accidents.getByLabel('Mål', { exact: true }).selectOption('at_most');
		await accidents.getByLabel('Mätbart mål: antal').fill('2');
		await accidents.getByLabel('Mätbart mål: enhet').fill('olyckor');
		await page.getByRole('group', { name: 'Aktivitet 3' }).getByLabel('Aktivitet', { exact: true }).fill('Nykterhetskontroller');
		await page.getByLabel('Vad invånarna sa (1)').fill('Bilar kör för fort förbi skolan');
		await page.getByLabel('Sorts underlag').first().selectOption('sa');
		// An approximate number of respondents is written as municipalities write it.
		await page.getByLabel('Antal som svarade').fill('ca 600');
		await page.getByLabel('Undertecknat den').fill('snart');
		await page.getByRole('button', { name: 'Spara som utkast' }).click();
		// An unreadable date is refused at the field, not replaced with an invented day.
		await expect(page.getByRole('link', { name: /Skriv datumet som 2025-12-10, en månad/ })).toBeVisible();
		// What residents said is offered to the activities once written: the accidents activity answers it.
		await page
			.getByRole('group', { name: 'Aktivitet 2' })
			.getByRole('group', { name: 'Svarar på vad invånarna sa' })
			.getByRole('checkbox', { name: 'Bilar kör för fort förbi skolan' })
			.check();
		await page.getByLabel('Undertecknat den').fill('februari 2026');
		await page.getByLabel('Nästa offentliga uppföljning').fill('under våren 2027');
		await page.getByRole('button', { name: 'Spara som utkast' }).click();
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		const appUrl = page.url();
		await page.getByLabel('Status', { exact: true }).selectOption('publicerat');
		await page.getByRole('button', { name: 'Spara status' }).click();

		await page.goto(`${appUrl}/uppfoljning`);
		await page.getByLabel('Datum för uppföljningen').fill('december 2026');
		await page.getByLabel('Forum', { exact: true }).fill('Faluns BRÅ');
		await page
			.getByRole('group', { name: /Aktivitet 1: Ett trafiksäkerhetsråd/ })
			.getByLabel('Genomfört?')
			.selectOption('ja');
		await page
			.getByRole('group', { name: /Aktivitet 2: Färre olyckor/ })
			.getByLabel('Uppnått antal (olyckor)')
			.fill('3');
		const sobriety = page.getByRole('group', { name: /Aktivitet 3: Nykterhetskontroller/ });
		await sobriety.getByLabel('Resultat: antal (valfritt)').fill('303');
		await sobriety.getByLabel('Resultat: enhet').fill('kontroller');
		await expectNoViolations(page, 'the follow-up form with target kinds');
		await page.getByRole('button', { name: 'Spara uppföljningen' }).click();
		await expect(page.locator('.earlier strong', { hasText: 'december 2026' })).toBeVisible();

		// Correct it: the accident count was wrong.
		await page.getByRole('link', { name: 'Rätta december 2026' }).click();
		await expect(page.getByRole('heading', { level: 2, name: /Rätta uppföljningen december 2026/ })).toBeVisible();
		await page.getByRole('button', { name: 'Spara rättelsen' }).click();
		await expect(page.getByRole('link', { name: /Skriv varför uppföljningen rättas/ })).toBeVisible();
		await page.getByLabel('Varför rättas uppföljningen?').fill('Fel antal olyckor angavs.');
		await page
			.getByRole('group', { name: /Färre olyckor/ })
			.getByLabel('Uppnått antal (olyckor)')
			.fill('1');
		await expectNoViolations(page, 'the correction form');
		await page.getByRole('button', { name: 'Spara rättelsen' }).click();
		await expect(page.getByRole('status')).toHaveText('Rättelsen är sparad.');
		await expect(page.getByText(/rättad \d{4}-\d{2}-\d{2}/)).toBeVisible();

		// The public page, as a citizen without JavaScript sees it.
		const citizen = await browser.newContext({ javaScriptEnabled: false, locale: 'sv-SE' });
		try {
			const pub = await citizen.newPage();
			await page.goto(appUrl);
			const publicHref = await page.getByRole('link', { name: 'Visa den offentliga sidan' }).getAttribute('href');
			await pub.goto(publicHref!);
			await expect(pub.getByText('undertecknat februari 2026')).toBeVisible();
			await expect(pub.getByText('Nästa uppföljning: våren 2027', { exact: false })).toBeVisible();
			const row = (name: string) => pub.getByRole('row').filter({ hasText: name });
			await expect(row('Ett trafiksäkerhetsråd inrättas')).toContainText('genomförs (ja/nej)');
			await expect(row('Ett trafiksäkerhetsråd inrättas')).toContainText('Ja, genomfört');
			await expect(row('Färre olyckor vid skolorna')).toContainText('högst 2 olyckor');
			await expect(row('Färre olyckor vid skolorna')).toContainText('Målet är nått');
			// "Ni sa → vi lovar" per activity, and the basis with its approximate number of respondents.
			await expect(row('Färre olyckor vid skolorna')).toContainText('Ni sa: Bilar kör för fort förbi skolan');
			await expect(pub.getByText('ca 600 svarade', { exact: false })).toBeVisible();
			await expect(row('Nykterhetskontroller')).toContainText('303 kontroller');
			const corrections = pub.locator('.corrections');
			await expect(corrections).toContainText('Fel antal olyckor angavs.');
			await expect(corrections).toContainText('Utfall (Färre olyckor vid skolorna): ändrat från 3 till 1');
			await expect(corrections).toContainText('Status (Färre olyckor vid skolorna): ändrat från Ej uppfyllt till Uppfyllt');
			// The yearly report is offered for the year of the follow-up.
			await expect(pub.getByRole('link', { name: 'Uppföljningsrapport 2026 (PDF)' })).toBeVisible();
			await page.goto(publicHref!);
			await expectNoViolations(page, 'the public promise with a corrected follow-up');
		} finally {
			await citizen.close();
		}
	});
});
