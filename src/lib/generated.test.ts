import { describe, expect, it } from 'vitest';
import { stale } from '../../scripts/generate-modules.mjs';

describe('the generated module files (schema barrel, message catalogue, module registries)', () => {
	it('are current: run `npm run generate` after adding a module, a table file or a message file', async () => {
		expect(await stale()).toEqual([]);
	});
});
