import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateSync } from 'otplib';
import type { Page } from '@playwright/test';
import { expect, postSignIn, signIn } from '../helpers';

/*
 * SSPF asks every person for a second factor. The first spec that signs an SSPF account in switches
 * TOTP on the way a person does on the account page and keeps the secret in the run's scratch
 * directory; every later sign-in of that account (in any SSPF spec) answers the code step with it.
 * Only accounts that exist for SSPF use this, so other specs' demo sessions are untouched.
 */

const secretFile = (email: string) => path.join(process.env.FOREBYGG_E2E_ROOT!, 'auth', `totp-${email.replace(/[^a-z0-9.@-]/gi, '_')}.txt`);

/** Signs `email` in with its second factor, switching TOTP on first when this run has not yet. */
export async function signInWithTotp(page: Page, email: string) {
	const file = secretFile(email);
	if (existsSync(file)) {
		const secret = readFileSync(file, 'utf8').trim();
		const response = await postSignIn(page, email);
		expect(response.headers()['location']).toMatch(/^\/login\/totp/);
		await page.goto('/login/totp?next=%2Fapp');
		await page.getByLabel('Engångskod').fill(generateSync({ secret }));
		await page.getByRole('button', { name: 'Verifiera' }).click();
		await expect(page).toHaveURL(/\/app/);
		return;
	}
	await signIn(page, email);
	await page.goto('/app/falun/sspf');
	await expect(page).toHaveURL(/\/app\/konto\?tvafaktor=krav/);
	const secret = (await page.locator('code').first().textContent())!.trim();
	await page.getByLabel(/kod/i).fill(generateSync({ secret }));
	await page.getByRole('button', { name: /slå på|aktivera|spara/i }).click();
	await expect(page.locator('[role="status"]').first()).toBeVisible();
	writeFileSync(file, secret, { mode: 0o600 });
}
