import { describe, expect, it } from 'vitest';
import { compareAgeGroups, compareIndicators, type StoredIndicatorValue } from './indicator-comparison';

const value = (v: Partial<StoredIndicatorValue>): StoredIndicatorValue => ({
	indicator: 'N07403',
	name: 'Anmälda våldsbrott, antal/100 000 inv',
	areaId: null,
	areaName: null,
	regionCode: '2080',
	period: '2024',
	sex: 'T',
	ageGroup: 'totalt',
	value: 1000,
	unit: 'antal/100 000 inv',
	respondents: null,
	source: 'Kolada',
	licence: 'CC BY 4.0',
	demo: false,
	...v
});

const FALUN = { scbCode: '2080', countyCode: '20' };

describe('indicators compared with the county and the country', () => {
	it('puts the municipality, its county (Kolada 0020 or Brå 20) and the country side by side per year, with the difference to the country', () => {
		const [table] = compareIndicators(
			[
				value({ period: '2024', regionCode: '0000', value: 1200 }),
				value({ period: '2023', regionCode: '2080', value: 900 }),
				value({ period: '2024', regionCode: '2080', value: 1020 }),
				value({ period: '2024', regionCode: '0020', value: 1100 }),
				value({ period: '2023', regionCode: '20', value: null }),
				value({ period: '2023', regionCode: '1766', value: 700 })
			],
			FALUN
		);
		expect(table.levels).toEqual([
			{
				period: '2023',
				sex: 'T',
				ageGroup: 'totalt',
				cells: { kommun: { value: 900, respondents: null }, lan: { value: null, respondents: null }, riket: null },
				kommunVsRiket: null
			},
			{
				period: '2024',
				sex: 'T',
				ageGroup: 'totalt',
				cells: { kommun: { value: 1020, respondents: null }, lan: { value: 1100, respondents: null }, riket: { value: 1200, respondents: null } },
				kommunVsRiket: -15
			}
		]);
		expect(table.breakdown).toEqual([]);
		// Another municipality is neither of the three: it is listed with its code.
		expect(table.areas).toEqual([{ where: '1766', period: '2023', sex: 'T', ageGroup: 'totalt', value: 700, respondents: null }]);
		expect(table.sources).toEqual([{ source: 'Kolada', licence: 'CC BY 4.0' }]);
	});

	it('breaks down by sex and age group in a natural order, and keeps area values (surveys) apart', () => {
		const [table] = compareIndicators(
			[
				value({ indicator: 'ntu', sex: 'M', ageGroup: '65-84', value: 20 }),
				value({ indicator: 'ntu', sex: 'K', ageGroup: '16-24', value: 30 }),
				value({ indicator: 'ntu', sex: 'K', ageGroup: '65-84', regionCode: '0000', value: 25 }),
				value({ indicator: 'ntu', sex: 'T', ageGroup: 'totalt', value: 24 }),
				value({ indicator: 'ntu', sex: 'K', ageGroup: '25-44', value: 31 }),
				value({ indicator: 'ntu', areaId: 'a1', areaName: 'Bojsenburg', regionCode: null, value: 58, respondents: 210, demo: true })
			],
			FALUN
		);
		expect(table.levels.map((r) => r.cells.kommun?.value)).toEqual([24]);
		expect(table.breakdown.map((r) => [r.sex, r.ageGroup, r.cells.kommun?.value ?? null, r.cells.riket?.value ?? null])).toEqual([
			['K', '16-24', 30, null],
			['K', '25-44', 31, null],
			['K', '65-84', null, 25],
			['M', '65-84', 20, null]
		]);
		expect(table.areas).toEqual([{ where: 'Bojsenburg', period: '2024', sex: 'T', ageGroup: 'totalt', value: 58, respondents: 210 }]);
		expect(table.demo).toBe(true);
		expect(['80-', '5-9', 'totalt', '0-4', '65+'].sort(compareAgeGroups)).toEqual(['totalt', '0-4', '5-9', '65+', '80-']);
	});
});
