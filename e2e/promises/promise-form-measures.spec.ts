import { FALUN_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

test.describe('the new-promise form', () => {
	test.use({ signedInAs: FALUN_COORDINATOR });

	test('an activity is tied to plan measures with checkboxes, and the choice is kept when the promise is edited', async ({ page }) => {
		const title = `Löfte med åtgärder ${Date.now()}`;
		await page.goto('/app/falun/medborgarloften/nytt');
		await page.getByLabel('Rubrik', { exact: true }).fill(title);
		await page.getByLabel('Period, startår').fill('2025');
		await page.getByLabel('Period, slutår').fill('2026');
		await page.getByLabel('Polisen lovar att', { exact: true }).fill('Vara synliga i centrum.');
		const first = page.getByRole('group', { name: 'Aktivitet 1' });
		await first.getByLabel('Aktivitet', { exact: true }).fill('Trygghetsvandringar i centrum');
		// No Ctrl/Cmd multi-select: the plan's measures are checkboxes, folded away until opened.
		await expect(first.locator('select[multiple]')).toHaveCount(0);
		await first.getByText('Del av åtgärder i åtgärdsplanen (ingen vald)').click();
		const measures = first.getByRole('group', { name: 'Del av åtgärder i åtgärdsplanen' }).getByRole('checkbox');
		expect(await measures.count()).toBeGreaterThan(1);
		const chosen = ((await measures.first().locator('xpath=..').textContent()) ?? '').trim();
		await measures.first().check();
		await expectNoViolations(page, 'the new-promise form with the measures open');
		await page.getByRole('button', { name: 'Spara som utkast' }).click();
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		// The promise page names the measure the activity is part of (the label is "title (plan title)").
		await expect(page.getByText(`Del av åtgärdsplanen: ${chosen.slice(0, 40)}`, { exact: false }).first()).toBeVisible();

		await page.goto(`${page.url()}/redigera`);
		const edited = page.getByRole('group', { name: 'Aktivitet 1' });
		await expect(edited.getByText('Del av åtgärder i åtgärdsplanen (1 vald)')).toBeVisible();
		await expect(edited.getByRole('group', { name: 'Del av åtgärder i åtgärdsplanen' }).getByRole('checkbox').first()).toBeChecked();
	});
});
