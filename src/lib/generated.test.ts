import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the generated module files (schema barrel, message catalogue, module registries)', () => {
	it('are current: run `npm run generate` after adding a module, a table file or a message file', async () => {
		// Imported by a computed path: the script is plain Node JavaScript, outside the type-checked sources.
		const script = path.resolve(import.meta.dirname, '../../scripts/generate-modules.mjs');
		const { stale } = (await import(/* @vite-ignore */ script)) as { stale: () => Promise<string[]> };
		expect(await stale()).toEqual([]);
	});
});
