/**
 * Readers that turn uploaded files (.xlsx, .docx) into rows of cell text for parsePlanRows.
 * No interpretation happens here: every cell's text is passed on unchanged (trimmed). The files
 * are read by the shared readers in a parse worker (platform/files), within their caps.
 */
import { errorText, type FieldCode } from '../../platform/errors';
import { FileReadError } from '../../platform/files/limits';
import { readDocxBlocks, readXlsxRows as readXlsxRowsInWorker } from '../../platform/files/readers';
import type { BinaryInput } from '../../platform/files/xlsx';

export { parseDocumentXml, type DocxBlock } from '../../platform/files/docx';
export type { BinaryInput } from '../../platform/files/xlsx';

export type PlanImportErrorCode = 'not_zip' | 'legacy_format' | 'not_xlsx' | 'not_docx' | 'no_tables' | 'empty' | 'unsupported' | 'unreadable' | 'too_large';

/**
 * A file that cannot be read at all: `code` says what kind of failure, `text` the coded message for
 * the user (`message` is its Swedish text).
 */
export class PlanImportError extends Error {
	readonly code: PlanImportErrorCode;
	readonly text: FieldCode;
	constructor(text: FieldCode, code: PlanImportErrorCode) {
		super(errorText(text.code, text.params, 'sv') ?? text.code);
		this.name = 'PlanImportError';
		this.code = code;
		this.text = text;
	}
}

const READER_CODES: Record<string, PlanImportErrorCode> = {
	'file.not_zip': 'not_zip',
	'file.zip64': 'too_large',
	'file.zip_method': 'unreadable',
	'file.legacy_format': 'legacy_format',
	'file.not_xlsx': 'not_xlsx',
	'file.not_docx': 'not_docx',
	'file.empty': 'empty',
	'file.csv_unreadable': 'unreadable',
	'file.read_failed': 'unreadable'
};

/** The shared readers' errors as the plan import's own, so every caller catches one kind. */
export async function asPlanImportError<T>(read: () => Promise<T>): Promise<T> {
	try {
		return await read();
	} catch (error) {
		if (error instanceof FileReadError) throw new PlanImportError({ code: error.code, params: error.params }, READER_CODES[error.code] ?? 'too_large');
		throw error;
	}
}

/**
 * All rows of the workbook's non-empty worksheets as cell text (trimmed, line breaks kept).
 * With several non-empty sheets, each sheet's rows are preceded by a row holding the sheet
 * name, so a workbook with one sheet per focus area keeps its focus-area titles.
 */
export function readXlsxRows(input: BinaryInput): Promise<string[][]> {
	return asPlanImportError(() => readXlsxRowsInWorker(input));
}

const loadDocx = (input: BinaryInput) => asPlanImportError(() => readDocxBlocks(input));

const NO_TABLES_MESSAGE: FieldCode = { code: 'plans.import_no_tables' };

/** Every table of a .docx as rows of cell text; paragraphs within a cell are joined with "\n". */
export async function readDocxTables(input: BinaryInput): Promise<string[][][]> {
	const tables = (await loadDocx(input)).flatMap((b) => (b.kind === 'table' ? [b.rows] : []));
	if (tables.length === 0) throw new PlanImportError(NO_TABLES_MESSAGE, 'no_tables');
	return tables;
}

/**
 * The whole .docx body as rows for parsePlanRows: each paragraph becomes a one-cell row
 * (empty paragraphs become empty rows), each table row a row of cells. Keeps the title,
 * the opening paragraph with the decisions and the focus-area headings around the tables.
 */
export async function readDocxRows(input: BinaryInput): Promise<string[][]> {
	const blocks = await loadDocx(input);
	if (!blocks.some((b) => b.kind === 'table')) throw new PlanImportError(NO_TABLES_MESSAGE, 'no_tables');
	const rows: string[][] = [];
	for (const b of blocks) {
		if (b.kind === 'paragraph') rows.push([b.text]);
		else rows.push(...b.rows);
	}
	return rows;
}
