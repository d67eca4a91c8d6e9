import { AppError, AppErrorWithText } from '../../platform/errors';
import { readCsvRows } from '../../platform/files/readers';
import { PlanImportError, readXlsxRows } from '../plans/public';

/** Reads an uploaded CSV or xlsx table: the first non-empty row is the header row. */
export async function readTable(data: Uint8Array, fileName: string): Promise<string[][]> {
	let rows: string[][];
	if (/\.xlsx$/i.test(fileName)) {
		try {
			rows = await readXlsxRows(data);
		} catch (error) {
			if (error instanceof PlanImportError) throw new AppErrorWithText('situation.crime_unreadable', 400, error.text);
			throw error;
		}
	} else if (/\.(csv|txt|tsv)$/i.test(fileName)) {
		// Decoded (UTF-8, or Windows-1252 as Excel on Windows saves it) and split in a parse worker.
		rows = await readCsvRows(data);
	} else {
		throw new AppError('situation.crime_format', 400, {});
	}
	const start = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
	if (start < 0 || rows.length - start < 2) throw new AppError('situation.crime_empty', 400, {});
	const headers = rows[start].map((h, i) => h.trim() || `Kolumn ${i + 1}`);
	return [headers, ...rows.slice(start + 1)];
}
