import ExcelJS from 'exceljs';
import { FILE_LIMITS, FileReadError, limitErrors } from './limits';
import { withoutNul } from './text';
import { isOle, isZip, readZip } from './zip';

export type BinaryInput = ArrayBuffer | Uint8Array;

export const toBytes = (input: BinaryInput): Uint8Array => (input instanceof Uint8Array ? input : new Uint8Array(input));

function isoDate(d: Date): string {
	const iso = d.toISOString();
	return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

function cellValueText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoDate(value);
	if (typeof value === 'object') {
		if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => String(r?.text ?? '')).join('');
		if ('hyperlink' in value && 'text' in value) return cellValueText(value.text as ExcelJS.CellValue);
		if ('formula' in value || 'sharedFormula' in value) {
			const result = (value as { result?: unknown }).result;
			if (result === undefined || result === null) return '';
			if (typeof result === 'object' && result !== null && 'error' in result) return '';
			return cellValueText(result as ExcelJS.CellValue);
		}
		if ('error' in value) return '';
	}
	return '';
}

const unreadable = () => new FileReadError('file.not_xlsx');

/**
 * All rows of the workbook's non-empty worksheets as cell text (trimmed, line breaks kept). Only
 * cells that exist are visited: a sheet's bounding box (A1 to XFD1048576 in a 2 KB file) is never
 * walked, and the rows and columns that hold values are capped. With several non-empty sheets,
 * each sheet's rows are preceded by a row holding the sheet name.
 *
 * Runs in the calling thread: use readXlsxRows (parse-pool) for uploaded files.
 */
export async function readXlsxRowsInProcess(input: BinaryInput): Promise<string[][]> {
	const bytes = toBytes(input);
	if (isOle(bytes)) {
		throw new FileReadError('file.legacy_format', { format: 'xls' });
	}
	if (!isZip(bytes)) {
		throw new FileReadError('file.not_zip', { expected: 'xlsx' });
	}
	// Every entry is inflated once within the caps before exceljs (which inflates all of it) sees the file.
	let parts: Map<string, Uint8Array>;
	try {
		parts = readZip(bytes, { wanted: (name) => name === 'xl/workbook.xml', countAll: true });
	} catch (error) {
		if (error instanceof FileReadError && error.code.startsWith('file.limit')) throw error;
		throw unreadable();
	}
	if (!parts.has('xl/workbook.xml')) throw unreadable();
	const workbook = new ExcelJS.Workbook();
	try {
		// exceljs declares its own (older) Buffer type; Node's Buffer<ArrayBuffer> is what it reads at runtime.
		await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
	} catch {
		throw unreadable();
	}
	const sheets: { name: string; rows: string[][] }[] = [];
	let cellsTotal = 0;
	for (const ws of workbook.worksheets) {
		const byRow = new Map<number, string[]>();
		let width = 0;
		let height = 0;
		ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
			const cells: string[] = [];
			row.eachCell({ includeEmpty: false }, (cell, column) => {
				const isSlave = cell.isMerged && cell.master !== cell;
				const text = isSlave ? '' : withoutNul(cellValueText(cell.value)).replace(/\r\n?/g, '\n').trim();
				if (text === '') return;
				if (column > FILE_LIMITS.sheetColumns) throw limitErrors.columns(ws.name);
				cells[column - 1] = text;
				width = Math.max(width, column);
			});
			if (cells.length === 0) return;
			if (rowNumber > FILE_LIMITS.sheetRows) throw limitErrors.rows(ws.name);
			byRow.set(rowNumber, cells);
			height = Math.max(height, rowNumber);
		});
		if (height === 0) continue;
		cellsTotal += height * width;
		if (cellsTotal > FILE_LIMITS.sheetCells) throw limitErrors.cells();
		const rows: string[][] = [];
		for (let r = 1; r <= height; r++) {
			const cells = byRow.get(r) ?? [];
			rows.push(Array.from({ length: width }, (_, c) => cells[c] ?? ''));
		}
		sheets.push({ name: ws.name, rows });
	}
	if (sheets.length === 0) throw new FileReadError('file.empty');
	if (sheets.length === 1) return sheets[0].rows;
	return sheets.flatMap((s) => [[s.name], ...s.rows]);
}
