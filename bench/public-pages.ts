import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
	/**
	 * CPU time the server process spent per 1,000 answers (user + system, from /proc), warm-up
	 * included in neither count: unlike requests per second, it hardly moves when other work shares
	 * the machine, so it says what a quiet machine would do. Null where /proc is missing.
	 */
	serverCpuMsPer1000?: number | null;
}

const CLOCK_TICKS = (() => {
	try {
		return Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** CPU milliseconds a process has used so far (user + system), or null. */
export function cpuMsOf(pid: number | undefined): number | null {
	if (!pid) return null;
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		// utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the command name.
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
	} catch {
		return null;
	}
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
export async function load(spawn: BenchContext['spawn'], url: string, headers: string[] = [], measureMs = MEASURE_MS, serverPid?: number): Promise<LoadResult> {
	return new Promise((resolve, reject) => {
		const child = spawn('node', ['bench/load-generator.mjs', url, String(CONNECTIONS), String(WARM_UP_MS), String(measureMs), ...headers], {
			stdio: ['ignore', 'pipe', 'inherit']
		});
		let out = '';
		let cpuAtStart: number | null = null;
		// The generator warms up first; the server's CPU is counted from the end of the warm-up.
		const warmUpTimer = setTimeout(() => (cpuAtStart = cpuMsOf(serverPid)), WARM_UP_MS);
		child.stdout!.on('data', (chunk) => (out += chunk));
		child.on('exit', (code) => {
			clearTimeout(warmUpTimer);
			if (code !== 0) return reject(new Error(`load generator failed (${code})`));
			const result = JSON.parse(out) as LoadResult;
			const cpuAtEnd = cpuMsOf(serverPid);
			result.serverCpuMsPer1000 = cpuAtStart !== null && cpuAtEnd !== null && result.requests ? ((cpuAtEnd - cpuAtStart) / result.requests) * 1000 : null;
			resolve(result);
		});
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
	`${what}: ${r.perSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.requests} requests, ${r.errors} errors, generator CPU ${r.generatorCpuPercent.toFixed(0)} %${
		r.serverCpuMsPer1000 != null ? `; server CPU ${r.serverCpuMsPer1000.toFixed(0)} ms per 1,000 answers` : ''
	})`;

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
 * (platform/shared/page-cache.ts), answered from Node's request event before SvelteKit
 * (platform/shared/fast-path.ts) while the municipality's public version, read every 300 ms in the
 * background, is under a second old; no database query per request. The first request of each
 * page (a render) and the warm-up are not counted. "rendered" adds an unknown
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
					const fixed = await load(spawn, `http://127.0.0.1:${staticPort}/`, [], MEASURE_MS, staticServer.pid);
					staticServer.kill();
					staticServer = null;
					const cached = await load(spawn, `${base}${pagePath}`, [], MEASURE_MS, app.pid);
					const rendered = await load(spawn, `${base}${pagePath}?bench=1`, [], MEASURE_MS, app.pid);
					const ratio = cached.perSecond / fixed.perSecond;
					const cpuRatio = fixed.serverCpuMsPer1000 && cached.serverCpuMsPer1000 ? fixed.serverCpuMsPer1000 / cached.serverCpuMsPer1000 : null;
					engineFigures[name] = { path: pagePath, bytes: Buffer.byteLength(html), static: fixed, cached, rendered, ratio, cpuRatio };
					lines.push(
						`${name} ${pagePath} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB)`,
						`  ${line('static file (plain Node http)', fixed)}`,
						`  ${line('Förebygg, from the page cache', cached)}`,
						`  ${line('Förebygg, rendered per request', rendered)}`,
						`  CPU per answer: the static file server spends ${cpuRatio?.toFixed(2) ?? '–'} × what Förebygg spends from the cache (above 1: the cache is cheaper; on a quiet machine req/s follow this)`,
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
