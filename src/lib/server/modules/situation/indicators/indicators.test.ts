import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchKoladaValues, IndicatorFileError, parseBraNumber, parseBraTable, parseKoladaV3 } from './indicators';

// Recorded in the shape of Kolada's v3 API (../shared/docs/data-sources.md), split over two pages.
const PAGE_1 = {
	values: [
		{ kpi: 'N07403', municipality: '2080', period: 2023, values: [{ gender: 'T', value: 512.3, status: '' }] },
		{ kpi: 'N07403', municipality: '0020', period: 2023, values: [{ gender: 'T', value: 601.9, status: '' }] }
	],
	count: 2,
	next_page: '/v3/data/kpi/N07403/municipality/2080,0020,0000/year/2023?page=2'
};
const PAGE_2 = {
	values: [
		{
			kpi: 'N07403',
			municipality: '0000',
			period: 2023,
			values: [
				{ gender: 'T', value: 640.1, status: '' },
				{ gender: 'K', value: null, status: 'Missing' }
			]
		}
	],
	count: 1,
	next_page: null
};

describe('Kolada v3 JSON', () => {
	it('reads values per region, period and gender, with missing values as null', () => {
		const values = parseKoladaV3(JSON.stringify(PAGE_2));
		expect(values).toEqual([
			expect.objectContaining({ indicator: 'N07403', regionCode: '0000', period: '2023', sex: 'T', value: 640.1, unit: 'antal/100 000 inv', source: 'Kolada' }),
			expect.objectContaining({ sex: 'K', value: null })
		]);
	});

	it('refuses what is not a Kolada answer', () => {
		expect(() => parseKoladaV3('[]')).toThrow(IndicatorFileError);
		expect(() => parseKoladaV3('{')).toThrow(/JSON/);
	});
});

describe('the Kolada client against a local server replaying recorded answers', () => {
	let server: http.Server;
	let base: string;
	const requested: string[] = [];

	beforeAll(async () => {
		server = http.createServer((request, response) => {
			requested.push(request.url ?? '');
			const body = request.url?.includes('page=2')
				? PAGE_2
				: request.url?.startsWith('/v3/data/kpi/N07403/municipality/2080,0020,0000/year/2023')
					? PAGE_1
					: null;
			response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body ?? { error: 'not found' }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('fetches the municipality, the county and the country and follows next_page', async () => {
		const values = await fetchKoladaValues({ baseUrl: base, kpis: ['N07403'], regionIds: ['2080', '0020', '0000'], years: [2023] });
		expect(values.filter((v) => v.sex === 'T').map((v) => [v.regionCode, v.value])).toEqual([
			['2080', 512.3],
			['0020', 601.9],
			['0000', 640.1]
		]);
		expect(requested).toHaveLength(2);
	});

	it('says which request failed', async () => {
		await expect(fetchKoladaValues({ baseUrl: base, kpis: ['X'], regionIds: ['2080'], years: [2023] })).rejects.toThrow(/404/);
	});
});

describe('Brå tables', () => {
	it('reads ".." as suppressed, "-" as zero and decimal commas', () => {
		expect(parseBraNumber('..')).toBeNull();
		expect(parseBraNumber('-')).toBe(0);
		expect(parseBraNumber('1 234,5')).toBe(1234.5);
		expect(parseBraNumber('abc')).toBeUndefined();
	});

	it('reads a long table below its title rows, one value per unit column', () => {
		const { values, problems } = parseBraTable([
			['Anmälda brott, kommuner'],
			[''],
			['Region', 'Brott', 'År', 'Antal', 'Per 100 000 inv'],
			['2080 Falun', 'Cykelstöld', '2023', '412', '699,1'],
			['20 Dalarnas län', 'Cykelstöld', '2023', '..', '-'],
			['2080 Falun', 'Cykelstöld', '2024', 'x', '700']
		]);
		expect(values.map((v) => [v.regionCode, v.period, v.unit, v.value])).toEqual([
			['2080', '2023', 'antal', 412],
			['2080', '2023', 'antal/100 000 inv', 699.1],
			['0020', '2023', 'antal', null],
			['0020', '2023', 'antal/100 000 inv', 0],
			['2080', '2024', 'antal/100 000 inv', 700]
		]);
		expect(problems.map((p) => p.reason)).toEqual(['Rad 6: ”x” är inget tal.']);
		expect(() => parseBraTable([['a', 'b']])).toThrow(/rubrikrad/);
	});
});
