/**
 * Readers that turn uploaded files (.xlsx, .docx) into rows of cell text for parsePlanRows.
 * No interpretation happens here: every cell's text is passed on unchanged (trimmed).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export type PlanImportErrorCode = 'not_zip' | 'legacy_format' | 'not_xlsx' | 'not_docx' | 'no_tables' | 'empty' | 'unsupported';

/** A file that cannot be read at all. The message is Swedish and meant for the user. */
export class PlanImportError extends Error {
	readonly code: PlanImportErrorCode;
	constructor(message: string, code: PlanImportErrorCode) {
		super(message);
		this.name = 'PlanImportError';
		this.code = code;
	}
}

export type BinaryInput = ArrayBuffer | Uint8Array;

function toBytes(input: BinaryInput): Uint8Array {
	return input instanceof Uint8Array ? input : new Uint8Array(input);
}

function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05 || bytes[2] === 0x07);
}

/** The pre-2007 binary Office format (.xls/.doc): an OLE compound file. */
function isOle(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

// ---------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------

function isoDate(d: Date): string {
	const iso = d.toISOString();
	return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

function cellValueText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value instanceof Date) return isoDate(value);
	if (typeof value === 'object') {
		if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
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

/**
 * All rows of the workbook's non-empty worksheets as cell text (trimmed, line breaks kept).
 * With several non-empty sheets, each sheet's rows are preceded by a row holding the sheet
 * name, so a workbook with one sheet per focus area keeps its focus-area titles.
 */
export async function readXlsxRows(input: BinaryInput): Promise<string[][]> {
	const bytes = toBytes(input);
	if (isOle(bytes)) {
		throw new PlanImportError(
			'Filen är i det äldre Excel-formatet (.xls) eller lösenordsskyddad. Öppna den i Excel och spara den som .xlsx utan lösenord, eller exportera den som CSV.',
			'legacy_format'
		);
	}
	if (!isZip(bytes)) {
		throw new PlanImportError('Filen är inte en giltig Excel-fil (.xlsx). Kontrollera att du valt rätt fil, eller exportera kalkylbladet som CSV.', 'not_zip');
	}
	try {
		const zip = await JSZip.loadAsync(bytes);
		if (!zip.file('xl/workbook.xml')) throw new Error('no workbook');
	} catch {
		throw new PlanImportError('Filen kunde inte läsas som en Excel-fil (.xlsx). Den kan vara skadad, lösenordsskyddad eller av en annan filtyp.', 'not_xlsx');
	}
	const workbook = new ExcelJS.Workbook();
	try {
		// exceljs declares its own (older) Buffer type; Node's Buffer<ArrayBuffer> is what it reads at runtime.
		await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
	} catch {
		throw new PlanImportError('Filen kunde inte läsas som en Excel-fil (.xlsx). Den kan vara skadad, lösenordsskyddad eller av en annan filtyp.', 'not_xlsx');
	}
	const sheets: { name: string; rows: string[][] }[] = [];
	for (const ws of workbook.worksheets) {
		const rows: string[][] = [];
		const width = ws.columnCount;
		ws.eachRow({ includeEmpty: true }, (row) => {
			const cells: string[] = [];
			for (let c = 1; c <= width; c++) {
				const cell = row.getCell(c);
				const isSlave = cell.isMerged && cell.master !== cell;
				cells.push(isSlave ? '' : cellValueText(cell.value).replace(/\r\n?/g, '\n').trim());
			}
			rows.push(cells);
		});
		while (rows.length > 0 && rows[rows.length - 1].every((c) => c === '')) rows.pop();
		if (rows.some((r) => r.some((c) => c !== ''))) sheets.push({ name: ws.name, rows });
	}
	if (sheets.length === 0) throw new PlanImportError('Excel-filen innehåller inga ifyllda celler.', 'empty');
	if (sheets.length === 1) return sheets[0].rows;
	return sheets.flatMap((s) => [[s.name], ...s.rows]);
}

// ---------------------------------------------------------------------------------------
// DOCX (WordprocessingML, read with jszip and a small tag scanner)
// ---------------------------------------------------------------------------------------

export type DocxBlock = { kind: 'paragraph'; text: string; style: string | null } | { kind: 'table'; rows: string[][] };

function decodeXml(text: string): string {
	return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
		switch (e) {
			case 'lt':
				return '<';
			case 'gt':
				return '>';
			case 'amp':
				return '&';
			case 'quot':
				return '"';
			case 'apos':
				return "'";
			default:
				return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
		}
	});
}

function attr(attrs: string, name: string): string | null {
	const m = new RegExp(`${name}="([^"]*)"`).exec(attrs);
	return m ? decodeXml(m[1]) : null;
}

/** Body of word/document.xml → paragraphs and tables in document order. Nested tables are flattened into their cell. */
export function parseDocumentXml(xml: string): DocxBlock[] {
	const blocks: DocxBlock[] = [];
	const re = /<(\/?)([A-Za-z0-9_]+:[A-Za-z0-9_]+|[A-Za-z0-9_]+)([^>]*?)(\/?)>|([^<]+)/g;
	let tblDepth = 0;
	let inText = false;
	let fallbackDepth = 0;
	let para = '';
	let paraStyle: string | null = null;
	let rows: string[][] = [];
	let cells: string[] = [];
	let cellParas: string[] = [];
	let gridSpan = 1;
	for (const m of xml.matchAll(re)) {
		const [, closing, tag, attrs, selfClosing, text] = m;
		if (text !== undefined) {
			if (inText && fallbackDepth === 0) para += decodeXml(text);
			continue;
		}
		const isClose = closing === '/';
		const isSelf = selfClosing === '/';
		if (tag === 'mc:Fallback') {
			if (isClose) fallbackDepth -= 1;
			else if (!isSelf) fallbackDepth += 1;
			continue;
		}
		if (fallbackDepth > 0) continue;
		switch (tag) {
			case 'w:t':
				inText = !isClose && !isSelf;
				break;
			case 'w:tab':
			case 'w:ptab':
				if (!isClose) para += tblDepth > 0 ? ' ' : '\t';
				break;
			case 'w:br':
			case 'w:cr':
				if (!isClose) para += '\n';
				break;
			case 'w:noBreakHyphen':
				if (!isClose) para += '-';
				break;
			case 'w:p':
				if (!isClose) {
					para = '';
					paraStyle = null;
				}
				if (isClose || isSelf) {
					const t = para.replace(/[ \u00a0]+\n/g, '\n').trim();
					if (tblDepth === 0) blocks.push({ kind: 'paragraph', text: t, style: paraStyle });
					else cellParas.push(t);
					para = '';
				}
				break;
			case 'w:pStyle':
				paraStyle = attr(attrs, 'w:val');
				break;
			case 'w:tbl':
				if (!isClose) {
					tblDepth += 1;
					if (tblDepth === 1) rows = [];
				} else {
					tblDepth -= 1;
					if (tblDepth === 0) blocks.push({ kind: 'table', rows });
				}
				break;
			case 'w:tr':
				if (tblDepth === 1) {
					if (!isClose) cells = [];
					else rows.push(cells);
				}
				break;
			case 'w:tc':
				if (tblDepth === 1) {
					if (!isClose) {
						cellParas = [];
						gridSpan = 1;
					} else {
						cells.push(
							cellParas
								.join('\n')
								.replace(/\n{3,}/g, '\n\n')
								.trim()
						);
						for (let i = 1; i < gridSpan; i++) cells.push('');
					}
				}
				break;
			case 'w:gridSpan':
				if (tblDepth === 1) gridSpan = Math.max(1, Number(attr(attrs, 'w:val') ?? '1') || 1);
				break;
			default:
				break;
		}
	}
	return blocks;
}

async function loadDocx(input: BinaryInput): Promise<DocxBlock[]> {
	const bytes = toBytes(input);
	if (isOle(bytes)) {
		throw new PlanImportError('Filen är i det äldre Word-formatet (.doc). Öppna den i Word och spara den som .docx.', 'legacy_format');
	}
	if (!isZip(bytes)) {
		throw new PlanImportError('Filen är inte ett giltigt Word-dokument (.docx). Kontrollera att du valt rätt fil.', 'not_zip');
	}
	let zip: JSZip;
	try {
		zip = await JSZip.loadAsync(bytes);
	} catch {
		throw new PlanImportError('Filen kunde inte öppnas som ett Word-dokument (.docx). Den kan vara skadad.', 'not_docx');
	}
	const doc = zip.file('word/document.xml');
	if (!doc) throw new PlanImportError('Filen är en zip-fil men inte ett Word-dokument (.docx): word/document.xml saknas.', 'not_docx');
	return parseDocumentXml(await doc.async('string'));
}

const NO_TABLES_MESSAGE =
	'Dokumentet innehåller inga tabeller. Åtgärderna ska stå i en tabell med kolumnerna Åtgärd, Tid, Omfattning, Ansvarig, Kostnad, Mål och Uppföljning.';

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
