import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Benchmark, BenchContext } from './registry';

const CONNECTIONS = 50;
// Long enough for the JIT and the public-view cache to settle after start-up.
const WARM_UP_MS = 3_000;
const MEASURE_MS = 8_000;
const PAGE = '/falun/medborgarloften/lokalpolisomrade-falun-och-falu-kommun-2022';

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = http.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

interface LoadResult {
	requests: number;
	perSecond: number;
	p50: number;
	p99: number;
	errors: number;
}

/** Keeps CONNECTIONS requests in flight over keep-alive sockets for the given time; latencies in ms. */
async function load(url: string, durationMs: number): Promise<LoadResult> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
	const latencies: number[] = [];
	let errors = 0;
	const stopAt = performance.now() + durationMs;
	const one = () =>
		new Promise<void>((resolve) => {
			const started = performance.now();
			const req = http.get(url, { agent }, (res) => {
				res.on('data', () => {});
				res.on('end', () => {
					if (res.statusCode === 200) latencies.push(performance.now() - started);
					else errors++;
					resolve();
				});
			});
			req.on('error', () => {
				errors++;
				resolve();
			});
		});
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONNECTIONS }, async () => {
			while (performance.now() < stopAt) await one();
		})
	);
	const elapsed = performance.now() - started;
	agent.destroy();
	latencies.sort((a, b) => a - b);
	const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
	return { requests: latencies.length, perSecond: (latencies.length / elapsed) * 1000, p50: at(0.5), p99: at(0.99), errors };
}

/** A plain Node static file server in its own process: the limit for serving the same bytes. */
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

/**
 * A public promise page (server-rendered from the database on every request) at 50 concurrent
 * connections, against the same HTML served as a static file by a minimal Node server.
 */
export const promisesBenchmark: Benchmark = {
	name: 'promises',
	async run({ spawn, fs, os, path }: BenchContext) {
		if (!fs.existsSync('build/index.js')) {
			await new Promise<void>((resolve, reject) =>
				spawn('npm', ['run', 'build'], { stdio: 'ignore' }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build failed (${code})`))))
			);
		}
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-bench-promises-'));
		const appPort = await freePort();
		const staticPort = await freePort();
		const app = spawn('node', ['build/index.js'], {
			env: {
				...process.env,
				PORT: String(appPort),
				ORIGIN: `http://127.0.0.1:${appPort}`,
				DATA_DIR: path.join(dir, 'data'),
				FOREBYGG_LOG: 'silent',
				SCHEDULER: '0',
				FOREBYGG_DEMO: '1',
				DATABASE_URL: ''
			},
			stdio: 'ignore'
		});
		let staticServer: ReturnType<BenchContext['spawn']> | null = null;
		try {
			await waitFor(`http://127.0.0.1:${appPort}/healthz`, 120_000);
			const pageUrl = `http://127.0.0.1:${appPort}${PAGE}`;
			const html = await (await fetch(pageUrl)).text();
			if (!html.includes('Införa samverkansmodellen SIG')) throw new Error('the demo promise page did not render');
			const file = path.join(dir, 'page.html');
			fs.writeFileSync(file, html);
			staticServer = spawn('node', ['-e', STATIC_SERVER, file, String(staticPort)], { stdio: 'ignore' });
			await waitFor(`http://127.0.0.1:${staticPort}/`, 10_000);

			await load(pageUrl, WARM_UP_MS);
			const dynamic = await load(pageUrl, MEASURE_MS);
			await load(`http://127.0.0.1:${staticPort}/`, WARM_UP_MS);
			const fixed = await load(`http://127.0.0.1:${staticPort}/`, MEASURE_MS);
			const line = (what: string, r: LoadResult) =>
				`${what}: ${r.perSecond.toFixed(0)} requests/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.requests} requests, ${r.errors} errors)`;
			return [
				`public promise page ${PAGE} (${(html.length / 1024).toFixed(0)} KiB), ${CONNECTIONS} concurrent connections, ${MEASURE_MS / 1000} s each`,
				line('server-rendered by Förebygg (PGlite)', dynamic),
				line('same HTML as a static file (plain Node http)', fixed),
				`ratio: ${((dynamic.perSecond / fixed.perSecond) * 100).toFixed(1)} % of the static file's requests/s; p99 ${(dynamic.p99 / fixed.p99).toFixed(1)} × the static file's`
			];
		} finally {
			staticServer?.kill();
			app.kill();
			await new Promise((r) => setTimeout(r, 500));
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}
};
