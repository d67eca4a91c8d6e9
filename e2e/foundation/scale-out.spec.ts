import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DEMO_PASSWORD, FALUN_COORDINATOR, expect, test } from '../helpers';

// Two app servers (the built app) on one PostgreSQL, as a national installation behind a proxy runs them.
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100);
const PORTS = [BASE_PORT + 1, BASE_PORT + 2];
const PROMISE = '/falun/medborgarloften/lokalpolisomrade-falun-och-falu-kommun-2022';

interface Server {
	url: string;
	process: ChildProcess;
	log: string[];
}

async function startServer(port: number, databaseUrl: string): Promise<Server> {
	const url = `http://localhost:${port}`;
	const child = spawn('node', [`${process.env.BUILD_DIR ?? 'build'}/index.js`], {
		env: {
			...process.env,
			PORT: String(port),
			ORIGIN: url,
			DATABASE_URL: databaseUrl,
			FOREBYGG_DEMO: '1',
			FOREBYGG_LOG: '',
			SCHEDULER: '1',
			SCHEDULER_FIRST_RUN_MS: '2000',
			// As behind the proxy in docs/deploy: the tests say which visitor they are.
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1'
		},
		stdio: ['ignore', 'ignore', 'pipe']
	});
	const log: string[] = [];
	child.stderr!.on('data', (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean)));
	const until = Date.now() + 120_000;
	while (Date.now() < until) {
		if (child.exitCode !== null) throw new Error(`server on ${port} exited: ${log.join('\n')}`);
		try {
			if ((await fetch(`${url}/healthz`)).ok) return { url, process: child, log };
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`server on ${port} did not start`);
}

async function signInCookie(server: Server, email: string, password: string): Promise<{ status: number; cookie: string | null }> {
	const response = await fetch(`${server.url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.10' },
		body: new URLSearchParams({ email, password, next: '/app' })
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('forebygg_session='));
	return { status: response.status, cookie: cookie?.split(';')[0] ?? null };
}

test.describe('several app servers on one PostgreSQL', () => {
	let database = '';
	let servers: Server[] = [];

	test.beforeAll(async () => {
		test.setTimeout(300_000);
		const admin = new pg.Client({ connectionString: ADMIN_URL });
		await admin.connect();
		database = `forebygg_scale_${randomBytes(5).toString('hex')}`;
		await admin.query(`CREATE DATABASE ${database}`);
		await admin.end();
		const url = new URL(ADMIN_URL);
		url.pathname = `/${database}`;
		// The first migrates and seeds; the second finds it done.
		servers.push(await startServer(PORTS[0]!, url.toString()));
		servers.push(await startServer(PORTS[1]!, url.toString()));
	});

	test.afterAll(async () => {
		for (const server of servers) server.process.kill('SIGTERM');
		await Promise.all(servers.map((s) => new Promise((r) => (s.process.exitCode !== null ? r(null) : s.process.once('exit', r)))));
		servers = [];
		const admin = new pg.Client({ connectionString: ADMIN_URL });
		await admin.connect();
		await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
		await admin.end();
	});

	test('a write on one server changes the public page on the other within a second', async ({ browser }) => {
		test.setTimeout(120_000);
		const [a, b] = servers as [Server, Server];
		await fetch(`${b.url}${PROMISE}`);
		expect((await fetch(`${b.url}${PROMISE}`)).headers.get('x-forebygg-cache')).toBe('hit');
		const title = /<h1>([^<]+)<\/h1>/.exec(await (await fetch(`${b.url}${PROMISE}`)).text())![1]!;

		const { cookie } = await signInCookie(a, FALUN_COORDINATOR, DEMO_PASSWORD);
		expect(cookie).toBeTruthy();
		const context = await browser.newContext({ baseURL: a.url });
		const [name, value] = cookie!.split('=') as [string, string];
		await context.addCookies([{ name, value, url: a.url }]);
		const page = await context.newPage();
		try {
			await page.goto('/app/falun/medborgarloften');
			const href = await page.getByRole('link', { name: title }).first().getAttribute('href');
			await page.goto(`${href}/redigera`);
			const changed = `${title} (ändrad på server A ${Date.now()})`;
			await page.getByLabel('Rubrik', { exact: true }).fill(changed);
			await page.getByRole('button', { name: 'Spara ändringarna' }).click();
			await expect(page.getByRole('heading', { level: 1, name: changed })).toBeVisible();
			const savedAt = Date.now();
			let seenAfter = Infinity;
			while (Date.now() - savedAt < 3_000) {
				if ((await (await fetch(`${b.url}${PROMISE}`)).text()).includes(changed)) {
					seenAfter = Date.now() - savedAt;
					break;
				}
				await new Promise((r) => setTimeout(r, 50));
			}
			expect(seenAfter).toBeLessThan(1_000);
			// And /falun too, which lists the promise by title.
			expect(await (await fetch(`${b.url}/falun`)).text()).toContain(changed);
		} finally {
			await context.close();
		}
	});

	test('the Tyck till form of a cached page works for every visitor on either server, once per visitor', async () => {
		test.setTimeout(60_000);
		const [a, b] = servers as [Server, Server];
		// Everyone who opens the page on server A gets the same cached rendering, and so the same token.
		const first = await fetch(`${a.url}${PROMISE}`, { headers: { 'x-forwarded-for': '198.51.100.1' } });
		const second = await fetch(`${a.url}${PROMISE}`, { headers: { 'x-forwarded-for': '198.51.100.2' } });
		expect(second.headers.get('x-forebygg-cache')).toBe('hit');
		const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1];
		const token = tokenOf(await first.text());
		expect(token).toBeTruthy();
		expect(tokenOf(await second.text())).toBe(token);
		// The form's minimum fill time (feedback-guard.ts), counted from the rendering.
		await new Promise((resolve) => setTimeout(resolve, 3_500));
		const run = Date.now();
		const send = (server: Server, visitor: string, message: string) =>
			fetch(`${server.url}${PROMISE}?/feedback`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': visitor },
				body: new URLSearchParams({ token: token!, message, name: '', email: '', webbplats: '' })
			});
		// Rendered on A, sent to B (a proxy need not keep a visitor on one server): accepted.
		const viaB = await send(b, '198.51.100.1', `Från A till B ${run}`);
		expect(viaB.status).toBe(200);
		expect(await viaB.text()).not.toContain('kunde inte kontrolleras');
		// The other visitor of the same cached page sends theirs on A: accepted too.
		expect((await send(a, '198.51.100.2', `Andra besökaren ${run}`)).status).toBe(200);
		// The first visitor's form sent again, now to A: refused, although A never saw it sent.
		const replayed = await send(a, '198.51.100.1', `Omspelad ${run}`);
		expect(replayed.status).toBe(400);
		expect(await replayed.text()).toContain('redan skickats');

		const { cookie } = await signInCookie(b, FALUN_COORDINATOR, DEMO_PASSWORD);
		const signedIn = async (path: string) => (await fetch(`${b.url}${path}`, { headers: { cookie: cookie! } })).text();
		const ids = [...new Set([...(await signedIn('/app/falun/medborgarloften')).matchAll(/\/app\/falun\/medborgarloften\/([0-9a-f-]{36})/g)].map((m) => m[1]!))];
		let inbox = '';
		for (const id of ids)
			if ((await signedIn(`/app/falun/medborgarloften/${id}`)).includes(`${PROMISE}"`)) inbox = await signedIn(`/app/falun/medborgarloften/${id}/synpunkter`);
		expect(inbox).toContain(`Från A till B ${run}`);
		expect(inbox).toContain(`Andra besökaren ${run}`);
		expect(inbox).not.toContain(`Omspelad ${run}`);
	});

	test('the failed sign-ins of one address are counted across both servers', async () => {
		test.setTimeout(180_000);
		const [a, b] = servers as [Server, Server];
		// A successful sign-in does not count against the address.
		for (let i = 0; i < 3; i++) expect((await signInCookie(i % 2 ? a : b, FALUN_COORDINATOR, DEMO_PASSWORD)).status).toBe(303);
		// 30 failures per address and 15 minutes: 15 on each server reach the limit together.
		for (let i = 0; i < 30; i++) {
			const result = await signInCookie(i % 2 ? a : b, `ingen-${i}@example.org`, 'fel-losenord');
			expect(result.status, `attempt ${i + 1}`).toBe(400);
		}
		expect((await signInCookie(a, 'ingen-31@example.org', 'fel-losenord')).status).toBe(429);
		expect((await signInCookie(b, FALUN_COORDINATOR, DEMO_PASSWORD)).status).toBe(429);
	});

	test('the hourly jobs run on exactly one of the servers', async () => {
		test.setTimeout(60_000);
		const done = () => servers.flatMap((s) => s.log).filter((line) => /"message":"hourly jobs (done|skipped)/.test(line));
		await expect.poll(() => done().length, { timeout: 45_000 }).toBe(2);
		const ran = servers.map((s) => s.log.filter((line) => line.includes('"message":"hourly jobs done"')).length);
		expect(ran.reduce((x, y) => x + y, 0)).toBe(1);
		const skipped = servers.map((s) => s.log.filter((line) => line.includes('"message":"hourly jobs skipped')).length);
		expect(skipped.reduce((x, y) => x + y, 0)).toBe(1);
	});
});

test('PGlite refuses a second server on the same data directory, saying why', async () => {
	test.setTimeout(60_000);
	const dataDir = `${process.env.FOREBYGG_E2E_ROOT}/data`;
	const child = spawn('node', [`${process.env.BUILD_DIR ?? 'build'}/index.js`], {
		env: { ...process.env, PORT: String(PORTS[1]! + 50), DATA_DIR: dataDir, DATABASE_URL: '', FOREBYGG_LOG: '' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (c: Buffer) => (output += c));
	child.stderr!.on('data', (c: Buffer) => (output += c));
	// SvelteKit opens the database on start-up (init); the refusal ends the process.
	const code = await Promise.race([
		new Promise<number | null>((r) => child.once('exit', r)),
		new Promise<'running'>((r) =>
			setTimeout(async () => {
				// Some builds open the database on the first request: ask once.
				await fetch(`http://localhost:${PORTS[1]! + 50}/healthz`).catch(() => {});
				setTimeout(() => r('running'), 5_000);
			}, 5_000)
		)
	]);
	if (code === 'running') child.kill();
	expect(output).toContain('används redan av en annan process');
	expect(code).not.toBe('running');
});
