import type { Page } from '@playwright/test';
import { ADMIN, FALUN_COORDINATOR, MODULE_SEGMENTS, expect, expectNoViolations, test } from '../helpers';

const PUBLIC_PAGES = [
	'/',
	'/falun',
	'/sunne',
	'/falun/medborgarloften/lokalpolisomrade-falun-och-falu-kommun-2022',
	'/sunne/medborgarloften/2021-2022-forlangt-till-2024',
	'/login',
	'/losenord/glomt',
	'/logout'
];
// SSPF asks for a second factor first and is closed to the admin: e2e/sspf checks its pages with axe after setting up TOTP.
const APP_PAGES = [
	'/app/falun',
	...MODULE_SEGMENTS.filter((segment) => segment !== 'sspf').map((segment) => `/app/falun/${segment}`),
	'/app/falun/logg',
	'/app/falun/organisationer',
	'/app/konto'
];
const ADMIN_PAGES = ['/app/admin', '/app/admin/logg', '/app/admin/utkorg'];

async function open(page: Page, path: string): Promise<void> {
	const response = await page.goto(path);
	expect(response?.status(), `GET ${path}`).toBe(200);
	expect(new URL(page.url()).pathname, `GET ${path} was not redirected`).toBe(path);
}

test.describe('accessibility (axe, WCAG 2.1 A and AA)', () => {
	test.describe('public pages', () => {
		for (const path of PUBLIC_PAGES) {
			test(`${path} has no axe violations`, async ({ page }) => {
				await open(page, path);
				await expectNoViolations(page, path);
			});
		}

		test('the sign-in page with validation errors shown has no axe violations', async ({ page }) => {
			await open(page, '/login');
			await page.getByRole('button', { name: 'Logga in' }).click();
			await expect(page.locator('.error-summary')).toBeVisible();
			await expectNoViolations(page, '/login with validation errors');
		});

		test('the English sign-in page has no axe violations', async ({ page }) => {
			await open(page, '/login');
			await page.getByRole('button', { name: 'In English' }).click();
			await expect(page.locator('html')).toHaveAttribute('lang', 'en');
			await expectNoViolations(page, '/login in English');
		});
	});

	test.describe('signed in as the Falun coordinator', () => {
		test.use({ signedInAs: FALUN_COORDINATOR });
		for (const path of APP_PAGES) {
			test(`${path} has no axe violations`, async ({ page }) => {
				await open(page, path);
				await expectNoViolations(page, `${path} (coordinator)`);
			});
		}

		test('the open account menu has no axe violations', async ({ page }) => {
			await open(page, '/app/falun');
			await page.locator('details.menu > summary').first().click();
			await expect(page.getByRole('button', { name: 'Logga ut' })).toBeVisible();
			await expectNoViolations(page, '/app/falun with the account menu open');
		});
	});

	test.describe('signed in as the admin', () => {
		test.use({ signedInAs: ADMIN });
		for (const path of [...APP_PAGES, ...ADMIN_PAGES]) {
			test(`${path} has no axe violations`, async ({ page }) => {
				await open(page, path);
				await expectNoViolations(page, `${path} (admin)`);
			});
		}

		test('the admin page with the create-user form showing errors has no axe violations', async ({ page }) => {
			await open(page, '/app/admin');
			await page.locator('form[action="?/createUser"]').getByRole('button').click();
			await expect(page.locator('.error-summary')).toBeVisible();
			await expectNoViolations(page, '/app/admin with form errors');
		});
	});
});

test.describe('small screens', () => {
	for (const [path, user] of [
		['/', null],
		['/login', null],
		['/app/falun', FALUN_COORDINATOR],
		['/app/falun/logg', FALUN_COORDINATOR]
	] as const) {
		test.describe(() => {
			test.use({ viewport: { width: 320, height: 640 }, signedInAs: user });
			test(`${path} has no horizontal scroll at 320 px width`, async ({ page }) => {
				await open(page, path);
				const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
					// Text that sticks out of the viewport (an element's box can fit while its text overflows).
					const culprits: string[] = [];
					const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
					for (let node = walker.nextNode(); node; node = walker.nextNode()) {
						const range = document.createRange();
						range.selectNodeContents(node);
						const right = Math.max(0, ...[...range.getClientRects()].map((r) => r.right));
						if (right > 321)
							culprits.push(`<${node.parentElement?.tagName.toLowerCase()}> "${node.textContent?.trim().slice(0, 60)}" ends at ${Math.round(right)}px`);
					}
					for (const element of document.querySelectorAll('body *')) {
						const right = element.getBoundingClientRect().right;
						if (right > 321 && getComputedStyle(element).position !== 'fixed')
							culprits.push(`<${element.tagName.toLowerCase()} class="${element.className}"> ends at ${Math.round(right)}px`);
					}
					return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, culprits: culprits.slice(0, 10) };
				});
				expect(clientWidth).toBeLessThanOrEqual(320);
				expect(scrollWidth, `${path}: document is ${scrollWidth}px wide at a 320px viewport; overflowing:\n${culprits.join('\n')}`).toBeLessThanOrEqual(
					320 + 1
				);
			});
		});
	}
});
