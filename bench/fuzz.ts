import { fuzzImporters } from '../src/lib/server/platform/files/fuzz';
import { closeParseWorkers } from '../src/lib/server/platform/files/parse-pool';
import type { Benchmark } from './registry';

/**
 * Every importer under generated input (issue 11): at least 10,000 inputs in total
 * (`BENCH_FUZZ_RUNS`), none may end in anything but the importer's own coded error, or hang.
 */
export const fuzzBenchmark: Benchmark = {
	name: 'fuzz',
	async run({ figures }) {
		const total = Number(process.env.BENCH_FUZZ_RUNS ?? 10_000);
		const seed = Number(process.env.BENCH_FUZZ_SEED ?? Date.now() % 2 ** 31);
		const report = await fuzzImporters({ total, seed, hangMs: 30_000 });
		await closeParseWorkers();
		figures.fuzz = { seed, ...report };
		const lines = [
			`${report.total} generated inputs over ${Object.keys(report.perImporter).length} importers in ${report.seconds.toFixed(0)} s (seed ${seed}), goal ≥ 10,000 and 0 failures: ${report.failures.length} failures`,
			...Object.entries(report.perImporter).map(([name, c]) => `  ${name}: ${c.runs} inputs, ${c.accepted} read, ${c.refused} refused with a coded error`),
			...report.failures.map((f) => `FAILURE ${f}`)
		];
		if (report.failures.length) process.exitCode = 1;
		return lines;
	}
};
