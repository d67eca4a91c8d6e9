import { describe, expect, it } from 'vitest';
import { changeClassOf, choosePeriods, comparePeriods, periodDays, previousPeriod } from './periods.models';

describe('period against period', () => {
	it('gives the change per area in events and percent, with nothing to divide by as null', () => {
		const areas = [
			{ id: 'a', name: 'Stadskärnan' },
			{ id: 'b', name: 'Järnet' },
			{ id: 'c', name: 'Resecentrum' },
			{ id: 'd', name: 'Bojsenburg' }
		];
		const before = new Map([
			['a', { count: 200, ratePer1000: 41.7 }],
			['b', { count: 40, ratePer1000: 15.4 }],
			['d', { count: 10, ratePer1000: 3.1 }]
		]);
		const after = new Map([
			['a', { count: 260, ratePer1000: 54.2 }],
			['b', { count: 31, ratePer1000: 11.9 }],
			['c', { count: 12, ratePer1000: 100 }],
			['d', { count: 10, ratePer1000: 3.1 }]
		]);
		const rows = comparePeriods(areas, before, after);
		expect(rows.map((r) => [r.name, r.before.count, r.after.count, r.change, r.changePercent, r.changeClass])).toEqual([
			['Stadskärnan', 200, 260, 60, 30, 2],
			['Järnet', 40, 31, -9, -22.5, -1],
			['Resecentrum', 0, 12, 12, null, null],
			['Bojsenburg', 10, 10, 0, 0, 0]
		]);
		expect(rows[0].after.ratePer1000).toBe(54.2);
	});

	it('classes changes on a diverging scale around "about the same"', () => {
		expect([-60, -25, -24.9, -5, 0, 4.9, 5, 25, 300].map(changeClassOf)).toEqual([-2, -1, -1, 0, 0, 0, 1, 2, 2]);
		expect(changeClassOf(null)).toBeNull();
	});

	it('compares with the period of the same length just before', () => {
		expect(previousPeriod({ from: '2024-01-01', to: '2024-12-31' })).toEqual({ from: '2023-01-01', to: '2023-12-31' });
		expect(previousPeriod({ from: '2023-01-01', to: '2024-12-31' })).toEqual({ from: '2021-01-01', to: '2022-12-31' });
		expect(previousPeriod({ from: '2024-03-01', to: '2024-03-31' })).toEqual({ from: '2024-01-30', to: '2024-02-29' });
		expect(periodDays({ from: '2024-01-01', to: '2024-12-31' })).toBe(366);
	});

	it('reads the two periods from the query, defaulting to the latest year with data and the year before', () => {
		expect(choosePeriods(new URLSearchParams(), 2024, '2026-11-23')).toEqual({
			period: { from: '2024-01-01', to: '2024-12-31' },
			comparison: { from: '2023-01-01', to: '2023-12-31' },
			problems: []
		});
		const chosen = choosePeriods(new URLSearchParams('fran=2023-06-01&till=2023-08-31&jfr_fran=2022-06-01&jfr_till=2022-08-31'), 2024, '2026-11-23');
		expect(chosen.period).toEqual({ from: '2023-06-01', to: '2023-08-31' });
		expect(chosen.comparison).toEqual({ from: '2022-06-01', to: '2022-08-31' });
		const bad = choosePeriods(new URLSearchParams('fran=2023-13-01&till=2022-01-01'), null, '2026-11-23');
		expect(bad.period).toEqual({ from: '2026-01-01', to: '2026-12-31' });
		expect(bad.problems).toHaveLength(2);
		expect(bad.problems[0]).toMatch(/Ogiltigt datum ”2023-13-01”/);
	});
});
