import { describe, expect, it } from 'vitest';
import {
	classBreaks,
	classOf,
	guessMapping,
	mappingProblems,
	parseDateTime,
	parseGroupBy,
	populationFor,
	ratePer1000,
	validateExtract,
	type RowContext
} from './situation.models';

const context: RowContext = {
	knownAreaCodes: new Set(['2080C1010']),
	// A 20 km square around Falun stands in for the municipality.
	insideMunicipality: (e, n) => e > 520000 && e < 550000 && n > 6705000 && n < 6735000,
	today: '2025-12-31'
};
const headers = ['Ärendenummer', 'Brottstyp', 'Brottskod', 'Datum', 'Klockslag', 'X', 'Y', 'DeSO'];

describe('the column mapping of a police extract', () => {
	it('guesses the usual Swedish headers', () => {
		expect(guessMapping(headers)).toMatchObject({
			id: 'Ärendenummer',
			type: 'Brottstyp',
			code: 'Brottskod',
			date: 'Datum',
			time: 'Klockslag',
			easting: 'X',
			northing: 'Y',
			areaCode: 'DeSO'
		});
	});

	it('asks for the type, a date and a place', () => {
		expect(Object.keys(mappingProblems({}, headers)).sort()).toEqual(['date', 'easting', 'type']);
		expect(mappingProblems({ type: 'Brottstyp', date: 'Datum', easting: 'X' }, headers)).toHaveProperty('easting');
		expect(mappingProblems({ type: 'Brottstyp', date: 'Datum', areaCode: 'DeSO' }, headers)).toEqual({});
		expect(mappingProblems({ type: 'Saknas', date: 'Datum', areaCode: 'DeSO' }, headers)).toHaveProperty('type');
	});
});

describe('reading the rows of an extract', () => {
	const mapping = guessMapping(headers);
	const table = [
		headers,
		['1', 'Cykelstöld', '', '2023-05-14', '13:45', '534795', '6719127', ''],
		['2', 'Stöld i butik', '', '2023-05-14 09:05', '', '534800', '6719100', ''],
		['3', 'Cykelstöld', '', '2023-05-14', '', '6719127', '534795', ''],
		['4', 'Cykelstöld', '', '2023-05-14', '', '100', '200', ''],
		['5', 'Cykelstöld', '', '2023-05-14', '', '674032', '6580822', ''],
		['6', 'Tidsresa', '', '2023-05-14', '', '534795', '6719127', ''],
		['7', 'Cykelstöld', '', '2023-02-30', '', '534795', '6719127', ''],
		['8', 'Cykelstöld', 'X1', '2023-05-14', '', '534795', '6719127', ''],
		['9', 'Misshandel', '', '2023-05-14', '', '', '', '2080C1010'],
		['10', 'Misshandel', '', '2023-05-14', '', '', '', '2080C9999'],
		['11', 'Misshandel', '', '2031-01-01', '', '534795', '6719127', ''],
		['', '', '', '', '', '', '', '']
	];
	const result = validateExtract(table, mapping, context);

	it('keeps good rows with category, weekday, hour and both coordinate systems', () => {
		expect(result.rows.map((r) => r.category)).toEqual(['cykelstold', 'butiksstold', 'misshandel']);
		const [first, second] = result.rows;
		expect(first).toMatchObject({ occurredOn: '2023-05-14T13:45', year: 2023, month: 5, weekday: 7, hour: 13, easting: 534795, northing: 6719127 });
		expect(first.latitude).toBeCloseTo(60.6065, 3);
		expect(second.hour).toBe(9);
		expect(result.rows[2]).toMatchObject({ areaCode: '2080C1010', easting: null, hour: null });
	});

	it('lists each bad row with its line and a Swedish reason', () => {
		const reasons = Object.fromEntries(result.rejected.map((r) => [r.line, r.reason]));
		expect(reasons[4]).toMatch(/omkastade/);
		expect(reasons[5]).toMatch(/utanför Sverige/);
		expect(reasons[6]).toMatch(/utanför kommunen/);
		expect(reasons[7]).toMatch(/Okänd brottstyp ”Tidsresa”/);
		expect(reasons[8]).toMatch(/Ogiltigt datum ”2023-02-30”/);
		expect(reasons[9]).toMatch(/Okänd brottskod ”X1”/);
		expect(reasons[11]).toMatch(/Okänd områdeskod ”2080C9999”/);
		expect(reasons[12]).toMatch(/framtiden/);
		expect(result.rejected).toHaveLength(8);
	});

	it('gives the same hash key to the same row on a re-import and different keys to identical rows in one file', () => {
		const again = validateExtract(table, mapping, context);
		expect(again.rows.map((r) => r.hashKey)).toEqual(result.rows.map((r) => r.hashKey));
		const noIds = { ...mapping, id: null };
		const twins = validateExtract(
			[headers, ['', 'Cykelstöld', '', '2023-05-14', '', '534795', '6719127', ''], ['', 'Cykelstöld', '', '2023-05-14', '', '534795', '6719127', '']],
			noIds,
			context
		);
		expect(new Set(twins.rows.map((r) => r.hashKey)).size).toBe(2);
	});

	it('drops the hour of a time window longer than an hour', () => {
		const h = ['Typ', 'Från', 'Till', 'Lat', 'Lon'];
		const m = guessMapping(h);
		const rows = validateExtract(
			[
				h,
				['Bostadsinbrott', '2024-03-01 08:00', '2024-03-01 17:00', '60,6065', '15,6355'],
				['Bostadsinbrott', '2024-03-01 08:00', '2024-03-01 08:30', '60.6065', '15.6355'],
				['Bostadsinbrott', '2024-03-01 08:00', '2024-02-01 08:30', '60.6', '15.6']
			],
			m,
			context
		);
		expect(rows.rows.map((r) => r.hour)).toEqual([null, 8]);
		expect(rows.rows[0].easting).toBeCloseTo(534795, -1);
		expect(rows.rejected[0].reason).toMatch(/slutar/);
	});
});

describe('dates, grouping, rates and suppression', () => {
	it('reads the date formats of Swedish extracts and refuses impossible dates', () => {
		expect(parseDateTime('2023-05-14T13:45:00')).toEqual({ date: '2023-05-14', hour: 13, minute: 45 });
		expect(parseDateTime('14.5.2023 7.05')).toEqual({ date: '2023-05-14', hour: 7, minute: 5 });
		expect(parseDateTime('20230514')).toEqual({ date: '2023-05-14', hour: null, minute: null });
		expect(parseDateTime('2023-13-01')).toBeNull();
		expect(parseDateTime('2023-05-14 25:00')).toBeNull();
		expect(parseDateTime('igår')).toBeNull();
	});

	it('parses groupBy in a fixed order and refuses unknown dimensions', () => {
		expect(parseGroupBy('year,area')).toEqual(['area', 'year']);
		expect(parseGroupBy(null)).toEqual(['area', 'category', 'year']);
		expect(parseGroupBy('area,kön')).toEqual({ error: expect.stringContaining('kön') });
	});

	it('computes rates per 1,000 with the nearest population year', () => {
		expect(ratePer1000(57, 3000)).toBe(19);
		expect(ratePer1000(5, 0)).toBeNull();
		const pop = new Map([
			[2021, 1000],
			[2023, 1200]
		]);
		expect(populationFor(pop, 2023)).toBe(1200);
		expect(populationFor(pop, 2022)).toBe(1000);
		expect(populationFor(pop, 2025)).toBe(1200);
		expect(populationFor(pop, 2019)).toBe(1000);
	});

	it('classifies values for the choropleth', () => {
		const breaks = classBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(breaks).toEqual([3, 5, 7, 9]);
		expect([1, 3, 10].map((v) => classOf(v, breaks))).toEqual([0, 1, 4]);
	});
});
