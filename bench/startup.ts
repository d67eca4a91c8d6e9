import { readFileSync } from 'node:fs';
import { freePort } from './public-pages';
import type { Benchmark } from './registry';

// A port nobody else is using: another server answering /healthz there would make every figure a lie.
let PORT = 0;

async function waitForHealth(deadline: number): Promise<void> {
	while (Date.now() < deadline) {
		try {
			const response = await fetch(`http://localhost:${PORT}/healthz`);
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

/** Start-up of `npm start` (built): first start on an empty data directory (migrations + demo seed), then the second. */
export const startupBenchmark: Benchmark = {
	name: 'start',
	async run({ spawn, fs, os, path, figures }) {
		PORT = Number(process.env.BENCH_PORT ?? (await freePort()));
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-bench-'));
		const measure = async () => {
			const started = performance.now();
			const child = spawn('node', ['scripts/start.mjs'], {
				env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, FOREBYGG_LOG: 'silent' },
				stdio: 'ignore'
			});
			await waitForHealth(Date.now() + 600_000);
			const seconds = (performance.now() - started) / 1000;
			const idle = rssMiB(child.pid!);
			for (let i = 0; i < 50; i++) await (await fetch(`http://localhost:${PORT}/falun`)).text();
			const afterRequests = rssMiB(child.pid!);
			const exited = new Promise((resolve) => child.once('exit', resolve));
			const stopAt = performance.now();
			child.kill('SIGTERM');
			await exited;
			return { seconds, idle, afterRequests, stopSeconds: (performance.now() - stopAt) / 1000 };
		};
		const first = await measure();
		const second = await measure();
		fs.rmSync(dataDir, { recursive: true, force: true });
		figures.start = { first, second, goals: { firstStartSeconds: 5, rssMiB: 300 } };
		return [
			`first start (empty database: migrations + demo seed): ${first.seconds.toFixed(2)} s (goal < 5 s: ${first.seconds < 5 ? 'met' : 'MISSED'})`,
			`second start (built, existing database): ${second.seconds.toFixed(2)} s = ${(second.seconds / first.seconds).toFixed(2)} × the first`,
			`memory after second start: ${second.idle.toFixed(0)} MiB RSS; after 50 public page views: ${second.afterRequests.toFixed(0)} MiB (${(second.afterRequests / second.idle).toFixed(2)} ×; goal < 300 MiB: ${second.afterRequests < 300 ? 'met' : 'MISSED'})`,
			`shutdown on SIGTERM: ${second.stopSeconds.toFixed(2)} s`
		];
	}
};
