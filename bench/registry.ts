import { durabilityBenchmark } from './durability';
import { estBenchmark } from './est';
import { estFormBenchmark } from './est-form';
import { fuzzBenchmark } from './fuzz';
import { loadBenchmark } from './load';
import { plansBenchmark } from './plans';
import { publicPagesBenchmark } from './public-pages';
import { situationBenchmark } from './situation';
import { startupBenchmark } from './startup';

export interface BenchContext {
	spawn: typeof import('node:child_process').spawn;
	fs: typeof import('node:fs');
	os: typeof import('node:os');
	path: typeof import('node:path');
	/** Every figure a benchmark measured, by benchmark: written to bench/results/<date>.json. */
	figures: Record<string, unknown>;
}

export interface Benchmark {
	name: string;
	run(context: BenchContext): Promise<string[]>;
}

/** Modules add their benchmarks here (plan import, report generation, crime import …). */
export const BENCHMARKS: Benchmark[] = [
	startupBenchmark,
	publicPagesBenchmark,
	plansBenchmark,
	situationBenchmark,
	estBenchmark,
	estFormBenchmark,
	fuzzBenchmark,
	durabilityBenchmark,
	loadBenchmark
];
