import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// E2E_PORT lets a second checkout run its browser tests beside this one.
export const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${PORT}`;

// One fresh scratch directory per run: the server's database (an empty one, so the demo data is
// seeded) and the saved sign-in states of the demo users. Workers re-read this file but inherit
// the environment of the runner, so they all see the same directory.
if (!process.env.FOREBYGG_E2E_ROOT) {
	const created = mkdtempSync(path.join(tmpdir(), 'forebygg-e2e-'));
	process.env.FOREBYGG_E2E_ROOT = created;
	// The runner stops the web server before it exits; set FOREBYGG_E2E_KEEP=1 to inspect the database.
	if (!process.env.FOREBYGG_E2E_KEEP) process.on('exit', () => rmSync(created, { recursive: true, force: true }));
}
const root = process.env.FOREBYGG_E2E_ROOT;
const dataDir = path.join(root, 'data');
mkdirSync(dataDir, { recursive: true });
mkdirSync(path.join(root, 'auth'), { recursive: true });

export default defineConfig({
	testDir: 'e2e',
	outputDir: 'test-results/artifacts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	forbidOnly: !!process.env.CI,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
	use: {
		baseURL: BASE_URL,
		headless: true,
		locale: 'sv-SE',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: {
		command: `node ${process.env.BUILD_DIR ?? 'build'}/index.js`,
		url: `${BASE_URL}/healthz`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			ORIGIN: BASE_URL,
			// As scripts/start.mjs sets it: real-size uploads (e2e/foundation/uploads.spec.ts) must reach the app.
			BODY_SIZE_LIMIT: '51M',
			DATA_DIR: dataDir,
			FOREBYGG_LOG: 'silent',
			// The route-coverage and role-matrix tests read each answer's policy decision (x-forebygg-policy).
			FOREBYGG_TEST: '1',
			// Reminders are tested directly; a job firing mid-run would make the outbox depend on timing.
			SCHEDULER: '0'
		}
	}
});
