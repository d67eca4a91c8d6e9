import { describe, expect, it } from 'vitest';
import { compareBeforeAfter, type MonthlyCount } from './measure-effect.models';

const names = new Map([
	['t', 'Stadskärnan'],
	['c', 'Järnet']
]);

/** Monthly counts for 2023-01 … 2024-12: the target falls from 10 to 5 a month at 2024-01, the comparison stays at 8. */
function rows(): MonthlyCount[] {
	const out: MonthlyCount[] = [];
	for (const year of [2023, 2024]) {
		for (let month = 1; month <= 12; month++) {
			out.push({ area: 't', year, month, count: year === 2023 ? 10 : 5 });
			out.push({ area: 'c', year, month, count: 8 });
		}
	}
	return out;
}

describe('the before/after comparison of a measure', () => {
	it('sums the months before and after the start in the target and comparison places', () => {
		const result = compareBeforeAfter({ rows: rows(), start: '2024-01-15', months: 12, targetIds: ['t'], comparisonIds: ['c'], names })!;
		expect(result.window).toEqual({ beforeFrom: '2023-01', start: '2024-01', afterTo: '2024-12', months: 12 });
		expect(result.target).toEqual({ areas: ['Stadskärnan'], before: 120, after: 60, change: -0.5 });
		expect(result.comparison).toEqual({ areas: ['Järnet'], before: 96, after: 96, change: 0 });
		expect(result.relativeRatio).toBeCloseTo(0.5);
		expect(result.series).toHaveLength(24);
		expect(result.series[12]).toEqual({ month: '2024-01', target: 5, comparison: 8 });
	});

	it('cuts both windows at the last month with data, so they stay equally long', () => {
		const result = compareBeforeAfter({
			rows: rows().filter((r) => r.year === 2023 || r.month <= 6),
			start: '2024-01-01',
			months: 12,
			targetIds: ['t'],
			comparisonIds: ['c'],
			names
		})!;
		expect(result.window).toEqual({ beforeFrom: '2023-07', start: '2024-01', afterTo: '2024-06', months: 6 });
		expect(result.target.before).toBe(60);
		expect(result.target.after).toBe(30);
	});

	it('has nothing to say without target places or data, and no ratio when there was nothing before', () => {
		expect(compareBeforeAfter({ rows: [], start: '2024-01-01', months: 12, targetIds: ['t'], comparisonIds: ['c'], names })).toBeNull();
		expect(compareBeforeAfter({ rows: rows(), start: '2024-01-01', months: 12, targetIds: [], comparisonIds: ['c'], names })).toBeNull();
		const fresh = compareBeforeAfter({
			rows: rows().filter((r) => r.area === 'c' || r.year === 2024),
			start: '2024-01-01',
			months: 12,
			targetIds: ['t'],
			comparisonIds: ['c'],
			names
		})!;
		expect(fresh.target.change).toBeNull();
		expect(fresh.relativeRatio).toBeNull();
	});
});
