import { FALUN_COORDINATOR, expect, expectNoViolations, test } from '../helpers';

/**
 * The organisation list proposes merging near-duplicates ("Socialtjänst"/"Socialtjänsten"); the
 * coordinator chooses the name to keep and confirms. Works without JavaScript (plain forms).
 */
test.describe('near-duplicate organisations', () => {
	test.use({ signedInAs: FALUN_COORDINATOR, javaScriptEnabled: false });

	test('the definite form of a name is suggested as a duplicate and merged into the name the coordinator keeps', async ({ page }) => {
		const word = `Kontor${Date.now().toString(36)}tjänst`;
		await page.goto('/app/falun/organisationer');
		const create = page.locator('form[action="?/createOrganisation"]');
		for (const name of [word, `${word}en`]) {
			await create.getByLabel('Namn', { exact: true }).fill(name);
			await create.getByRole('button', { name: 'Lägg till organisationen' }).click();
		}
		const suggestion = page.locator('form[action="?/mergeSuggested"]').filter({ hasText: `”${word}” och ”${word}en”` });
		await expect(suggestion).toContainText('Samma ord i olika form.');
		// The older name is suggested to keep; the coordinator keeps the definite form instead.
		await expect(suggestion.getByRole('radio', { name: `Behåll ”${word}”` })).toBeChecked();
		await suggestion.getByRole('radio', { name: `Behåll ”${word}en”` }).check();
		await suggestion.getByRole('button', { name: `Slå ihop ”${word}” och ”${word}en”` }).click();
		await expect(page.getByText('Organisationerna slogs ihop.')).toBeVisible();
		// Each organisation of the list has its "Ändra …" fold: the kept name is there, the merged one is gone.
		await expect(page.getByText(`Ändra ${word}en`, { exact: true })).toHaveCount(1);
		await expect(page.getByText(`Ändra ${word}`, { exact: true })).toHaveCount(0);
		await expect(page.locator('form[action="?/mergeSuggested"]').filter({ hasText: word })).toHaveCount(0);
	});

	test.describe('with JavaScript', () => {
		test.use({ javaScriptEnabled: true });
		test('the organisation page with a suggestion passes axe', async ({ page }) => {
			// The page lists every organisation and member: axe takes its time on it.
			test.setTimeout(180_000);
			const word = `Axe${Date.now().toString(36)}tjänst`;
			await page.goto('/app/falun/organisationer');
			const create = page.locator('form[action="?/createOrganisation"]');
			for (const name of [`${word}en`, word]) {
				await create.getByLabel('Namn', { exact: true }).fill(name);
				await create.getByRole('button', { name: 'Lägg till organisationen' }).click();
				await expect(page.getByText(`Ändra ${name}`, { exact: true })).toHaveCount(1);
			}
			await expect(page.getByRole('heading', { name: /Möjliga dubbletter/ })).toBeVisible();
			await expectNoViolations(page, 'the organisation page with merge suggestions');
		});
	});
});
