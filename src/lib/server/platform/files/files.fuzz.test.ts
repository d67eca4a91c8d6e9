import { afterAll, describe, expect, it } from 'vitest';
import { fuzzImporters } from './fuzz';
import { closeParseWorkers } from './parse-pool';

afterAll(() => closeParseWorkers());

describe('every importer under generated input (the full 10,000 in `npm run bench -- fuzz`)', () => {
	it('accepts or refuses with its own coded error: no other exception, no hang', { timeout: 120_000 }, async () => {
		const report = await fuzzImporters({ total: Number(process.env.FUZZ_RUNS ?? 600), hangMs: 30_000 });
		expect(report.failures).toEqual([]);
		for (const [name, counts] of Object.entries(report.perImporter)) expect(counts.runs, name).toBeGreaterThan(0);
	});
});
