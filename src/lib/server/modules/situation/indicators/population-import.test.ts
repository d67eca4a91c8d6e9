import { describe, expect, it } from 'vitest';
import {
	ageGroupOf,
	completeTotals,
	parsePopulationFile,
	parsePxWebCsv,
	parsePxWebJsonStat,
	PopulationFileError,
	regionCodeOf,
	sexOf
} from './population-import';
import { pxPopulation, pxWebCsv, pxWebJsonStat } from '../testing-sources';

describe('SCB PxWeb population tables', () => {
	it('reads JSON-stat2 per region, year, sex and age group (the last dimension varies fastest)', () => {
		const { cells, problems } = parsePxWebJsonStat(pxWebJsonStat());
		expect(problems).toEqual([]);
		expect(cells).toHaveLength(3 * 4 * 3 * 2);
		const find = (regionCode: string, year: number, sex: string, ageGroup: string) =>
			cells.find((c) => c.regionCode === regionCode && c.year === year && c.sex === sex && c.ageGroup === ageGroup)?.population;
		expect(find('2080C1010', 2024, 'T', 'totalt')).toBe(pxPopulation('2080C1010', 0, 2, 2024));
		expect(find('2080C1020', 2023, 'K', '65-')).toBe(pxPopulation('2080C1020', 3, 1, 2023));
		expect(find('0180C1010', 2024, 'M', '20-64')).toBe(pxPopulation('0180C1010', 2, 0, 2024));
	});

	it('reports suppressed values and unknown codes instead of guessing', () => {
		const body = JSON.parse(pxWebJsonStat(['2080C1010'], ['2024']));
		body.value[0] = null;
		body.value[1] = 12.5;
		body.dimension.Kon.category.label['1+2'] = 'okänt';
		body.dimension.Kon.category.index = { '1': 0, '2': 1, x: 2 };
		const { cells, problems } = parsePxWebJsonStat(JSON.stringify(body));
		expect(problems.map((p) => p.reason)).toEqual(
			expect.arrayContaining(['Värdet saknas eller är skyddat (..).', 'Värdet ”12.5” är inget antal.', 'Okänt kön ”x”.'])
		);
		expect(cells.every((c) => c.sex !== 'T')).toBe(true);
	});

	it('refuses tables that are not JSON-stat2 population or have several contents', () => {
		expect(() => parsePxWebJsonStat('{"values": []}')).toThrow(/JSON-stat2/);
		const body = JSON.parse(pxWebJsonStat(['2080C1010'], ['2024']));
		body.dimension.ContentsCode.category.index = { a: 0, b: 1 };
		body.size[3] = 2;
		expect(() => parsePxWebJsonStat(JSON.stringify(body))).toThrow(/tabellinnehåll/);
		delete body.dimension.Tid;
		body.size.splice(body.id.indexOf('Tid'), 1);
		body.id = body.id.filter((d: string) => d !== 'Tid');
		expect(() => parsePxWebJsonStat(JSON.stringify(body))).toThrow(/tidsdimension/);
	});

	it('reads the CSV export below its title line, a column per year, and adds the totals it leaves out', () => {
		const { cells, problems } = parsePxWebCsv(pxWebCsv());
		expect(problems).toEqual([]);
		expect(cells).toHaveLength(2 * 4 * 2 * 2);
		const completed = completeTotals(cells);
		const total = completed.find((c) => c.regionCode === '2080C1020' && c.year === 2023 && c.sex === 'T' && c.ageGroup === 'totalt');
		expect(total?.population).toBe(pxPopulation('2080C1020', 0, 0, 2023) + pxPopulation('2080C1020', 0, 1, 2023));
		// The file's own 'totalt ålder' wins over the sum of the groups.
		expect(completed.filter((c) => c.regionCode === '2080C1010' && c.year === 2024 && c.sex === 'K' && c.ageGroup === 'totalt')).toHaveLength(1);
	});

	it('reads long CSV (year and value columns) and lists bad rows with their line', () => {
		const csv = ['region;kön;år;Folkmängd', '2080;totalt;2024;59 812', '2080;okänd;2024;1', 'Falun;totalt;2024;5', '2080;män;2024;..'].join('\n');
		const { cells, problems } = parsePopulationFile('folkmangd.csv', csv);
		expect(cells).toEqual([{ regionCode: '2080', year: 2024, sex: 'T', ageGroup: 'totalt', population: 59812 }]);
		expect(problems).toEqual([
			{ where: '3', reason: 'Okänt kön ”okänd”.', text: { code: 'situation.population_sex_unknown', params: { sex: 'okänd' } } },
			{ where: '4', reason: 'Okänd regionskod ”Falun”.', text: { code: 'situation.population_region_unknown', params: { code: 'Falun' } } },
			{ where: '5, 2024', reason: 'Värdet saknas eller är skyddat (..).', text: { code: 'situation.population_value_missing' } }
		]);
		expect(() => parsePopulationFile('a.xlsx', '')).toThrow(PopulationFileError);
		expect(() => parsePopulationFile('a.csv', 'x;y\n1;2')).toThrow(/rubrikrad/);
	});

	it('understands SCB codes and labels for region, sex and age', () => {
		expect([
			regionCodeOf('2080C1010'),
			regionCodeOf('2080R001 Falun Centrum'),
			regionCodeOf('2080 Falun'),
			regionCodeOf('00 Riket'),
			regionCodeOf('Falun')
		]).toEqual(['2080C1010', '2080R001', '2080', '00', null]);
		expect([sexOf('1'), sexOf('kvinnor'), sexOf('1+2'), sexOf('x')]).toEqual(['M', 'K', 'T', null]);
		expect([ageGroupOf('totalt'), ageGroupOf('0-4 år'), ageGroupOf('80+ år'), ageGroupOf('65-'), ageGroupOf('äldre')]).toEqual([
			'totalt',
			'0-4',
			'80+',
			'65-',
			null
		]);
	});
});
