import { describe, expect, it } from 'vitest';
import { trendChange } from './trend';

describe('trendChange', () => {
	it('compares the latest value with the one before it, skipping missing periods', () => {
		expect(trendChange([100, 120])).toBe(20);
		expect(trendChange([80, null, 60, null])).toBe(-25);
		expect(trendChange([null, 50])).toBeNull();
		expect(trendChange([0, 5])).toBeNull();
		expect(trendChange([-10, -5])).toBe(50);
	});
});
