import { plansBenchmark } from './plans';
import { promisesBenchmark } from './promises';
import { situationBenchmark } from './situation';
import { startupBenchmark } from './startup';

export interface BenchContext {
	spawn: typeof import('node:child_process').spawn;
	fs: typeof import('node:fs');
	os: typeof import('node:os');
	path: typeof import('node:path');
}

export interface Benchmark {
	name: string;
	run(context: BenchContext): Promise<string[]>;
}

/** Modules add their benchmarks here (plan import, report generation, crime import …). */
export const BENCHMARKS: Benchmark[] = [startupBenchmark, plansBenchmark, promisesBenchmark, situationBenchmark];
