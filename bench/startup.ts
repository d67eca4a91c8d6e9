import { readFileSync } from 'node:fs';
import { freePort } from './public-pages';
import type { Benchmark } from './registry';

// A port nobody else is using: another server answering /healthz there would make every figure a lie.
let PORT = 0;

async function waitForHealth(deadline: number): Promise<void> {
	while (Date.now() < deadline) {
		try {
			const response = await fetch(`http://127.0.0.1:${PORT}/healthz`);
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	throw new Error('Servern startade inte inom tidsgränsen.');
}

function rssMiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Start-up of the built app, as `npm start` runs it once built: `node build/index.js` with the
 * settings scripts/start.mjs adds. The build itself is not timed (start.mjs rebuilds only when the
 * sources changed, which says nothing about starting): run `npx vite build` first. The first start
 * is on an empty data directory (PGlite creates its cluster, migrations, demo seed), the second on
 * the same directory; the stages come from the server's own log lines.
 */
export const startupBenchmark: Benchmark = {
	name: 'start',
	async run({ spawn, fs, os, path, figures }) {
		const buildDir = process.env.BUILD_DIR ?? 'build';
		if (!fs.existsSync(`${buildDir}/index.js`)) throw new Error(`no build in ${buildDir}: run \`BUILD_DIR=${buildDir} npx vite build\` first`);
		PORT = Number(process.env.BENCH_PORT ?? (await freePort()));
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-bench-'));
		const measure = async () => {
			const started = performance.now();
			const child = spawn('node', [`${buildDir}/index.js`], {
				env: {
					...process.env,
					PORT: String(PORT),
					HOST: '127.0.0.1',
					ORIGIN: `http://127.0.0.1:${PORT}`,
					DATA_DIR: dataDir,
					DATABASE_URL: '',
					FOREBYGG_DEMO: '1',
					FOREBYGG_LOG: '',
					BODY_SIZE_LIMIT: '51M',
					KEEP_ALIVE_TIMEOUT: '65',
					HEADERS_TIMEOUT: '66',
					SHUTDOWN_TIMEOUT: '2'
				},
				stdio: ['ignore', 'pipe', 'pipe']
			});
			const stages: { stage: string; ms: number }[] = [];
			const collect = (chunk: Buffer) => {
				for (const line of chunk.toString().split('\n')) {
					const entry = /"message":"([^"]+)","ms":(\d+)/.exec(line);
					if (entry) stages.push({ stage: entry[1]!, ms: Number(entry[2]) });
				}
			};
			child.stdout!.on('data', collect);
			child.stderr!.on('data', collect);
			await waitForHealth(Date.now() + 600_000);
			const seconds = (performance.now() - started) / 1000;
			const idle = rssMiB(child.pid!);
			for (let i = 0; i < 50; i++) await (await fetch(`http://127.0.0.1:${PORT}/falun`)).text();
			const afterRequests = rssMiB(child.pid!);
			const exited = new Promise((resolve) => child.once('exit', resolve));
			const stopAt = performance.now();
			child.kill('SIGTERM');
			await exited;
			return { seconds, stages, idle, afterRequests, stopSeconds: (performance.now() - stopAt) / 1000 };
		};
		const loadBefore = os.loadavg()[0]!;
		const first = await measure();
		const second = await measure();
		fs.rmSync(dataDir, { recursive: true, force: true });
		figures.start = { first, second, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg()[0], goals: { firstStartSeconds: 5, rssMiB: 300 } };
		const stageText = (stages: { stage: string; ms: number }[]) => stages.map((s) => `${s.stage} ${(s.ms / 1000).toFixed(1)} s`).join('; ');
		return [
			`node ${buildDir}/index.js with npm start's settings, PGlite; build not timed; load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
			`first start (empty data directory: new cluster, migrations, demo seed) until /healthz answers: ${first.seconds.toFixed(2)} s (goal < 5 s: ${first.seconds < 5 ? 'met' : 'MISSED'})`,
			`  stages: ${stageText(first.stages)}`,
			`  memory after the first start: ${first.idle.toFixed(0)} MiB RSS (the seed's garbage included)`,
			`second start (existing data directory): ${second.seconds.toFixed(2)} s; stages: ${stageText(second.stages)}`,
			`memory after the second start: ${second.idle.toFixed(0)} MiB RSS; after 50 views of /falun: ${second.afterRequests.toFixed(0)} MiB (goal < 300 MiB: ${second.afterRequests < 300 ? 'met' : 'MISSED'})`,
			`shutdown on SIGTERM: ${second.stopSeconds.toFixed(2)} s`
		];
	}
};
