// A load generator in its own process, so the server under test never shares an event loop with
// the client that measures it. Keeps CONNECTIONS requests in flight over keep-alive sockets, first
// for WARM_UP ms (not counted), then for DURATION ms; prints one JSON line with the figures.
//
//   node bench/load-generator.mjs <url> <connections> <warmUpMs> <durationMs> [header:value …]
import http from 'node:http';

const [url, connectionsArg, warmUpArg, durationArg, ...headerArgs] = process.argv.slice(2);
const connections = Number(connectionsArg ?? 50);
const warmUpMs = Number(warmUpArg ?? 2000);
const durationMs = Number(durationArg ?? 10000);
const headers = Object.fromEntries(headerArgs.map((h) => [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 1)]));
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });

// Latencies in microseconds, in a flat array that grows without per-request objects.
let latencies = new Float64Array(1 << 16);
let count = 0;
let errors = 0;
let bytes = 0;
const statuses = {};
let measuring = false;

function record(micros) {
	if (count === latencies.length) {
		const bigger = new Float64Array(latencies.length * 2);
		bigger.set(latencies);
		latencies = bigger;
	}
	latencies[count++] = micros;
}

function one() {
	return new Promise((resolve) => {
		const started = process.hrtime.bigint();
		const req = http.get(url, { agent, headers }, (res) => {
			let size = 0;
			res.on('data', (chunk) => (size += chunk.length));
			res.on('end', () => {
				if (measuring) {
					statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
					if (res.statusCode === 200 || res.statusCode === 304) {
						record(Number(process.hrtime.bigint() - started) / 1000);
						bytes += size;
					} else errors++;
				}
				resolve();
			});
		});
		req.on('error', () => {
			if (measuring) errors++;
			resolve();
		});
	});
}

async function run(ms) {
	const stopAt = performance.now() + ms;
	await Promise.all(
		Array.from({ length: connections }, async () => {
			while (performance.now() < stopAt) await one();
		})
	);
}

await run(warmUpMs);
measuring = true;
const cpuBefore = process.cpuUsage();
const started = performance.now();
await run(durationMs);
const elapsed = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
agent.destroy();

const sorted = latencies.subarray(0, count).sort();
const at = (q) => (count ? sorted[Math.min(count - 1, Math.floor(q * count))] / 1000 : null);
console.log(
	JSON.stringify({
		url,
		connections,
		warmUpMs,
		durationMs: Math.round(elapsed),
		requests: count,
		perSecond: (count / elapsed) * 1000,
		p50: at(0.5),
		p90: at(0.9),
		p99: at(0.99),
		p999: at(0.999),
		max: count ? sorted[count - 1] / 1000 : null,
		errors,
		statuses,
		bytesPerSecond: (bytes / elapsed) * 1000,
		// How busy the generator itself was: near 100 % means the figure is the generator's limit, not the server's.
		generatorCpuPercent: ((cpu.user + cpu.system) / 1000 / elapsed) * 100
	})
);
