import { AppError, type ErrorParams } from '../errors';

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

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));

/**
 * A file that cannot be read, or that is over a cap. The message is Swedish and names the cap;
 * status 400 (413 for caps), so a route shows it beside the upload field.
 */
export class FileReadError extends AppError {
	constructor(code: string, messageOrParams?: string | ErrorParams, details?: Record<string, unknown>) {
		super(code, code.startsWith('file.limit') ? 413 : 400, messageOrParams, details);
		this.name = 'FileReadError';
	}
}

export const limitErrors = {
	inflated: () => new FileReadError('file.limit_inflated', { megabytes: megabytes(FILE_LIMITS.inflatedBytes) }, { limit: FILE_LIMITS.inflatedBytes }),
	entries: () => new FileReadError('file.limit_entries', { count: FILE_LIMITS.zipEntries }, { limit: FILE_LIMITS.zipEntries }),
	xml: (part: string) => new FileReadError('file.limit_xml', { part, megabytes: megabytes(FILE_LIMITS.xmlBytes) }, { limit: FILE_LIMITS.xmlBytes, part }),
	columns: (sheet: string) => new FileReadError('file.limit_columns', { sheet, count: FILE_LIMITS.sheetColumns }, { limit: FILE_LIMITS.sheetColumns, sheet }),
	rows: (sheet: string) =>
		new FileReadError('file.limit_rows', { source: 'sheet', sheet, count: FILE_LIMITS.sheetRows }, { limit: FILE_LIMITS.sheetRows, sheet }),
	cells: () => new FileReadError('file.limit_cells', { count: FILE_LIMITS.sheetCells }, { limit: FILE_LIMITS.sheetCells }),
	vertices: () => new FileReadError('file.limit_vertices', { count: FILE_LIMITS.geoJsonVertices }, { limit: FILE_LIMITS.geoJsonVertices }),
	depth: () => new FileReadError('file.limit_depth', { count: FILE_LIMITS.jsonDepth }, { limit: FILE_LIMITS.jsonDepth }),
	geoPackageRows: () =>
		new FileReadError('file.limit_rows', { source: 'geopackage', sheet: '', count: FILE_LIMITS.geoPackageRows }, { limit: FILE_LIMITS.geoPackageRows })
};
