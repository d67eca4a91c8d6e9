/**
 * What a parse worker can do, and the worker's message loop. This module is the worker's entry:
 * the pool starts a worker on this module's own URL (import.meta.url), which is the source file
 * under vitest and tsx and the bundled chunk in the built app, so no separate build entry is needed.
 * Importing it on the main thread starts nothing.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { AreaFileError, parseAreaGeoJson, type AreaFileResult } from '../../modules/situation/areas/area-import';
import { parseAreaGeoPackageInProcess } from '../../modules/situation/areas/geopackage';
import { parsePolisenJson, PolisenFileError, type PolisenEvent } from '../../modules/situation/crimes/polisen-events';
import { IndicatorFileError, parseBraTable, parseKoladaV3, type IndicatorValue } from '../../modules/situation/indicators/indicators';
import { parsePopulationFile, PopulationFileError, type PopulationTable } from '../../modules/situation/indicators/population-import';
import type { AreaKind } from '../../modules/situation/situation.models';
import { readCsv, type CsvDelimiter } from './csv';
import { readDocxBlocksInProcess, type DocxBlock } from './docx';
import { FileReadError } from './limits';
import type { CodedReason } from '../errors';
import type { ErrorParams } from '../errors';
import { decodeText } from './text';
import { readXlsxRowsInProcess } from './xlsx';

export const PARSE_JOBS_URL = import.meta.url;

type AreaOptions = { municipalityCode: string; kind?: AreaKind | 'auto'; year?: number };

export interface ParseJobs {
	'xlsx-rows': { input: Uint8Array; output: string[][] };
	'docx-blocks': { input: Uint8Array; output: DocxBlock[] };
	'csv-rows': { input: { data: Uint8Array; delimiter?: CsvDelimiter }; output: string[][] };
	'area-file': { input: { data: Uint8Array; format: 'geojson' | 'gpkg'; options: AreaOptions }; output: AreaFileResult };
	'polisen-events': { input: Uint8Array; output: PolisenEvent[] };
	'kolada-values': { input: Uint8Array; output: IndicatorValue[] };
	'bra-table': { input: string[][]; output: { values: IndicatorValue[]; problems: CodedReason[] } };
	'population-file': { input: { data: Uint8Array; fileName: string }; output: PopulationTable };
}

export type ParseJobName = keyof ParseJobs;

const jobs: { [K in ParseJobName]: (input: ParseJobs[K]['input']) => Promise<ParseJobs[K]['output']> | ParseJobs[K]['output'] } = {
	'xlsx-rows': (input) => readXlsxRowsInProcess(input),
	'docx-blocks': (input) => readDocxBlocksInProcess(input),
	'csv-rows': ({ data, delimiter }) => readCsv(decodeText(data), { delimiter }),
	'area-file': ({ data, format, options }) => (format === 'gpkg' ? parseAreaGeoPackageInProcess(data, options) : parseAreaGeoJson(decodeText(data), options)),
	'polisen-events': (input) => parsePolisenJson(decodeText(input)),
	'kolada-values': (input) => parseKoladaV3(decodeText(input)),
	'bra-table': (input) => parseBraTable(input),
	// The statistical database's CSV comes in Windows-1252 when saved from Excel: decodeText handles both.
	'population-file': ({ data, fileName }) => parsePopulationFile(fileName, decodeText(data))
};

export function runJobInProcess<K extends ParseJobName>(job: K, input: ParseJobs[K]['input']): Promise<ParseJobs[K]['output']> {
	return Promise.resolve().then(() => jobs[job](input));
}

export interface SerialisedError {
	kind: 'FileReadError' | 'AreaFileError' | 'PolisenFileError' | 'IndicatorFileError' | 'PopulationFileError' | 'Error';
	message: string;
	code?: string;
	params?: ErrorParams;
	details?: Record<string, unknown>;
}

/** Only the errors the readers throw on purpose cross the thread boundary as themselves. */
export function serialiseError(error: unknown): SerialisedError {
	if (error instanceof FileReadError) return { kind: 'FileReadError', message: error.message, code: error.code, params: error.params, details: error.details };
	if (error instanceof AreaFileError) return { kind: 'AreaFileError', message: error.message, code: error.code, params: error.params };
	if (error instanceof PolisenFileError) return { kind: 'PolisenFileError', message: error.message, code: error.code, params: error.params };
	if (error instanceof IndicatorFileError) return { kind: 'IndicatorFileError', message: error.message, code: error.code, params: error.params };
	if (error instanceof PopulationFileError) return { kind: 'PopulationFileError', message: error.message, code: error.code, params: error.params };
	return { kind: 'Error', message: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'unknown error' };
}

export function reviveError(error: SerialisedError): Error {
	if (error.kind === 'FileReadError') return new FileReadError(error.code ?? 'file.read_failed', error.params ?? error.message, error.details);
	if (error.kind === 'AreaFileError') return new AreaFileError(error.code ?? 'situation.areas_unreadable', error.params);
	if (error.kind === 'PolisenFileError') return new PolisenFileError(error.code ?? 'situation.polisen_unreadable', error.params);
	if (error.kind === 'IndicatorFileError') return new IndicatorFileError(error.code ?? 'situation.indicator_unreadable', error.params);
	if (error.kind === 'PopulationFileError') return new PopulationFileError(error.code ?? 'situation.population_unreadable', error.params);
	return new Error(`parse worker: ${error.message}`);
}

export interface JobMessage {
	id: number;
	job: ParseJobName;
	input: unknown;
}

if (!isMainThread && parentPort && (workerData as { forebyggParseWorker?: boolean } | null)?.forebyggParseWorker) {
	const port = parentPort;
	port.on('message', async (message: JobMessage) => {
		try {
			const value = await runJobInProcess(message.job, message.input as never);
			port.postMessage({ id: message.id, ok: true, value });
		} catch (error) {
			port.postMessage({ id: message.id, ok: false, error: serialiseError(error) });
		}
	});
	port.postMessage({ ready: true });
}
