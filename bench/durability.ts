// `npm run bench -- durability`: kills a process with SIGKILL in the middle of plan imports and
// follow-up answer saves, BENCH_DURABILITY_TRIALS times (20) on PGlite and, with BENCH_DATABASE_URL
// (or TEST_DATABASE_URL), on PostgreSQL; after every kill the database must open again, hold every
// write the journal says was committed, have no half-written import, and its audit chain must verify.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFreshDatabaseUrl } from '../src/lib/server/testing/test-db';
import type { Benchmark } from './registry';

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'durability-writer.ts');

export interface TrialResult {
	trial: number;
	killedAfterMs: number;
	ok: boolean;
	problems: string[];
	imports: number;
	answers: number;
	auditRows: number;
}

function run(
	args: string[],
	env: NodeJS.ProcessEnv,
	onLine?: (line: string, kill: () => void) => void
): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], {
			env: { ...process.env, ...env, FOREBYGG_LOG: 'silent' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => {
			const text = chunk.toString();
			out += text;
			for (const line of text.split('\n')) if (line.trim()) onLine?.(line.trim(), () => child.kill('SIGKILL'));
		});
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.once('error', reject);
		child.once('exit', (code, signal) => resolve({ code, signal, out, err }));
	});
}

/**
 * Runs `trials` kills against one database (PGlite in a fresh directory, or a fresh database made
 * on the PostgreSQL server `adminUrl` points to, dropped afterwards); each kill lands a random
 * 0.3–2.5 s after the writer has started writing.
 */
export async function runDurabilityTrials(options: { trials: number; adminUrl?: string | null; log?: (line: string) => void }): Promise<TrialResult[]> {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forebygg-durability-'));
	const journalFile = path.join(root, 'journal.jsonl');
	const fresh = options.adminUrl ? await createFreshDatabaseUrl(options.adminUrl) : null;
	const env: NodeJS.ProcessEnv = { DATABASE_URL: fresh?.url ?? '', DATA_DIR: path.join(root, 'data') };
	const results: TrialResult[] = [];
	try {
		for (let trial = 1; trial <= options.trials; trial++) {
			const delay = 1000 + Math.floor(Math.random() * 8000);
			let killedAfterMs = -1;
			const writer = await run(['write', journalFile], env, (line, kill) => {
				if (line !== 'ready') return;
				const started = Date.now();
				setTimeout(() => {
					killedAfterMs = Date.now() - started;
					kill();
				}, delay);
			});
			if (writer.signal !== 'SIGKILL') throw new Error(`the writer stopped by itself (code ${writer.code}): ${writer.err.slice(-2000)}`);
			const check = await run(['check', journalFile], env);
			const last = check.out.trim().split('\n').pop() ?? '';
			let verdict: Omit<TrialResult, 'trial' | 'killedAfterMs'>;
			try {
				verdict = JSON.parse(last);
			} catch {
				verdict = { ok: false, problems: [`the database did not open again: ${check.err.slice(-2000)}`], imports: 0, answers: 0, auditRows: 0 };
			}
			const result = { trial, killedAfterMs, ...verdict };
			results.push(result);
			options.log?.(
				`trial ${trial}: killed ${killedAfterMs} ms into writing; ${result.ok ? 'intact' : `LOST OR HALF-WRITTEN: ${result.problems.join('; ')}`} (${result.imports} imports, ${result.auditRows} audit rows)`
			);
		}
	} finally {
		fs.rmSync(root, { recursive: true, force: true });
		await fresh?.drop();
	}
	return results;
}

export const durabilityBenchmark: Benchmark = {
	name: 'durability',
	async run({ figures }) {
		const trials = Number(process.env.BENCH_DURABILITY_TRIALS ?? 20);
		const lines: string[] = [];
		const summary: Record<string, unknown> = {};
		const engines: [string, string | null][] = [['pglite', null]];
		const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
		if (url) engines.push(['postgresql', url]);
		else lines.push('PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a database the trials may fill');
		for (const [engine, databaseUrl] of engines) {
			const results = await runDurabilityTrials({ trials, adminUrl: databaseUrl, log: (line) => console.log(`  ${engine} ${line}`) });
			const failed = results.filter((r) => !r.ok);
			summary[engine] = { trials: results.length, failed: failed.length, results };
			lines.push(`${engine}: ${failed.length} of ${results.length} SIGKILL trials lost or half-wrote data (goal 0: ${failed.length === 0 ? 'met' : 'MISSED'})`);
			for (const f of failed) lines.push(`  trial ${f.trial}: ${f.problems.join('; ')}`);
		}
		figures.durability = summary;
		return lines;
	}
};
