/**
 * The readers for uploaded files. Each runs in a parse worker (parse-pool) within the caps of
 * limits.ts and throws FileReadError with a Swedish message for a file it cannot or may not read.
 */
import type { CsvDelimiter } from './csv';
import type { DocxBlock } from './docx';
import { runParseJob } from './parse-pool';
import { toBytes, type BinaryInput } from './xlsx';

export { decodeText } from './text';
export { readCsv, writeCsv, neutraliseCsvCell, detectCsvDelimiter } from './csv';
export { FILE_LIMITS, FileReadError } from './limits';

export function readXlsxRows(input: BinaryInput): Promise<string[][]> {
	return runParseJob('xlsx-rows', toBytes(input));
}

export function readDocxBlocks(input: BinaryInput): Promise<DocxBlock[]> {
	return runParseJob('docx-blocks', toBytes(input));
}

/** A CSV file's rows, decoded (UTF-8 or Windows-1252) and split in a worker: a large file never holds up other requests. */
export function readCsvRows(input: BinaryInput, options: { delimiter?: CsvDelimiter } = {}): Promise<string[][]> {
	return runParseJob('csv-rows', { data: toBytes(input), delimiter: options.delimiter });
}
