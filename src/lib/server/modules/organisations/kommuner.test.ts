import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KOMMUNER, defaultOfficialName, findKommun } from './kommuner';

describe("Sweden's municipalities shipped with the project", () => {
	it('the data module holds exactly the rows of reference/kommuner.csv', () => {
		const csv = fs
			.readFileSync(path.join(import.meta.dirname, 'reference', 'kommuner.csv'), 'utf8')
			.trim()
			.split(/\r?\n/);
		expect(csv[0]).toBe('kommunkod,kommun,lanskod,lan');
		const rows = csv.slice(1).map((line) => line.split(','));
		expect(KOMMUNER.map((k) => [k.code, k.name, k.countyCode, k.county])).toEqual(rows);
	});

	it('lists 290 municipalities in 21 counties, each code once and inside its county', () => {
		expect(KOMMUNER).toHaveLength(290);
		expect(new Set(KOMMUNER.map((k) => k.code)).size).toBe(290);
		expect(new Set(KOMMUNER.map((k) => k.countyCode)).size).toBe(21);
		for (const k of KOMMUNER) expect(k.code.slice(0, 2)).toBe(k.countyCode);
	});

	it('finds a municipality by its code and proposes its official name', () => {
		expect(findKommun('2029')).toEqual({ code: '2029', name: 'Leksand', countyCode: '20', county: 'Dalarnas län' });
		expect(findKommun('9999')).toBeUndefined();
		expect(defaultOfficialName(findKommun('2029')!)).toBe('Leksands kommun');
		expect(defaultOfficialName(findKommun('1766')!)).toBe('Sunne kommun');
		expect(defaultOfficialName(findKommun('2080')!)).toBe('Falu kommun');
	});
});
