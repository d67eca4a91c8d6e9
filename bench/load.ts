// `npm run bench -- load`: issue 11's load figure: BENCH_LOAD_USERS (200) simulated users for
// BENCH_LOAD_SECONDS (60) on each engine. Before the users start, the Falun coordinator opens a
// follow-up round of the public plan (through the app's own form), so there is something to answer.
// Each user loops through a visit: the public municipality page and a promise page, sign-in as a
// Falun demo account (on the first visit and every BENCH_LOAD_SIGN_IN_EVERY-th, 10), the plan page, the open round (an answer is posted when the account has
// measures to answer in it, else the round is only read) and the REST API with the session cookie.
// Failed connections are counted by their cause (ECONNRESET, a timeout …), never hidden. The users run in their own process (this file with
// `--client`), so the server never shares an event loop with the client that measures it.
import { fileURLToPath } from 'node:url';
import { freePort, startApp, waitFor } from './public-pages';
import type { Benchmark } from './registry';
import { createFreshDatabaseUrl } from '../src/lib/server/testing/test-db';

const USERS = Number(process.env.BENCH_LOAD_USERS ?? 200);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const PROMISE = '/falun/medborgarloften/lokalpolisomrade-falun-och-falu-kommun-2022';
const ACCOUNTS = ['samordnare@falun.demo', 'kommunpolis@falun.demo', 'kopparstaden@falun.demo', 'politiker@falun.demo'];
const PASSWORD = 'forebygg-demo';
/** A user signs in on the first visit and again every this many visits (argon2 on every page view is no one's use). */
const SIGN_IN_EVERY = Number(process.env.BENCH_LOAD_SIGN_IN_EVERY ?? 10);
const STEPS = ['public', 'promise', 'signIn', 'plan', 'round', 'answer', 'api'] as const;
type Step = (typeof STEPS)[number];

interface StepFigures {
	requests: number;
	p50: number | null;
	p95: number | null;
	p99: number | null;
	max: number | null;
	/** By status class ("2xx", "3xx", "4xx", "5xx"), 429 apart (rate limit), and "network:<cause>" for failed connections. */
	statuses: Record<string, number>;
}

interface ClientResult {
	/** The round the users answer in, opened before they start. */
	roundId: string;
	users: number;
	seconds: number;
	visits: number;
	answersPosted: number;
	roundsRead: number;
	steps: Record<string, StepFigures>;
	total: StepFigures;
	generatorCpuPercent: number;
}

function classOf(status: number): string {
	return status === 429 ? '429' : `${Math.floor(status / 100)}xx`;
}

function summarise(latencies: number[], statuses: Record<string, number>): StepFigures {
	const sorted = [...latencies].sort((a, b) => a - b);
	const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10 : null);
	return { requests: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? Math.round(sorted.at(-1)! * 10) / 10 : null, statuses };
}

/** The simulated users; run in a child process, prints one JSON line. */
async function client(base: string, users: number, seconds: number, roundId: string): Promise<void> {
	const latencies: Record<string, number[]> = Object.fromEntries(STEPS.map((s) => [s, []]));
	const statuses: Record<string, Record<string, number>> = Object.fromEntries(STEPS.map((s) => [s, {}]));
	let visits = 0;
	let answersPosted = 0;
	let roundsRead = 0;
	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	const stopAt = started + seconds * 1000;

	async function timed(step: Step, url: string, init: RequestInit = {}): Promise<Response | null> {
		const t = performance.now();
		try {
			const response = await fetch(base + url, { redirect: 'manual', ...init });
			const body = await response.text();
			latencies[step]!.push(performance.now() - t);
			const key = classOf(response.status);
			statuses[step]![key] = (statuses[step]![key] ?? 0) + 1;
			return Object.assign(response, { bodyText: body });
		} catch (error) {
			const cause = (error as { cause?: { code?: string; name?: string } }).cause;
			const key = `network:${cause?.code ?? cause?.name ?? (error as Error).name}`;
			statuses[step]![key] = (statuses[step]![key] ?? 0) + 1;
			return null;
		}
	}
	const text = (r: Response | null) => (r as (Response & { bodyText?: string }) | null)?.bodyText ?? '';
	const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
	const postHeaders = (cookie: string) => ({ origin: base, cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' });

	const sessions: string[] = [];
	const visitsOf: number[] = [];
	async function visit(user: number): Promise<void> {
		const home = await timed('public', '/falun');
		await timed('promise', PROMISE);
		const planId = /\/falun\/atgardsplan\/([0-9a-f-]{36})/.exec(text(home))?.[1];
		const visitNumber = (visitsOf[user] = (visitsOf[user] ?? 0) + 1);
		// A person signs in now and then, not before every page: a new session on the first visit and every SIGN_IN_EVERY-th.
		if (!sessions[user] || visitNumber % SIGN_IN_EVERY === 1) {
			const login = await timed('signIn', '/login', {
				method: 'POST',
				headers: postHeaders(''),
				body: form([
					['email', ACCOUNTS[user % ACCOUNTS.length]!],
					['password', PASSWORD],
					['next', '/app']
				])
			});
			sessions[user] = (login?.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
			if (!login || login.status !== 303) sessions[user] = '';
		}
		const cookie = sessions[user]!;
		if (!cookie || !planId) return;
		const plan = `/app/falun/atgardsplan/${planId}`;
		await timed('plan', plan, { headers: { cookie } });
		await timed('round', `${plan}/uppfoljning`, { headers: { cookie } });
		{
			const round = await timed('round', `${plan}/uppfoljning/${roundId}`, { headers: { cookie } });
			const html = text(round);
			const measureId = /name="measureId" value="([0-9a-f-]{36})"/.exec(html)?.[1];
			const status = measureId ? new RegExp(`name="status-${measureId}"[\\s\\S]*?<option value="([^"]+)"`).exec(html)?.[1] : undefined;
			if (measureId && status) {
				const saved = await timed('answer', `${plan}/uppfoljning/${roundId}?/answer`, {
					method: 'POST',
					headers: postHeaders(cookie),
					body: form([
						['measureId', measureId],
						[`status-${measureId}`, status],
						[`done-${measureId}`, `Lastprov: besök ${visits} av användare ${user}.`],
						[`next-${measureId}`, 'Fortsätter enligt plan.']
					])
				});
				if (saved?.status === 303) answersPosted++;
			} else roundsRead++;
		}
		await timed('api', '/api/v1/kommuner/falun/atgardsplaner', { headers: { cookie, accept: 'application/json' } });
		visits++;
	}

	await Promise.all(
		Array.from({ length: users }, async (_, user) => {
			while (performance.now() < stopAt) await visit(user);
		})
	);
	const elapsed = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	const all: number[] = [];
	const allStatuses: Record<string, number> = {};
	const steps: Record<string, StepFigures> = {};
	for (const step of STEPS) {
		all.push(...latencies[step]!);
		for (const [k, v] of Object.entries(statuses[step]!)) allStatuses[k] = (allStatuses[k] ?? 0) + v;
		steps[step] = summarise(latencies[step]!, statuses[step]!);
	}
	const result: ClientResult = {
		roundId,
		users,
		seconds: Math.round(elapsed / 100) / 10,
		visits,
		answersPosted,
		roundsRead,
		steps,
		total: summarise(all, allStatuses),
		generatorCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / elapsed) * 100)
	};
	console.log(JSON.stringify(result));
}

const describe = (what: string, f: StepFigures) =>
	`${what}: ${f.requests} responses, p50 ${f.p50 ?? '–'} ms, p95 ${f.p95 ?? '–'} ms, p99 ${f.p99 ?? '–'} ms; ${Object.entries(f.statuses)
		.sort()
		.map(([k, v]) => `${k} ${v}`)
		.join(', ')}`;

export const loadBenchmark: Benchmark = {
	name: 'load',
	async run(context) {
		const { spawn, fs, os, path } = context;
		const buildDir = process.env.BUILD_DIR ?? 'build';
		if (!fs.existsSync(`${buildDir}/index.js`)) throw new Error(`no build in ${buildDir}: run \`BUILD_DIR=${buildDir} npx vite build\` first`);
		const lines = [
			`${USERS} simulated users for ${SECONDS} s per engine (public page, promise, sign-in on the first and every ${SIGN_IN_EVERY}th visit, plan, an open follow-up round + answer, API), client in its own process; visits under way at the end are finished and counted; 429 (rate limit) counted apart from 4xx`
		];
		const figures: Record<string, unknown> = {};
		for (const engine of (process.env.BENCH_ENGINES ?? 'pglite,postgresql').split(',')) {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-bench-load-'));
			const pg =
				engine === 'postgresql'
					? await createFreshDatabaseUrl(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').catch(() => null)
					: null;
			if (engine === 'postgresql' && !pg) {
				lines.push('PostgreSQL: no server (set BENCH_DATABASE_URL); skipped');
				continue;
			}
			const port = Number(process.env.BENCH_LOAD_PORT ?? 0) || (await freePort());
			const app = startApp(context, { port, dataDir: path.join(dir, 'data'), databaseUrl: pg?.url });
			try {
				const base = `http://127.0.0.1:${port}`;
				await waitFor(`${base}/healthz`, 180_000);
				const roundId = await openRound(base);
				const loadBefore = os.loadavg()[0]!;
				const health = probeHealth(base);
				const result = await new Promise<ClientResult>((resolve, reject) => {
					const child = spawn('npx', ['tsx', fileURLToPath(import.meta.url), '--client', base, String(USERS), String(SECONDS), roundId], {
						stdio: ['ignore', 'pipe', 'inherit']
					});
					let out = '';
					child.stdout!.on('data', (chunk) => (out += chunk));
					child.on('exit', (code) =>
						code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ClientResult) : reject(new Error(`load client failed (${code})`))
					);
				});
				const healthz = await health.stop();
				const fiveXx = result.total.statuses['5xx'] ?? 0;
				figures[engine] = { ...result, healthz, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg()[0] };
				lines.push(
					`\n### ${engine}`,
					`${result.visits} visits, ${result.answersPosted} answers posted, ${result.roundsRead} rounds only read; load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}; client CPU ${result.generatorCpuPercent} %`,
					...STEPS.map((s) => `  ${describe(s, result.steps[s]!)}`),
					`  ${describe('total', result.total)}`,
					`  ${describe('/healthz, asked every 250 ms during the load by the bench process (not one of the users)', healthz)} (goal < 100 ms: p99 ${(healthz.p99 ?? Infinity) < 100 ? 'met' : 'MISSED'})`,
					`  5xx responses: ${fiveXx} (goal 0: ${fiveXx === 0 ? 'met' : 'MISSED'}); p95 ${result.total.p95 ?? '–'} ms`
				);
			} finally {
				const exited = new Promise((r) => app.once('exit', r));
				app.kill();
				await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
				await pg?.drop().catch(() => {});
				fs.rmSync(dir, { recursive: true, force: true });
			}
		}
		context.figures.load = figures;
		return lines;
	}
};

/** Asks /healthz every 250 ms until stopped, as a monitor would while the users run. */
function probeHealth(base: string): { stop: () => Promise<StepFigures> } {
	const latencies: number[] = [];
	const statuses: Record<string, number> = {};
	let running = true;
	const loop = (async () => {
		while (running) {
			const t = performance.now();
			try {
				const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) });
				await response.text();
				latencies.push(performance.now() - t);
				statuses[classOf(response.status)] = (statuses[classOf(response.status)] ?? 0) + 1;
			} catch (error) {
				const key = `network:${(error as Error).name}`;
				statuses[key] = (statuses[key] ?? 0) + 1;
			}
			await new Promise((r) => setTimeout(r, 250));
		}
	})();
	return {
		stop: async () => {
			running = false;
			await loop;
			return summarise(latencies, statuses);
		}
	};
}

/**
 * The Falun coordinator opens a follow-up round of the public plan, as in the app (the round form),
 * so the users have one to answer; returns its id.
 */
async function openRound(base: string): Promise<string> {
	const headers = { origin: base, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
	const login = await fetch(`${base}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers,
		body: new URLSearchParams({ email: 'samordnare@falun.demo', password: PASSWORD, next: '/app' })
	});
	const cookie = login.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	const planId = /\/falun\/atgardsplan\/([0-9a-f-]{36})/.exec(await (await fetch(`${base}/falun`)).text())?.[1];
	if (login.status !== 303 || !planId) throw new Error(`the coordinator could not sign in or find the plan (${login.status})`);
	const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
	const opened = await fetch(`${base}/app/falun/atgardsplan/${planId}/uppfoljning?/open`, {
		method: 'POST',
		redirect: 'manual',
		headers: { ...headers, cookie },
		body: new URLSearchParams({ name: `Lastprov ${new Date().toISOString()}`, dueDate })
	});
	const roundId = /\/uppfoljning\/([0-9a-f-]{36})/.exec(opened.headers.get('location') ?? '')?.[1];
	if (!roundId) throw new Error(`no follow-up round was opened (${opened.status}): ${(await opened.text()).slice(0, 300)}`);
	return roundId;
}

if (process.argv[2] === '--client') await client(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]), process.argv[6]!);
