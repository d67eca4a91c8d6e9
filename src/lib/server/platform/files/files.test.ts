import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AreaFileError, parseAreaGeoJson } from '../../modules/situation/areas/area-import';
import { parseAreaGeoPackage } from '../../modules/situation/areas/geopackage';
import { parsePolisenJson, PolisenFileError } from '../../modules/situation/crimes/polisen-events';
import { IndicatorFileError, parseBraTable, parseKoladaV3 } from '../../modules/situation/indicators/indicators';
import { parsePopulationFile, PopulationFileError } from '../../modules/situation/indicators/population-import';
import { pxWebCsv, pxWebJsonStat } from '../../modules/situation/testing-sources';
import { neutraliseCsvCell, readCsv, restoreCsvCell, writeCsv } from './csv';
import { assertJsonDepth } from './json';
import { FileReadError } from './limits';
import { closeParseWorkers, runParseJob } from './parse-pool';
import { readDocxBlocks, readXlsxRows } from './readers';
import { decodeText } from './text';
import { docxZipBomb, geoPackageWithRecursiveView, xlsxFarCorner, xlsxOfSize, xlsxZipBomb, zipOf } from './testing';

afterAll(() => closeParseWorkers());

/** The longest the event loop went without running a timer while `work` ran. */
async function longestStall<T>(work: Promise<T>): Promise<{ stall: number; result: PromiseSettledResult<T> }> {
	let last = performance.now();
	let stall = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		stall = Math.max(stall, now - last);
		last = now;
	}, 5);
	const [result] = await Promise.allSettled([work]);
	clearInterval(timer);
	return { stall, result };
}

describe('text decoding', () => {
	it('reads Windows-1252 from Swedish Excel with its en dash, and UTF-8 without its byte-order mark', () => {
		const cp1252 = new Uint8Array([0x31, 0x32, 0x96, 0x31, 0x37, 0x20, 0xe5, 0x72, 0x3b, 0x80]);
		expect(decodeText(cp1252)).toBe('12–17 år;€');
		expect(decodeText(new TextEncoder().encode('\ufeff12–17 år'))).toBe('12–17 år');
	});
});

describe('CSV', () => {
	it.each(['=1+1', '+46 70', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd'])('neutralises a cell starting %j', (cell) => {
		expect(neutraliseCsvCell(cell)).toBe(`'${cell}`);
		expect(restoreCsvCell(neutraliseCsvCell(cell))).toBe(cell);
	});

	it('leaves plain numbers and ordinary text alone', () => {
		for (const cell of ['-12,5', '+3', '42', 'Gamla stan', "'citat"]) expect(neutraliseCsvCell(cell)).toBe(cell);
	});

	it('writes what it reads back: quotes, separators, line breaks, a formula-looking area name', () => {
		const rows = [
			['Område', 'Brott'],
			['=HYPERLINK("http://x";"klicka")', '3'],
			['Norr; "gamla"\nstan', '-1']
		];
		const csv = writeCsv(rows);
		expect(csv.startsWith('\ufeff')).toBe(true);
		expect(csv).toContain(`"'=HYPERLINK(""http://x"";""klicka"")"`);
		expect(readCsv(csv).map((r) => r.map(restoreCsvCell))).toEqual(rows);
	});

	it('says which line has a quote that never closes', () => {
		expect(() => readCsv('a;b\n1;"öppen\n2;3\n')).toThrow(FileReadError);
		expect(() => readCsv('a;b\n1;"öppen\n2;3\n')).toThrow(/rad/);
	});
});

describe('xlsx and docx within caps (found 1 and 2)', () => {
	it('reads a sheet with values in A1 and XFD1048576 by refusing the far column, at once', async () => {
		const file = await xlsxFarCorner();
		expect(file.byteLength).toBeLessThan(20_000);
		const started = performance.now();
		await expect(readXlsxRows(file)).rejects.toThrow(/fler än 1\s000 kolumner/);
		expect(performance.now() - started).toBeLessThan(20_000);
	});

	it('stops inflating an xlsx bomb at 200 MB with a message naming the cap, and the event loop keeps running', async () => {
		const bomb = xlsxZipBomb();
		expect(bomb.byteLength).toBeLessThan(1024 * 1024);
		const { stall, result } = await longestStall(readXlsxRows(bomb));
		expect(result.status).toBe('rejected');
		expect(String((result as PromiseRejectedResult).reason.message)).toMatch(/packas upp till mer än 200 MB/);
		expect(stall).toBeLessThan(100);
	});

	it('stops a docx bomb at the XML cap', async () => {
		const bomb = docxZipBomb();
		expect(bomb.byteLength).toBeLessThan(1024 * 1024);
		await expect(readDocxBlocks(bomb)).rejects.toThrow(/word\/document\.xml.*större än 100 MB/);
	});

	it('refuses more zip entries than the cap without inflating them', async () => {
		const many = zipOf(Array.from({ length: 2_001 }, (_, i) => ({ name: `x${i}.txt`, data: 'x' })));
		await expect(readXlsxRows(many)).rejects.toThrow(/fler än 2\s000 delar/);
	});
});

describe('GeoJSON and GeoPackage (found 3, 11)', () => {
	const geoJson = (coordinates: unknown) =>
		JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { namn: 'Torget' }, geometry: { type: 'Polygon', coordinates } }] });

	it('skips a polygon with non-numeric coordinates with a reason instead of failing', () => {
		for (const coordinates of [
			[
				[
					['a', 'b'],
					[1, 2],
					[3, 4],
					['a', 'b']
				]
			],
			[
				[
					[15.6, 60.6],
					[15.7, null],
					[15.7, 60.7],
					[15.6, 60.6]
				]
			],
			[[[15.6, 60.6], 'x', [15.7, 60.7], [15.6, 60.6]]],
			[
				[
					[15.6, 60.6],
					[15.7, 60.6],
					[15.7, { toString: 1 }],
					[15.6, 60.6]
				]
			]
		]) {
			const result = parseAreaGeoJson(geoJson(coordinates), { municipalityCode: '2080', kind: 'egen' });
			expect(result.areas).toEqual([]);
			expect(result.skipped[0].reason).toMatch(/ogiltiga koordinater/);
		}
	});

	it('refuses JSON nested deeper than the cap before parsing it', () => {
		expect(() => assertJsonDepth('['.repeat(100_000))).toThrow(/64 nivåer/);
		expect(() => parseAreaGeoJson('['.repeat(100_000), { municipalityCode: '2080' })).toThrow(FileReadError);
	});

	it('refuses a GeoPackage whose feature table is a recursive view, in a worker, quickly', async () => {
		const fixture = new Uint8Array(fs.readFileSync(path.resolve('src/lib/server/modules/situation/fixtures/deso-2025-3006.gpkg')));
		const hostile = await geoPackageWithRecursiveView(fixture);
		const { stall, result } = await longestStall(parseAreaGeoPackage(hostile, { municipalityCode: '2080' }));
		expect(result.status).toBe('rejected');
		const reason = (result as PromiseRejectedResult).reason;
		expect(reason).toBeInstanceOf(AreaFileError);
		expect(reason.message).toMatch(/ingen vanlig tabell/);
		expect(stall).toBeLessThan(100);
	});
});

describe('the parse worker pool', () => {
	let heavyFile: Promise<Uint8Array> | null = null;
	const heavy = () => (heavyFile ??= xlsxOfSize(20_000, 10));

	it('terminates a job over the wall-clock limit and says so in Swedish; the next job runs', async () => {
		await expect(runParseJob('xlsx-rows', await heavy(), { timeoutMs: 300, heapMb: 512 })).rejects.toThrow(/tog längre tid än 0 sekunder/);
		await expect(runParseJob('csv-rows', { data: new TextEncoder().encode('a;b\n1;2') })).resolves.toEqual([
			['a', 'b'],
			['1', '2']
		]);
	});

	const encode = (text: string) => new TextEncoder().encode(text);
	const polisenJson = (n: number) =>
		JSON.stringify(
			Array.from({ length: n }, (_, i) => ({
				id: i,
				datetime: '2026-01-05 21:14:00 +01:00',
				name: `5 januari, Stöld, Falun`,
				type: 'Stöld',
				location: { name: 'Falun' }
			}))
		);
	const koladaJson = (n: number) =>
		JSON.stringify({
			values: Array.from({ length: n }, (_, i) => ({ kpi: 'N07403', municipality: '2080', period: 1900 + (i % 200), values: [{ gender: 'T', value: i }] }))
		});
	const braTable = (n: number) => [['Region', 'Brott', 'År', 'Antal'], ...Array.from({ length: n }, (_, i) => ['2080 Falun', `Brott ${i}`, '2024', String(i)])];
	const populationCsv = (n: number) => ['region;kön;år;Folkmängd', ...Array.from({ length: n }, (_, i) => `2080;totalt;${1900 + (i % 200)};${i}`)].join('\n');

	it('reads Polisen JSON, Kolada JSON, Brå tables and PxWeb files in a worker as the readers do, their own errors kept', async () => {
		const polisen = polisenJson(3);
		expect(await runParseJob('polisen-events', encode(polisen))).toEqual(parsePolisenJson(polisen));
		await expect(runParseJob('polisen-events', encode('{'))).rejects.toMatchObject({ code: 'situation.file_not_json', message: 'Filen är inte giltig JSON.' });
		await expect(runParseJob('polisen-events', encode('{'))).rejects.toBeInstanceOf(PolisenFileError);
		const kolada = koladaJson(3);
		expect(await runParseJob('kolada-values', encode(kolada))).toEqual(parseKoladaV3(kolada));
		await expect(runParseJob('kolada-values', encode('{}'))).rejects.toBeInstanceOf(IndicatorFileError);
		await expect(runParseJob('kolada-values', encode('{}'))).rejects.toThrow(/Koladas API v3/);
		expect(await runParseJob('bra-table', braTable(3))).toEqual(parseBraTable(braTable(3)));
		await expect(runParseJob('bra-table', [['a', 'b']])).rejects.toBeInstanceOf(IndicatorFileError);
		for (const [fileName, text] of [
			['folkmangd.json', pxWebJsonStat()],
			['folkmangd.csv', pxWebCsv()]
		]) {
			expect(await runParseJob('population-file', { data: encode(text), fileName })).toEqual(parsePopulationFile(fileName, text));
		}
		await expect(runParseJob('population-file', { data: encode(''), fileName: 'a.xlsx' })).rejects.toBeInstanceOf(PopulationFileError);
	});

	it.each([
		['polisen-events', () => encode(polisenJson(40_000))],
		['kolada-values', () => encode(koladaJson(40_000))],
		['bra-table', () => braTable(40_000)],
		['population-file', () => ({ data: encode(populationCsv(40_000)), fileName: 'folkmangd.csv' })]
	] as const)('runs %s in the pool: over the time limit it is refused in Swedish', async (job, input) => {
		await expect(runParseJob(job, input() as never, { timeoutMs: 1, heapMb: 512 })).rejects.toThrow(/tog längre tid än 0 sekunder att läsa/);
	});

	it('turns a worker that runs out of its heap into a Swedish message naming the limit; the process lives on', async () => {
		await expect(runParseJob('xlsx-rows', await heavy(), { timeoutMs: 60_000, heapMb: 24 })).rejects.toThrow(/mer än 24 MB minne/);
		await expect(runParseJob('csv-rows', { data: new TextEncoder().encode('x') })).resolves.toEqual([['x']]);
	});
});
