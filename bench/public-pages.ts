import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFreshDatabaseUrl } from '../src/lib/server/testing/test-db';
import type { Benchmark, BenchContext } from './registry';

const CONNECTIONS = 50;
const WARM_UP_MS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3) * 1000;
const MEASURE_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 50;
const PROMISE = '/falun/medborgarloften/lokalpolisomrade-falun-och-falu-kommun-2022';

export interface LoadResult {
	requests: number;
	perSecond: number;
	p50: number;
	p90: number;
	p99: number;
	p999: number;
	errors: number;
	statuses: Record<string, number>;
	generatorCpuPercent: number;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = http.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

export async function waitFor(url: string, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Runs bench/load-generator.mjs in its own process; warm-up is excluded from every figure. */
export async function load(spawn: BenchContext['spawn'], url: string, headers: string[] = [], measureMs = MEASURE_MS): Promise<LoadResult> {
	return new Promise((resolve, reject) => {
		const child = spawn('node', ['bench/load-generator.mjs', url, String(CONNECTIONS), String(WARM_UP_MS), String(measureMs), ...headers], {
			stdio: ['ignore', 'pipe', 'inherit']
		});
		let out = '';
		child.stdout!.on('data', (chunk) => (out += chunk));
		child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load generator failed (${code})`))));
	});
}

/** A plain Node static file server in its own process: stat and stream per request, as a file server does. */
const STATIC_SERVER = `
const http = require('node:http'); const fs = require('node:fs');
const file = process.argv[1];
http.createServer((req, res) => {
	fs.stat(file, (err, stat) => {
		if (err) { res.statusCode = 500; return res.end(); }
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': stat.size });
		fs.createReadStream(file).pipe(res);
	});
}).listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));
`;

export const line = (what: string, r: LoadResult) =>
	`${what}: ${r.perSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.requests} requests, ${r.errors} errors, generator CPU ${r.generatorCpuPercent.toFixed(0)} %)`;

export function startApp(context: BenchContext, options: { port: number; dataDir: string; databaseUrl?: string; extraEnv?: Record<string, string> }) {
	const buildDir = process.env.BUILD_DIR ?? 'build';
	return context.spawn('node', [`${buildDir}/index.js`], {
		env: {
			...process.env,
			PORT: String(options.port),
			ORIGIN: `http://127.0.0.1:${options.port}`,
			DATA_DIR: options.dataDir,
			FOREBYGG_LOG: 'silent',
			SCHEDULER: '0',
			FOREBYGG_DEMO: '1',
			DATABASE_URL: options.databaseUrl ?? '',
			// As scripts/start.mjs sets them (see there): what `npm start` runs is what is measured.
			KEEP_ALIVE_TIMEOUT: process.env.KEEP_ALIVE_TIMEOUT ?? '65',
			HEADERS_TIMEOUT: process.env.HEADERS_TIMEOUT ?? '66',
			BODY_SIZE_LIMIT: '51M',
			...options.extraEnv
		},
		stdio: 'ignore'
	});
}

async function ensureBuild({ spawn, fs }: BenchContext) {
	const buildDir = process.env.BUILD_DIR ?? 'build';
	if (fs.existsSync(`${buildDir}/index.js`)) return;
	await new Promise<void>((resolve, reject) =>
		spawn('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'ignore' }).on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`build failed (${code})`))
		)
	);
}

async function postgresUrl(): Promise<{ url: string; drop: () => Promise<void> } | null> {
	const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	try {
		return await createFreshDatabaseUrl(admin);
	} catch {
		return null;
	}
}

/**
 * P3: the four public pages at 50 connections against the same bytes as a static file.
 * "cached" is what a signed-out visitor gets: the rendered HTML from the page cache
 * (platform/shared/page-cache.ts), checked against the municipality's public version (read at
 * most every 300 ms in the background), no database query per request. "rendered" adds an unknown
 * query parameter, which goes past the page cache: the page is rendered on every request (the
 * promise module still keeps its public data views until a write, as on any request).
 */
export const publicPagesBenchmark: Benchmark = {
	name: 'public',
	async run(context) {
		const { spawn, fs, os, path } = context;
		await ensureBuild(context);
		const lines: string[] = [
			`${CONNECTIONS} connections, ${WARM_UP_MS / 1000} s warm-up (not counted), ${MEASURE_MS / 1000} s measured per figure; load generator in its own process (bench/load-generator.mjs)`
		];
		const figures: Record<string, unknown> = {};
		const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgresql').split(',');
		for (const engine of engines) {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-bench-public-'));
			const pg = engine === 'postgresql' ? await postgresUrl() : null;
			if (engine === 'postgresql' && !pg) {
				lines.push('PostgreSQL: no server (set BENCH_DATABASE_URL); skipped');
				continue;
			}
			const appPort = await freePort();
			const staticPort = await freePort();
			const app = startApp(context, { port: appPort, dataDir: path.join(dir, 'data'), databaseUrl: pg?.url });
			let staticServer: ReturnType<BenchContext['spawn']> | null = null;
			try {
				await waitFor(`http://127.0.0.1:${appPort}/healthz`, 180_000);
				const base = `http://127.0.0.1:${appPort}`;
				const home = await (await fetch(`${base}/falun`)).text();
				const planId = /\/falun\/atgardsplan\/([0-9a-f-]{36})/.exec(home)?.[1];
				const pages: Record<string, string> = { municipality: '/falun', promise: PROMISE, plan: `/falun/atgardsplan/${planId}`, situation: '/falun/lagesbild' };
				if (!planId) delete pages.plan;
				lines.push(`\n### ${engine}`);
				const engineFigures: Record<string, unknown> = {};
				for (const [name, pagePath] of Object.entries(pages)) {
					const response = await fetch(`${base}${pagePath}`);
					if (response.status !== 200) throw new Error(`${pagePath} answered ${response.status}`);
					const html = await response.text();
					const file = path.join(dir, `${name}.html`);
					fs.writeFileSync(file, html);
					staticServer = spawn('node', ['-e', STATIC_SERVER, file, String(staticPort)], { stdio: 'ignore' });
					await waitFor(`http://127.0.0.1:${staticPort}/`, 10_000);
					const fixed = await load(spawn, `http://127.0.0.1:${staticPort}/`);
					staticServer.kill();
					staticServer = null;
					const cached = await load(spawn, `${base}${pagePath}`);
					const rendered = await load(spawn, `${base}${pagePath}?bench=1`);
					const ratio = cached.perSecond / fixed.perSecond;
					engineFigures[name] = { path: pagePath, bytes: Buffer.byteLength(html), static: fixed, cached, rendered, ratio };
					lines.push(
						`${name} ${pagePath} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB)`,
						`  ${line('static file (plain Node http)', fixed)}`,
						`  ${line('Förebygg, from the page cache', cached)}`,
						`  ${line('Förebygg, rendered per request', rendered)}`,
						`  ratio ${ratio.toFixed(2)} × the static file (goal ≥ ${GOAL_RATIO}: ${ratio >= GOAL_RATIO ? 'met' : 'MISSED'}); p99 ${cached.p99.toFixed(1)} ms (goal < ${GOAL_P99_MS} ms: ${cached.p99 < GOAL_P99_MS ? 'met' : 'MISSED'}); rendering is ${(cached.perSecond / rendered.perSecond).toFixed(1)} × slower than the cache`
					);
				}
				figures[engine] = engineFigures;
			} finally {
				staticServer?.kill();
				const exited = new Promise((r) => app.once('exit', r));
				app.kill();
				await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
				await pg?.drop().catch(() => {});
				fs.rmSync(dir, { recursive: true, force: true });
			}
		}
		context.figures.public = figures;
		return lines;
	}
};
