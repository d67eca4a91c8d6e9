// Issue 11: a SIGKILL in the middle of imports and answer saves loses no committed write and leaves
// nothing half-written. Two kills here; `npm run bench -- durability` runs twenty per engine.
import { describe, expect, it } from 'vitest';
import { runDurabilityTrials } from '../../../../bench/durability';
import { testEngine } from '../testing/test-db';

describe(`SIGKILL while writing (${testEngine()})`, () => {
	it('opens again with every committed import and answer, no half-written import, and an intact audit chain', async () => {
		const results = await runDurabilityTrials({
			trials: 2,
			adminUrl: testEngine() === 'postgresql' ? process.env.TEST_DATABASE_URL : null
		});
		expect(results).toHaveLength(2);
		expect(results.filter((r) => !r.ok)).toEqual([]);
		// The kills landed after the writer had set up and committed (a trial that wrote nothing proves nothing).
		expect(results.every((r) => r.imports >= 1 && r.auditRows > 0)).toBe(true);
	}, 600_000);
});
