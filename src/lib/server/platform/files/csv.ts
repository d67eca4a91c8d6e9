import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { FileReadError } from './limits';

export type CsvDelimiter = ';' | ',' | '\t';

function countOutsideQuotes(line: string, ch: string): number {
	let n = 0;
	let quoted = false;
	for (const c of line) {
		if (c === '"') quoted = !quoted;
		else if (c === ch && !quoted) n += 1;
	}
	return n;
}

/**
 * The delimiter of a CSV as exported by Excel: Swedish Excel uses ";" (comma is the decimal
 * separator), others ","; tabs are accepted too. Read from the first non-empty line.
 */
export function detectCsvDelimiter(text: string): CsvDelimiter {
	const firstLine =
		text
			.replace(/^\ufeff/, '')
			.split(/\r?\n/, 50)
			.find((l) => l.trim() !== '') ?? '';
	const counts = ([';', ',', '\t'] as const).map((d) => [d, countOutsideQuotes(firstLine, d)] as const);
	const [delimiter, count] = counts.reduce((best, c) => (c[1] > best[1] ? c : best), counts[0]);
	return count === 0 ? ';' : delimiter;
}

/**
 * Rows of cell text (untrimmed; empty lines kept as one empty cell). The delimiter is detected
 * unless given. A quote left open is the one thing that cannot be read: it names the line.
 */
export function readCsv(text: string, options: { delimiter?: CsvDelimiter } = {}): string[][] {
	const delimiter = options.delimiter ?? detectCsvDelimiter(text);
	try {
		return parse(text, {
			delimiter,
			bom: true,
			relax_quotes: true,
			relax_column_count: true,
			skip_empty_lines: false,
			record_delimiter: ['\r\n', '\n', '\r']
		}) as string[][];
	} catch (error) {
		if (error instanceof CsvError) {
			const line = (error as CsvError & { lines?: number }).lines;
			throw new FileReadError('file.csv_unreadable', { line: line ?? 0 }, { line });
		}
		throw error;
	}
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * A cell that a spreadsheet program would run as a formula (it starts with = + - @, a tab or a
 * carriage return) gets a leading apostrophe, so it is shown as the text it is. Plain numbers such
 * as "-12,5" stay numbers.
 */
export function neutraliseCsvCell(value: string): string {
	return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Undoes neutraliseCsvCell when a file Förebygg wrote is read back. */
export function restoreCsvCell(value: string): string {
	return /^'[=+\-@\t\r]/.test(value) && !PLAIN_NUMBER.test(value.slice(1)) ? value.slice(1) : value;
}

export type CsvValue = string | number | boolean | null | undefined;

/**
 * Every CSV Förebygg writes: each text cell through neutraliseCsvCell, quoted where needed,
 * CRLF between rows and a byte-order mark so Excel opens the UTF-8 file with å, ä and ö intact.
 * Numbers and booleans are written as the caller formatted them (pass text for a decimal comma).
 */
export function writeCsv(rows: readonly (readonly CsvValue[])[], options: { delimiter?: ';' | ','; bom?: boolean } = {}): string {
	const cells = rows.map((row) =>
		row.map((value) => (value === null || value === undefined ? '' : typeof value === 'string' ? neutraliseCsvCell(value) : String(value)))
	);
	const body = stringify(cells, { delimiter: options.delimiter ?? ';', record_delimiter: 'windows', quoted_match: /[\r\n]|^\s|\s$/ });
	return (options.bom === false ? '' : '\ufeff') + body;
}
