import { AppError } from '../errors';

/**
 * Caps on what an uploaded file may unfold into. Each is checked while the file is read (bytes
 * counted as they are inflated, rows as they are read), never trusted from the file's own header.
 */
export const FILE_LIMITS = {
	/** Everything a zip (xlsx, docx) inflates to, all entries together. */
	inflatedBytes: 200 * 1024 * 1024,
	/** Entries in a zip: a real workbook or document has a few dozen. */
	zipEntries: 2_000,
	/** One XML part of a workbook or document (a sheet, the shared strings, the document body). */
	xmlBytes: 100 * 1024 * 1024,
	/** Columns of a sheet (the last column with a value). */
	sheetColumns: 1_000,
	/** Rows of a sheet (the last row with a value). */
	sheetRows: 500_000,
	/** Rows × columns of all sheets together. */
	sheetCells: 5_000_000,
	/** Points in all geometries of a GeoJSON file. */
	geoJsonVertices: 5_000_000,
	/** Nesting of arrays and objects in a JSON file. */
	jsonDepth: 64,
	/** Features (rows) in a GeoPackage. */
	geoPackageRows: 100_000
} as const;

export const formatMegabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
export const formatCount = (n: number) => n.toLocaleString('sv-SE');

/**
 * A file that cannot be read, or that is over a cap. The message is Swedish and names the cap;
 * status 400 (413 for caps), so a route shows it beside the upload field.
 */
export class FileReadError extends AppError {
	constructor(code: string, message: string, details?: Record<string, unknown>) {
		super(code, code.startsWith('file.limit') ? 413 : 400, message, details);
		this.name = 'FileReadError';
	}
}

export const limitErrors = {
	inflated: () =>
		new FileReadError(
			'file.limit_inflated',
			`Filen packas upp till mer än ${formatMegabytes(FILE_LIMITS.inflatedBytes)}, som är gränsen. Spara den utan bilder eller dela upp den.`,
			{ limit: FILE_LIMITS.inflatedBytes }
		),
	entries: () =>
		new FileReadError('file.limit_entries', `Filen innehåller fler än ${formatCount(FILE_LIMITS.zipEntries)} delar, som är gränsen. Är det rätt fil?`, {
			limit: FILE_LIMITS.zipEntries
		}),
	xml: (part: string) =>
		new FileReadError(
			'file.limit_xml',
			`Delen ${part} i filen är större än ${formatMegabytes(FILE_LIMITS.xmlBytes)} uppackad, som är gränsen. Dela upp filen.`,
			{ limit: FILE_LIMITS.xmlBytes, part }
		),
	columns: (sheet: string) =>
		new FileReadError(
			'file.limit_columns',
			`Bladet ”${sheet}” har värden i fler än ${formatCount(FILE_LIMITS.sheetColumns)} kolumner, som är gränsen. Ta bort celler långt ut till höger.`,
			{ limit: FILE_LIMITS.sheetColumns, sheet }
		),
	rows: (sheet: string) =>
		new FileReadError(
			'file.limit_rows',
			`Bladet ”${sheet}” har värden på fler än ${formatCount(FILE_LIMITS.sheetRows)} rader, som är gränsen. Ta bort celler långt ner eller dela upp filen.`,
			{ limit: FILE_LIMITS.sheetRows, sheet }
		),
	cells: () =>
		new FileReadError(
			'file.limit_cells',
			`Kalkylbladen har fler än ${formatCount(FILE_LIMITS.sheetCells)} celler (rader × kolumner), som är gränsen. Dela upp filen.`,
			{ limit: FILE_LIMITS.sheetCells }
		),
	vertices: () =>
		new FileReadError(
			'file.limit_vertices',
			`Geometrierna i filen har fler än ${formatCount(FILE_LIMITS.geoJsonVertices)} punkter, som är gränsen. Förenkla geometrierna eller dela upp filen.`,
			{ limit: FILE_LIMITS.geoJsonVertices }
		),
	depth: () =>
		new FileReadError('file.limit_depth', `JSON-filen är nästlad i fler än ${FILE_LIMITS.jsonDepth} nivåer, som är gränsen. Är det rätt fil?`, {
			limit: FILE_LIMITS.jsonDepth
		}),
	geoPackageRows: () =>
		new FileReadError(
			'file.limit_rows',
			`GeoPackage-filen har fler än ${formatCount(FILE_LIMITS.geoPackageRows)} objekt, som är gränsen. Ladda upp ett lager i taget.`,
			{ limit: FILE_LIMITS.geoPackageRows }
		)
};
