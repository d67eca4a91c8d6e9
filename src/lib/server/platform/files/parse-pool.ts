/**
 * Uploaded files are parsed in worker threads: a file that takes long or eats memory costs its
 * worker, never the event loop that answers every other request. Each worker has a heap limit
 * (resourceLimits) and each job a wall-clock limit; a worker over either is terminated and the
 * upload gets a Swedish message naming the limit. Workers are reused while they behave.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { logger } from '../logger';
import { FileReadError } from './limits';
import type { JobMessage, ParseJobName, ParseJobs, SerialisedError } from './parse-jobs';

export interface ParseLimits {
	/** Wall-clock time for one job. */
	timeoutMs: number;
	/** The worker's old-generation heap. */
	heapMb: number;
}

const positive = (value: string | undefined, fallback: number) => {
	const n = Number(value);
	return Number.isFinite(n) && n > 0 ? n : fallback;
};

export function parseLimits(): ParseLimits {
	return { timeoutMs: positive(process.env.PARSE_TIMEOUT_MS, 60_000), heapMb: positive(process.env.PARSE_WORKER_HEAP_MB, 1024) };
}

const poolSize = () => positive(process.env.PARSE_WORKERS, 2);

export const parseErrors = {
	timeout: (limits: ParseLimits) => new FileReadError('file.limit_time', { seconds: Math.round(limits.timeoutMs / 1000) }, { limit: limits.timeoutMs }),
	memory: (limits: ParseLimits) => new FileReadError('file.limit_memory', { megabytes: limits.heapMb }, { limit: limits.heapMb }),
	crashed: () => new FileReadError('file.read_failed')
};

type Jobs = typeof import('./parse-jobs');
let jobsModule: Promise<Jobs> | null = null;
const loadJobs = () => (jobsModule ??= import('./parse-jobs'));

interface PooledWorker {
	worker: Worker;
	heapMb: number;
	ready: Promise<void>;
	busy: boolean;
}

const idle: PooledWorker[] = [];
let running = 0;
const waiting: (() => void)[] = [];
let nextId = 0;

async function spawn(heapMb: number): Promise<PooledWorker> {
	const { PARSE_JOBS_URL } = await loadJobs();
	const url = new URL(PARSE_JOBS_URL);
	// Under vitest and tsx the entry is TypeScript source: the worker registers tsx first (an
	// `--import tsx` flag is not applied before a worker's entry is loaded on Node 20).
	const source = /\.ts$/.test(url.pathname);
	const tsx = source ? pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href : '';
	const entry = source ? `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })` : url;
	const worker = new Worker(entry, {
		eval: source,
		workerData: { forebyggParseWorker: true },
		execArgv: [],
		resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, heapMb / 8)), stackSizeMb: 4 },
		stdout: false,
		stderr: false
	});
	const ready = new Promise<void>((resolve, reject) => {
		const onMessage = (m: { ready?: boolean }) => {
			if (m?.ready) {
				worker.off('message', onMessage);
				worker.off('error', reject);
				resolve();
			}
		};
		worker.on('message', onMessage);
		worker.once('error', reject);
	});
	const pooled: PooledWorker = { worker, heapMb, ready, busy: false };
	worker.once('exit', () => {
		const index = idle.indexOf(pooled);
		if (index >= 0) idle.splice(index, 1);
	});
	return pooled;
}

async function acquire(heapMb: number): Promise<PooledWorker> {
	while (running >= poolSize()) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	const index = idle.findIndex((w) => w.heapMb === heapMb);
	if (index >= 0) return idle.splice(index, 1)[0];
	return spawn(heapMb);
}

function release(pooled: PooledWorker | null) {
	running--;
	if (pooled) {
		pooled.worker.unref();
		idle.push(pooled);
	}
	waiting.shift()?.();
}

/**
 * Runs one parse job in a worker and gives its result, or the reader's own error (a FileReadError
 * or AreaFileError), or a FileReadError for a job over the time or memory limit.
 */
export async function runParseJob<K extends ParseJobName>(
	job: K,
	input: ParseJobs[K]['input'],
	limits: ParseLimits = parseLimits()
): Promise<ParseJobs[K]['output']> {
	const { reviveError } = await loadJobs();
	let pooled: PooledWorker | null = null;
	try {
		pooled = await acquire(limits.heapMb);
	} catch (error) {
		release(null);
		throw error;
	}
	const { worker } = pooled;
	worker.ref();
	return new Promise<ParseJobs[K]['output']>((resolve, reject) => {
		const id = ++nextId;
		let settled = false;
		const finish = (keep: boolean, outcome: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			worker.off('message', onMessage);
			worker.off('error', onError);
			worker.off('exit', onExit);
			if (!keep) void worker.terminate();
			release(keep ? pooled : null);
			outcome();
		};
		const timer = setTimeout(() => finish(false, () => reject(parseErrors.timeout(limits))), limits.timeoutMs);
		const onMessage = (m: { id?: number; ok?: boolean; value?: unknown; error?: SerialisedError }) => {
			if (m?.id !== id) return;
			if (m.ok) finish(true, () => resolve(m.value as ParseJobs[K]['output']));
			else finish(true, () => reject(reviveError(m.error!)));
		};
		const onError = (error: Error & { code?: string }) =>
			finish(false, () => {
				logger.warn('parse worker stopped', { job, code: error.code ?? null, error: String(error.message).slice(0, 500) });
				reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? parseErrors.memory(limits) : parseErrors.crashed());
			});
		const onExit = () => finish(false, () => reject(parseErrors.crashed()));
		worker.on('message', onMessage);
		worker.once('error', onError);
		worker.once('exit', onExit);
		pooled!.ready.then(
			() => {
				if (!settled) worker.postMessage({ id, job, input } satisfies JobMessage);
			},
			(error: Error & { code?: string }) => onError(error)
		);
	});
}

/** Stops the idle workers (tests, shutdown). */
export async function closeParseWorkers(): Promise<void> {
	await Promise.all(idle.splice(0).map((w) => w.worker.terminate()));
}
