// `npm test`: the whole suite — unit and integration tests on PGlite, the database tests again on
// PostgreSQL, then the browser tests against the built app. Ends with one "N passed, N failed" line.
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuild, ensureDependencies, ensureSystemPackages, root } from './ensure.mjs';

ensureDependencies();
ensureSystemPackages();
const { default: pg } = await import('pg');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedStep = null;

function step(name, command, args, env = {}) {
	console.log(`\n=== ${name} ===`);
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FOREBYGG_LOG: 'silent', ...env } });
	if (result.status !== 0) failedStep ??= name;
}

function countVitest(file) {
	if (!fs.existsSync(file)) return;
	const report = JSON.parse(fs.readFileSync(file, 'utf8'));
	totals.passed += report.numPassedTests;
	totals.failed += report.numFailedTests;
	totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}

async function canConnect(url) {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query('select 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

/** TEST_DATABASE_URL, else a local server, else a throwaway cluster of our own. */
async function findPostgres() {
	if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, stop: () => {} };
	for (const url of ['postgres://postgres@127.0.0.1:5432/postgres', `postgres://${os.userInfo().username}@127.0.0.1:5432/postgres`]) {
		if (await canConnect(url)) return { url, stop: () => {} };
	}
	const bin = ['initdb', 'pg_ctl'].every((tool) => spawnSync('which', [tool]).status === 0)
		? ''
		: (fs
				.readdirSync('/usr/lib/postgresql', { withFileTypes: true })
				.map((d) => `/usr/lib/postgresql/${d.name}/bin/`)
				.find((dir) => fs.existsSync(`${dir}initdb`)) ?? null);
	if (bin === null) {
		throw new Error(
			'Ingen PostgreSQL hittades: sätt TEST_DATABASE_URL, starta en server på 127.0.0.1:5432, eller installera PostgreSQL (t.ex. apt-get install postgresql) så att initdb och pg_ctl finns.'
		);
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-pg-'));
	const port = 55432 + Math.floor(Math.random() * 1000);
	const asRoot = process.getuid?.() === 0;
	const run = (cmd) => execSync(asRoot ? `runuser -u postgres -- ${cmd}` : cmd, { stdio: 'inherit' });
	if (asRoot) execSync(`chown postgres ${dir}`);
	run(`${bin}initdb -D ${dir}/data -U postgres --auth=trust -E UTF8 > /dev/null`);
	run(`${bin}pg_ctl -D ${dir}/data -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1" -w start > /dev/null`);
	return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop: () => run(`${bin}pg_ctl -D ${dir}/data -m fast stop > /dev/null`) };
}

// 1. Everything on PGlite.
step(
	'Enhets- och integrationstester (PGlite)',
	'npx',
	['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}/vitest-pglite.json`],
	{ TEST_ENGINE: 'pglite' }
);
countVitest(`${results}/vitest-pglite.json`);

// 2. The tests that touch the database, again on PostgreSQL.
const postgres = await findPostgres();
try {
	const dbTests = execSync("grep -rlE 'createTestDb|testEngine\\(\\)' src --include=*.test.ts", { cwd: root, encoding: 'utf8' })
		.trim()
		.split('\n')
		.filter(Boolean);
	step(
		'Integrationstester (PostgreSQL)',
		'npx',
		['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}/vitest-postgresql.json`, ...dbTests],
		{
			TEST_ENGINE: 'postgresql',
			TEST_DATABASE_URL: postgres.url
		}
	);
	countVitest(`${results}/vitest-postgresql.json`);
} finally {
	postgres.stop();
}

// 3. Browser tests against the production build.
ensureBuild();
const playwrightReport = `${results}/playwright.json`;
fs.rmSync(playwrightReport, { force: true });
step('Webbläsartester (Chromium)', 'npx', ['playwright', 'test']);
if (fs.existsSync(playwrightReport)) {
	const { stats } = JSON.parse(fs.readFileSync(playwrightReport, 'utf8'));
	totals.passed += stats.expected + stats.flaky;
	totals.failed += stats.unexpected;
	totals.skipped += stats.skipped;
} else failedStep ??= 'Webbläsartester (Chromium)';

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (failedStep) {
	console.error(`Misslyckades: ${failedStep}`);
	process.exit(1);
}
