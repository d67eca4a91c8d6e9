// `npm run bench [name …]`: measured figures for the sizes the issues name. Each figure is printed
// with its ratio to a baseline measured in the same run, so machines can be compared; every figure,
// the machine (cores, memory, load average before and after) and the commit go to
// bench/results/<date>.json.
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCHMARKS } from './registry';

const only = process.argv.slice(2);
const figures: Record<string, unknown> = {};
const printed: Record<string, string[]> = {};
const machine = () => ({ cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryMiB: Math.round(os.totalmem() / 2 ** 20), loadAverage: os.loadavg() });
const git = (command: string) => {
	try {
		return execSync(`git ${command}`, { encoding: 'utf8' }).trim();
	} catch {
		return null;
	}
};
const startedAt = new Date();
const before = machine();
console.log(`machine: ${before.cores} cores (${before.cpu}), ${before.memoryMiB} MiB, load average ${before.loadAverage.map((l) => l.toFixed(2)).join(' ')}`);
if (before.loadAverage[0]! > before.cores)
	console.log(`note: the load average is above the core count, so these figures are noisy (other work shares the CPU)`);
for (const bench of BENCHMARKS) {
	if (only.length && !only.includes(bench.name)) continue;
	console.log(`\n## ${bench.name}`);
	const started = performance.now();
	const lines = await bench.run({ spawn, fs, os, path, figures });
	for (const line of lines) console.log(line);
	printed[bench.name] = lines;
	console.log(`(${bench.name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
const result = {
	startedAt: startedAt.toISOString(),
	finishedAt: new Date().toISOString(),
	commit: git('rev-parse HEAD'),
	uncommittedChanges: git('status --porcelain --untracked-files=no')?.split('\n').filter(Boolean).length ?? null,
	node: process.version,
	machine: { ...before, loadAverageAfter: os.loadavg() },
	environment: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_') || k === 'BUILD_DIR')),
	figures,
	printed
};
fs.mkdirSync('bench/results', { recursive: true });
const file = path.join('bench/results', `${startedAt.toISOString().replace(/[:]/g, '-').replace(/\..*/, '')}.json`);
fs.writeFileSync(file, JSON.stringify(result, null, '\t') + '\n');
console.log(`\nfigures written to ${file}`);
