import { describe, expect, it } from 'vitest';
import { formatLooseDate, isExactDay, parseLooseDate } from './loose-date';

describe('dates as municipalities write them', () => {
	it.each([
		['2026-06-15', { date: '2026-06-15', precision: 'day' }],
		['15 juni 2026', { date: '2026-06-15', precision: 'day' }],
		['februari 2019', { date: '2019-02-01', precision: 'month' }],
		['Februari 2019', { date: '2019-02-01', precision: 'month' }],
		['2019-02', { date: '2019-02-01', precision: 'month' }],
		['February 2019', { date: '2019-02-01', precision: 'month' }],
		['under våren 2026', { date: '2026-03-01', precision: 'season' }],
		['hösten 2025', { date: '2025-09-01', precision: 'season' }],
		['senast juni 2026', { date: '2026-06-01', precision: 'by-month' }],
		['Senast 2026-06-30', { date: '2026-06-30', precision: 'by-day' }],
		['by June 2026', { date: '2026-06-01', precision: 'by-month' }]
	])('reads %s', (text, expected) => {
		expect(parseLooseDate(text)).toEqual(expected);
	});

	it('an empty text is no date and anything else unreadable is refused, not guessed', () => {
		expect(parseLooseDate('  ')).toBeNull();
		for (const text of ['2026-02-30', '2026-13', 'snart', 'juni', 'våren', '12/6 2026', 'midsommar 2026']) expect(parseLooseDate(text)).toBeUndefined();
	});

	it('shows the date as written, in Swedish and English, and never invents a day', () => {
		expect(formatLooseDate('2019-02-01', 'month')).toBe('februari 2019');
		expect(formatLooseDate('2019-02-01', 'month', 'en')).toBe('February 2019');
		expect(formatLooseDate('2026-03-01', 'season')).toBe('våren 2026');
		expect(formatLooseDate('2026-03-01', 'season', 'en')).toBe('spring 2026');
		expect(formatLooseDate('2026-06-01', 'by-month')).toBe('senast juni 2026');
		expect(formatLooseDate('2026-06-01', 'by-month', 'en')).toBe('by June 2026');
		// Rows from before precision existed are days.
		expect(formatLooseDate('2022-12-13', null)).toBe('2022-12-13');
		expect(formatLooseDate(null, 'month')).toBe('');
	});

	it('reads back what it writes', () => {
		for (const text of ['februari 2019', 'våren 2026', 'sommaren 2024', 'hösten 2023', 'vintern 2027', 'senast juni 2026', 'senast våren 2026', '2026-06-15']) {
			const parsed = parseLooseDate(text)!;
			expect(formatLooseDate(parsed.date, parsed.precision)).toBe(text);
		}
	});

	it('only a day makes a calendar event', () => {
		expect(isExactDay('day')).toBe(true);
		expect(isExactDay(null)).toBe(true);
		expect(isExactDay('month')).toBe(false);
		expect(isExactDay('by-day')).toBe(false);
	});
});
