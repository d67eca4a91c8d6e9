/**
 * Generated inputs for every importer: random bytes, valid files with a few bytes changed, and
 * tables, JSON and text built from the words the importers look for. An importer may accept an
 * input or refuse it with its own coded error (a Swedish message for the user); anything else —
 * a TypeError, a RangeError, a hang — is a failure. Used by files.fuzz.test.ts (a short run) and
 * `npm run bench -- fuzz` (the full count).
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { parseFollowUpSheet } from '../../modules/plans/follow-up-sheet';
import { PlanImportError, parsePlanFile, parsePlanText } from '../../modules/plans/plan-import';
import { parsePromiseText } from '../../modules/promises/promise-import';
import { readAreaFile } from '../../modules/situation/areas/area-file';
import { AreaFileError, parseAreaGeoJson } from '../../modules/situation/areas/area-import';
import { parsePolisenJson, PolisenFileError, readPolisenEvents } from '../../modules/situation/crimes/polisen-events';
import { IndicatorFileError, parseBraTable, parseKoladaV3 } from '../../modules/situation/indicators/indicators';
import { parsePopulationFile, PopulationFileError } from '../../modules/situation/indicators/population-import';
import { guessMapping, validateExtract } from '../../modules/situation/situation.models';
import { readTable } from '../../modules/situation/table-file';
import { AppError } from '../errors';
import { readDocxBlocks, readXlsxRows } from './readers';
import { zipOf } from './testing';

/** The errors an importer throws on purpose: each carries a message meant for the user. */
export function isCodedError(error: unknown): boolean {
	return [AppError, PlanImportError, AreaFileError, PolisenFileError, PopulationFileError, IndicatorFileError].some((kind) => error instanceof kind);
}

const WORDS = [
	'Åtgärd',
	'Tid',
	'Omfattning',
	'Ansvarig',
	'Kostnad',
	'Mål',
	'Uppföljning',
	'Fokusområde 1: Trygg skola',
	'Status',
	'Id',
	'Gjort',
	'Pågår',
	'Klar',
	'Händelse-id',
	'Brottstyp',
	'Datum',
	'Klockslag',
	'X_SWEREF',
	'Y_SWEREF',
	'Cykelstöld',
	'Misshandel',
	'2025-05-14',
	'2025-13-45',
	'13:45',
	'533500',
	'6718500',
	'2080C1010',
	'2080',
	'Region',
	'År',
	'Antal',
	'..',
	'-',
	'=1+1',
	'@SUM(A1)',
	'"',
	'""',
	';',
	',',
	'\t',
	'\r\n',
	'Kommunpolisen lovar att:',
	'Falu kommun lovar att:',
	'1.',
	'•',
	'12–17 år',
	'\u0000',
	'\ufeff',
	''
];
const cell = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...WORDS) }, fc.string({ maxLength: 24 }), fc.string({ unit: 'binary', maxLength: 12 }));
const table = fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 40 });
const text = fc.oneof(
	table.map((rows) => rows.map((r) => r.join('\t')).join('\n')),
	table.map((rows) => rows.map((r) => r.join(' ')).join('\n')),
	fc.string({ unit: 'binary', maxLength: 3000 })
);
const csvOf = (rows: string[][], delimiter = ';') => rows.map((r) => r.join(delimiter)).join('\r\n');
const utf8 = (s: string) => new TextEncoder().encode(s);
const json = fc.jsonValue({ maxDepth: 4 });

/** A valid file with up to 16 bytes overwritten and possibly cut short. */
function mutated(base: Uint8Array) {
	return fc
		.record({
			edits: fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 16 }),
			cut: fc.option(fc.nat({ max: base.length }))
		})
		.map(({ edits, cut }) => {
			const copy = new Uint8Array(base);
			for (const [at, value] of edits) copy[at] = value;
			return cut === null ? copy : copy.subarray(0, cut);
		});
}

async function xlsxOf(rows: string[][]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const ws = workbook.addWorksheet('Blad1');
	// Characters XML 1.0 cannot hold make exceljs write a broken file; a real Excel file never has them.
	// eslint-disable-next-line no-control-regex
	for (const row of rows) ws.addRow(row.map((c) => c.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g, '')));
	return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

const escapeXml = (s: string) => s.replace(/[<&>"]/g, (c) => ({ '<': '&lt;', '&': '&amp;', '>': '&gt;', '"': '&quot;' })[c]!);
function docxOf(rows: string[][], raw: string): Uint8Array {
	const body = rows
		.map((r, i) =>
			i % 3 === 0
				? `<w:p><w:r><w:t>${escapeXml(r.join(' '))}</w:t></w:r></w:p>`
				: `<w:tbl><w:tr>${r.map((c) => `<w:tc><w:p><w:r><w:t>${escapeXml(c)}</w:t></w:r></w:p></w:tc>`).join('')}</w:tr></w:tbl>`
		)
		.join('');
	return zipOf([{ name: 'word/document.xml', data: `<w:document><w:body>${body}${raw}</w:body></w:document>` }]);
}

const ring = fc.array(
	fc.oneof(fc.tuple(fc.double(), fc.double()), fc.tuple(fc.integer({ min: 400000, max: 700000 }), fc.integer({ min: 6100000, max: 7700000 })), json),
	{
		minLength: 0,
		maxLength: 8
	}
);
const geoJson = fc.record({
	type: fc.constantFrom('FeatureCollection', 'FeatureCollection', 'Feature', 1),
	crs: fc.option(fc.record({ properties: fc.record({ name: fc.oneof(fc.constantFrom('EPSG:3006', 'urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:3021'), json) }) })),
	features: fc.oneof(
		fc.array(
			fc.record({
				type: fc.constant('Feature'),
				properties: fc.oneof(
					fc.constant(null),
					fc.dictionary(
						fc.constantFrom('namn', 'name', 'desokod', 'regsokod', 'kommunkod', 'befolkning', 'ar', 'toString', 'kod'),
						fc.oneof(fc.constantFrom(...WORDS), json)
					)
				),
				geometry: fc.oneof(
					fc.record({
						type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point'),
						coordinates: fc.oneof(fc.array(ring, { maxLength: 3 }), fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 2 }), json)
					}),
					json
				)
			}),
			{ maxLength: 6 }
		),
		json
	)
});

const polisen = fc.array(
	fc.record({
		id: fc.oneof(fc.integer(), json),
		datetime: fc.oneof(fc.constantFrom('2025-05-14 13:45:00 +02:00', '2025-13-45', ''), json),
		name: fc.oneof(fc.constantFrom('14 maj 13:45, Stöld, Falun', 'Trafikolycka, Falun'), json),
		type: fc.oneof(fc.constantFrom('Stöld', 'Misshandel', 'Sammanfattning natt', 'Inbrott'), json),
		summary: fc.oneof(fc.string(), json),
		location: fc.oneof(
			fc.record({ name: fc.oneof(fc.constantFrom('Falun', 'Falu kommun', 'Sunne'), json), gps: fc.oneof(fc.constant('60.6,15.6'), json) }),
			json
		)
	}),
	{ maxLength: 8 }
);

const jsonStat = fc.record({
	class: fc.oneof(fc.constant('dataset'), json),
	id: fc.oneof(fc.constant(['Region', 'Alder', 'Kon', 'Tid']), json),
	size: fc.oneof(fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 4 }), json),
	dimension: fc.oneof(
		fc.dictionary(
			fc.constantFrom('Region', 'Alder', 'Kon', 'Tid'),
			fc.record({
				category: fc.record({ index: fc.dictionary(fc.constantFrom('2080C1010', '0-4', '1', '2024', 'tot'), fc.integer({ min: -1, max: 5 })), label: json })
			})
		),
		json
	),
	value: fc.oneof(fc.array(fc.oneof(fc.integer(), fc.constant(null), json), { maxLength: 12 }), json)
});

const kolada = fc.record({
	values: fc.oneof(
		fc.array(
			fc.record({
				kpi: fc.oneof(fc.constantFrom('N07403', 'N07402'), json),
				period: fc.oneof(fc.integer({ min: 1990, max: 2030 }), json),
				municipality: fc.oneof(fc.constantFrom('2080', '0020', '0000'), json),
				values: fc.oneof(
					fc.array(fc.record({ gender: fc.oneof(fc.constantFrom('T', 'K', 'M'), json), value: fc.oneof(fc.double(), fc.constant(null), json) }), {
						maxLength: 3
					}),
					json
				)
			}),
			{ maxLength: 5 }
		),
		json
	)
});

/** A run of an importer on one input that prints as its input when it fails. */
function job<I>(fn: (input: I) => Promise<unknown>) {
	return (input: I) => Object.assign(() => fn(input), { [fc.toStringMethod]: () => fc.stringify(input).slice(0, 1500) });
}

/** Generated files for the importers' use cases (files.fuzz-db.test.ts: nothing half-written). */
export const fuzzFiles = {
	geoJson: fc.oneof(
		geoJson.map((g) => JSON.stringify(g)),
		geoJson.chain((g) => fc.nat({ max: JSON.stringify(g).length }).map((n) => JSON.stringify(g).slice(0, n)))
	),
	crimeCsv: fc
		.tuple(
			fc.array(
				fc.tuple(
					fc.constantFrom('Cykelstöld', 'Misshandel', 'Trolldom', ''),
					fc.constantFrom('2025-05-14', '2025-13-45', ''),
					fc.integer({ min: 520000, max: 545000 }),
					fc.integer({ min: 6710000, max: 6725000 })
				),
				{ maxLength: 12 }
			),
			table
		)
		.map(([rows, noise]) =>
			csvOf([
				['Händelse-id', 'Brottstyp', 'Datum', 'X_SWEREF', 'Y_SWEREF'],
				...rows.map((r, i) => [`F-${i}`, r[0], r[1], String(r[2]), String(r[3])]),
				...noise
			])
		)
};

export interface FuzzTarget {
	name: string;
	/** Share of the total count. */
	weight: number;
	arbitrary: fc.Arbitrary<() => Promise<unknown>>;
}

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.resolve('src/lib/server/modules/situation/fixtures', name)));
const rowContext = { knownAreaCodes: new Set(['2080C1010']), insideMunicipality: (e: number, n: number) => e > 500000 && n > 6700000, today: '2026-01-01' };

/** The importers with their generated inputs. Samples of valid files are built once. */
export async function fuzzTargets(): Promise<FuzzTarget[]> {
	const sampleXlsx = await xlsxOf([
		['Åtgärd', 'Tid', 'Omfattning', 'Ansvarig', 'Kostnad', 'Mål', 'Uppföljning'],
		['Rastvärdar', 'HT 2025', 'Alla skolor', 'Skolan', '0 kr', 'Tryggare raster', 'Enkät']
	]);
	const sampleDocx = docxOf([['Åtgärdsplan'], ['Åtgärd', 'Tid', 'Ansvarig'], ['Rastvärdar', 'HT 2025', 'Skolan']], '');
	const sampleGpkg = fixture('deso-2025-3006.gpkg');
	const bytes = fc.uint8Array({ maxLength: 3000 });
	const xlsxBytes = fc
		.oneof(
			mutated(sampleXlsx),
			bytes,
			table.map((rows) => ({ rows }))
		)
		.chain((v) => ('rows' in v ? fc.constant(v.rows).map((rows) => ({ build: () => xlsxOf(rows) })) : fc.constant({ build: async () => v as Uint8Array })));
	const docxBytes = fc.oneof(
		mutated(sampleDocx),
		bytes,
		fc.tuple(table, fc.string({ maxLength: 200 })).map(([rows, raw]) => docxOf(rows, raw))
	);
	return [
		{ name: 'plan text', weight: 10, arbitrary: text.map(job(async (t) => parsePlanText(t))) },
		{
			name: 'plan CSV',
			weight: 8,
			arbitrary: fc
				.oneof(
					table.map((r) => utf8(csvOf(r))),
					bytes
				)
				.map(job((b) => parsePlanFile(b, 'plan.csv')))
		},
		{ name: 'plan xlsx', weight: 6, arbitrary: xlsxBytes.map(job(async (x) => parsePlanFile(await x.build(), 'plan.xlsx'))) },
		{ name: 'plan docx', weight: 8, arbitrary: docxBytes.map(job((b) => parsePlanFile(b, 'plan.docx'))) },
		{ name: 'promise text', weight: 10, arbitrary: text.map(job(async (t) => parsePromiseText(t, { municipalityName: 'Falun' }))) },
		{
			name: 'promise docx',
			weight: 6,
			arbitrary: docxBytes.map(
				job(async (b) => {
					const blocks = await readDocxBlocks(b);
					return parsePromiseText(blocks.map((x) => (x.kind === 'paragraph' ? x.text : x.rows.map((r) => r.join('\t')).join('\n'))).join('\n'), {
						municipalityName: 'Falun'
					});
				})
			)
		},
		{
			name: 'crime CSV',
			weight: 8,
			arbitrary: fc
				.oneof(
					table.map((r) => utf8(csvOf(r))),
					bytes
				)
				.map(
					job(async (b) => {
						const rows = await readTable(b, 'brott.csv');
						return validateExtract(rows, guessMapping(rows[0]), rowContext);
					})
				)
		},
		{
			name: 'crime xlsx',
			weight: 6,
			arbitrary: xlsxBytes.map(
				job(async (x) => {
					const rows = await readTable(await x.build(), 'brott.xlsx');
					return validateExtract(rows, guessMapping(rows[0]), rowContext);
				})
			)
		},
		{
			name: 'GeoJSON',
			weight: 10,
			arbitrary: fc
				.oneof(
					geoJson.map((g) => JSON.stringify(g)),
					geoJson.chain((g) => fc.nat({ max: JSON.stringify(g).length }).map((n) => JSON.stringify(g).slice(0, n))),
					fc.string({ maxLength: 500 })
				)
				.map(
					job(async (t) => {
						parseAreaGeoJson(t, { municipalityCode: '2080', kind: 'auto' });
						return readAreaFile(utf8(t), 'omraden.geojson', { municipalityCode: '2080', kind: 'egen' });
					})
				)
		},
		{
			name: 'GeoPackage',
			weight: 6,
			arbitrary: fc.oneof(mutated(sampleGpkg), bytes).map(job((b) => readAreaFile(b, 'omraden.gpkg', { municipalityCode: '2080', kind: 'auto' })))
		},
		{
			name: 'Polisen JSON',
			weight: 6,
			arbitrary: fc
				.oneof(
					polisen.map((p) => JSON.stringify(p)),
					json.map((j) => JSON.stringify(j)),
					fc.string({ maxLength: 300 })
				)
				.map(job(async (t) => readPolisenEvents(parsePolisenJson(t), { name: 'Falun', officialName: 'Falu kommun' })))
		},
		{
			name: 'PxWeb',
			weight: 6,
			arbitrary: fc
				.oneof(
					jsonStat.map((j) => ['befolkning.json', JSON.stringify(j)] as const),
					table.map((r) => ['befolkning.csv', csvOf(r, ',')] as const),
					fc.string({ maxLength: 300 }).map((s) => ['befolkning.json', s] as const)
				)
				.map(job(async ([name, t]) => parsePopulationFile(name, t)))
		},
		{
			name: 'Kolada',
			weight: 6,
			arbitrary: fc
				.oneof(
					kolada.map((k) => JSON.stringify(k)),
					fc.string({ maxLength: 300 })
				)
				.map(
					job(async (t) => {
						parseKoladaV3(t);
						return null;
					})
				)
		},
		{ name: 'Brå table', weight: 3, arbitrary: table.map(job(async (rows) => parseBraTable(rows))) },
		{
			name: 'follow-up sheet',
			weight: 6,
			arbitrary: fc
				.oneof(
					table.map((rows) => ({ rows })),
					xlsxBytes.map((x) => ({ x }))
				)
				.map(job(async (input) => parseFollowUpSheet('rows' in input ? input.rows : await readXlsxRows(await input.x.build()))))
		}
	];
}

export interface FuzzReport {
	total: number;
	perImporter: Record<string, { runs: number; accepted: number; refused: number }>;
	failures: string[];
	seconds: number;
}

/** Runs `total` inputs spread by weight; a run longer than `hangMs` counts as a hang. */
export async function fuzzImporters(options: { total: number; seed?: number; hangMs?: number }): Promise<FuzzReport> {
	const started = performance.now();
	const targets = await fuzzTargets();
	const weights = targets.reduce((n, t) => n + t.weight, 0);
	const report: FuzzReport = { total: 0, perImporter: {}, failures: [], seconds: 0 };
	for (const target of targets) {
		const runs = Math.max(1, Math.ceil((options.total * target.weight) / weights));
		const counts = (report.perImporter[target.name] = { runs: 0, accepted: 0, refused: 0 });
		const result = await fc.check(
			fc.asyncProperty(target.arbitrary, async (run) => {
				counts.runs++;
				let timer: NodeJS.Timeout | undefined;
				const hang = new Promise<never>((_, reject) => {
					timer = setTimeout(() => reject(new Error(`hang: no answer in ${options.hangMs ?? 30_000} ms`)), options.hangMs ?? 30_000);
				});
				try {
					await Promise.race([run(), hang]);
					counts.accepted++;
				} catch (error) {
					if (!isCodedError(error)) throw error;
					counts.refused++;
				} finally {
					clearTimeout(timer);
				}
			}),
			{ numRuns: runs, seed: options.seed, endOnFailure: true }
		);
		if (result.failed) {
			const error = result.errorInstance as Error | undefined;
			report.failures.push(`${target.name}: ${String(error?.stack ?? error).slice(0, 800)}\n${fc.defaultReportMessage(result)?.slice(0, 2000)}`);
		}
		report.total += counts.runs;
	}
	report.seconds = (performance.now() - started) / 1000;
	return report;
}
