/**
 * The spreadsheet round trip of a follow-up round: an organisation downloads its measures as
 * .xlsx, fills in status and text (often together in a meeting), and uploads the file. Rows are
 * matched on the measure id in the first column, never on the title, so a reworded title or a
 * re-sorted sheet still lands on the right measure. Pure: rows in, answers or row errors out.
 */
import ExcelJS from 'exceljs';
import { errorText, type ErrorParams, type FieldCode } from '../../platform/errors';
import { MEASURE_STATUSES, isMeasureStatus, type MeasureStatus } from '$lib/modules/plans/constants';

export const SHEET_NAME = 'Uppföljning';
export const SHEET_COLUMNS = {
	id: 'Id (ändra inte)',
	focusArea: 'Fokusområde',
	title: 'Åtgärd',
	responsible: 'Ansvariga',
	status: 'Status',
	done: 'Vad har gjorts',
	nextSteps: 'Nästa steg'
} as const;
type Column = keyof typeof SHEET_COLUMNS;

export interface SheetRow {
	measureId: string;
	focusArea: string;
	title: string;
	responsible: string;
	status: string | null;
	done: string;
	nextSteps: string;
}

export interface SheetAnswer {
	row: number;
	measureId: string;
	status: MeasureStatus;
	done: string;
	nextSteps: string;
}

export interface SheetRowError {
	/** 1-based, as Excel numbers rows. */
	row: number;
	/** The Swedish text of `text`. */
	message: string;
	/** The coded message, shown in the reader's language. */
	text: FieldCode;
}

/** A row's problem: `plans.sheet_*` codes, the row number among the parameters. */
export function sheetRowError(row: number, code: string, params: ErrorParams = {}): SheetRowError {
	const text = { code, params: { row, ...params } };
	return { row, text, message: errorText(text.code, text.params, 'sv') ?? code };
}

const labelOf = (status: string | null) => MEASURE_STATUSES.find((s) => s.code === status)?.label ?? '';

export async function writeFollowUpSheet(rows: SheetRow[], meta: { roundName: string; dueDate: string; municipalityName: string }): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Förebygg';
	workbook.title = `Uppföljning ${meta.roundName}`;
	const ws = workbook.addWorksheet(SHEET_NAME, {
		views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'E2' }],
		pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
		headerFooter: { oddHeader: `&L${`${meta.municipalityName} – ${meta.roundName}, svara senast ${meta.dueDate}`.replace(/&/g, '&&')}` }
	});
	const widths: Record<Column, number> = { id: 12, focusArea: 24, title: 40, responsible: 24, status: 22, done: 50, nextSteps: 40 };
	ws.columns = (Object.keys(SHEET_COLUMNS) as Column[]).map((key) => ({ header: SHEET_COLUMNS[key], key, width: widths[key] }));
	for (const r of rows) ws.addRow({ ...r, id: r.measureId, status: labelOf(r.status) });
	const statusList = `"${MEASURE_STATUSES.map((s) => s.label).join(',')}"`;
	ws.eachRow((row, n) => {
		row.eachCell({ includeEmpty: true }, (cell, col) => {
			cell.alignment = { wrapText: true, vertical: 'top' };
			if (n === 1) {
				cell.font = { bold: true };
				cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
			} else if (col <= 4) {
				// What the organisation does not answer is greyed, so the three columns to fill stand out.
				cell.font = { color: { argb: 'FF404040' } };
				cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
			}
		});
		if (n > 1)
			row.getCell('status').dataValidation = {
				type: 'list',
				allowBlank: true,
				formulae: [statusList],
				showErrorMessage: true,
				errorTitle: 'Okänd status',
				error: 'Välj en status i listan.'
			};
	});
	const out = await workbook.xlsx.writeBuffer();
	return Buffer.from(out as unknown as ArrayBuffer);
}

const fold = (text: string) => text.toLocaleLowerCase('sv-SE').replace(/\s+/g, ' ').trim();

function statusFrom(text: string): MeasureStatus | null {
	const folded = fold(text);
	if (isMeasureStatus(folded.replace(/ /g, '_'))) return folded.replace(/ /g, '_') as MeasureStatus;
	return MEASURE_STATUSES.find((s) => fold(s.label) === folded)?.code ?? null;
}

/** Reads the uploaded sheet's rows (as readXlsxRows gives them): the answers, or every row that is wrong and why. */
export function parseFollowUpSheet(rows: string[][]): { answers: SheetAnswer[]; errors: SheetRowError[] } {
	const headerIndex = rows.findIndex((r) => r.some((c) => fold(c) === fold(SHEET_COLUMNS.status)));
	const header = (headerIndex >= 0 ? rows[headerIndex] : []).map(fold);
	const col = (key: Column) => header.findIndex((h) => h === fold(SHEET_COLUMNS[key]) || (key === 'id' && h.startsWith('id')));
	const required: Column[] = ['id', 'status', 'done', 'nextSteps'];
	const missing = required.filter((key) => col(key) < 0);
	if (missing.length) {
		return {
			answers: [],
			errors: [
				sheetRowError(headerIndex >= 0 ? headerIndex + 1 : 1, 'plans.sheet_columns_missing', {
					columns: missing.map((k) => `”${SHEET_COLUMNS[k]}”`).join(', ')
				})
			]
		};
	}
	const answers: SheetAnswer[] = [];
	const errors: SheetRowError[] = [];
	const seen = new Map<string, number>();
	rows.forEach((cells, index) => {
		if (index <= headerIndex) return;
		const row = index + 1;
		const get = (key: Column) => (cells[col(key)] ?? '').trim();
		const measureId = get('id');
		const statusText = get('status');
		const done = get('done');
		const nextSteps = get('nextSteps');
		if (!measureId && !statusText && !done && !nextSteps) return;
		if (!measureId) return errors.push(sheetRowError(row, 'plans.sheet_id_missing'));
		if (seen.has(measureId)) return errors.push(sheetRowError(row, 'plans.sheet_duplicate', { first: seen.get(measureId) ?? 0 }));
		seen.set(measureId, row);
		if (!statusText) {
			if (done || nextSteps) errors.push(sheetRowError(row, 'plans.sheet_status_missing'));
			return;
		}
		const status = statusFrom(statusText);
		if (!status)
			return errors.push(sheetRowError(row, 'plans.sheet_status_unknown', { status: statusText, statuses: MEASURE_STATUSES.map((s) => s.label).join(', ') }));
		if (done.length > 10_000 || nextSteps.length > 10_000) return errors.push(sheetRowError(row, 'plans.sheet_text_too_long', { maximum: 10_000 }));
		answers.push({ row, measureId, status, done, nextSteps });
	});
	return { answers, errors };
}
