import { AppError } from '../../platform/errors';
import { parseCsv, readXlsxRows } from '../plans/public';

/** Reads an uploaded CSV or xlsx table: the first non-empty row is the header row. */
export async function readTable(data: Uint8Array, fileName: string): Promise<string[][]> {
	let rows: string[][];
	if (/\.xlsx$/i.test(fileName)) {
		try {
			rows = await readXlsxRows(data);
		} catch (error) {
			throw new AppError('situation.crime_unreadable', 400, error instanceof Error ? error.message : 'Excel-filen kunde inte läsas.');
		}
	} else if (/\.(csv|txt|tsv)$/i.test(fileName)) {
		let text = new TextDecoder('utf-8', { fatal: false }).decode(data);
		// Excel on Windows saves CSV as Windows-1252: replacement characters tell.
		if (text.includes('\ufffd')) text = new TextDecoder('windows-1252').decode(data);
		rows = parseCsv(text);
	} else {
		throw new AppError('situation.crime_format', 400, 'Välj en .csv- eller .xlsx-fil.');
	}
	const start = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
	if (start < 0 || rows.length - start < 2) throw new AppError('situation.crime_empty', 400, 'Filen har inga rader under rubrikraden.');
	const headers = rows[start].map((h, i) => h.trim() || `Kolumn ${i + 1}`);
	return [headers, ...rows.slice(start + 1)];
}
