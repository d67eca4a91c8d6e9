// Issue 11, item 11: a lookup with `key in RECORD` accepted inherited names ("constructor", "toString").
import { describe, expect, it } from 'vitest';
import { decisionLine } from './modules/plans/plan-export';
import { updateMeasureSchema } from './modules/plans/plan-editing.usecases';

describe('lookups in label records take only their own keys', () => {
	it('refuses "constructor" as a risk or protective factor', () => {
		for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
			const issues = updateMeasureSchema.safeParse({ factors: [code] }).error?.issues ?? [];
			expect(
				issues.some((i) => i.path[0] === 'factors' && i.message === 'plans.factor_unknown'),
				code
			).toBe(true);
		}
	});

	it('writes an unknown decision kind as it is, never as a function', () => {
		const line = decisionLine({ kind: 'constructor', date: '2024-06-03', body: 'KS', reference: '', text: '' } as Parameters<typeof decisionLine>[0]);
		expect(line).toBe('Constructor 2024-06-03, KS.');
		expect(line).not.toContain('function');
	});
});
