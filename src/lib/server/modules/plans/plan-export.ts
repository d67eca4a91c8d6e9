/**
 * Export of an action plan (åtgärdsplan) as JSON, CSV (Swedish Excel), .xlsx and .docx.
 *
 * Pure functions: a PlanExportInput in, a string or a Buffer out. Every format is written so
 * that plan-import reads it back with the same focus-area titles and, per measure, the same
 * Åtgärd/Tid/Omfattning/Ansvariga/Kostnad/Mål/Uppföljning text (whitespace aside):
 * - JSON: `{ format: 'forebygg-plan', version: 1, plan }`, read back with parsePlanJson.
 * - CSV and XLSX: one table, header row first, with a Fokusområde column grouping the rows.
 *   Focus areas without measures cannot be represented in a single table and are left out.
 * - DOCX: the municipality's own layout — title, preamble, the decision history as a list,
 *   then per focus area a heading "1. <titel>", its summary, its problems as bullets and the
 *   measures table (landscape A4, header row repeated on every page, Arial 9 pt).
 *   Problem bullets are written as a literal "•" + tab (with a hanging indent) so that they
 *   survive a re-import as problem statements; the decision list uses Word's own bullets and
 *   one sentence per item so that each item is read back as one decision. The municipality name and period go in the page
 *   header, outside the body text that the importer reads.
 */
import {
	AlignmentType,
	BorderStyle,
	Document,
	Header,
	HeadingLevel,
	LevelFormat,
	Packer,
	PageOrientation,
	Paragraph,
	Table,
	TableLayoutType,
	TableRow,
	TabStopType,
	TextRun,
	WidthType
} from 'docx';
import ExcelJS from 'exceljs';
import { writeCsv } from '../../platform/files/csv';
import { z } from 'zod';
import { DECISION_KIND_LABELS, type DecisionKind } from '$lib/modules/plans/constants';
import {
	A4_HEIGHT,
	A4_WIDTH,
	BODY_SIZE,
	FONT,
	MARGIN,
	bodyParagraph,
	cleanText,
	pageNumberFooter,
	paragraphsOf,
	runsOf,
	tableCell
} from '../../platform/documents/docx-kit';
import { PlanImportError } from './plan-files';
import type { ImportedMeasure, ParsedPlan } from './plan-import';

// ---------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------

/** The plan's seven columns as the importer reads them, plus the follow-up status. */
export type PlanExportMeasure = Pick<ImportedMeasure, 'description' | 'time' | 'scope' | 'responsible' | 'cost' | 'goal' | 'followUp'> & {
	status: string | null;
};

export interface PlanExportDecision {
	body: string;
	date: string | null;
	kind: string;
	reference: string | null;
	text: string;
}

export interface PlanExportFocusArea {
	title: string;
	summary: string;
	problems: string[];
	measures: PlanExportMeasure[];
}

export interface PlanExportInput {
	title: string;
	period: string | null;
	municipalityName: string;
	preamble: string;
	decisions: PlanExportDecision[];
	focusAreas: PlanExportFocusArea[];
}

/** The statutory title used when the plan has none. */
export const DEFAULT_PLAN_TITLE = 'Åtgärdsplan enligt 5 § Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete';

export const PLAN_JSON_FORMAT = 'forebygg-plan';
export const PLAN_JSON_VERSION = 1;

type MeasureField = Exclude<keyof PlanExportMeasure, 'status'>;

/** The measure columns in the template's order, with the municipality's own headings. */
export const PLAN_EXPORT_COLUMNS: readonly { field: MeasureField; label: string; xlsxWidth: number; docxShare: number }[] = [
	{ field: 'description', label: 'Åtgärd', xlsxWidth: 60, docxShare: 27 },
	{ field: 'time', label: 'Tid', xlsxWidth: 18, docxShare: 10 },
	{ field: 'scope', label: 'Omfattning', xlsxWidth: 28, docxShare: 13 },
	{ field: 'responsible', label: 'Ansvariga', xlsxWidth: 30, docxShare: 14 },
	{ field: 'cost', label: 'Kostnad', xlsxWidth: 28, docxShare: 12 },
	{ field: 'goal', label: 'Mål', xlsxWidth: 32, docxShare: 13 },
	{ field: 'followUp', label: 'Uppföljning', xlsxWidth: 28, docxShare: 11 }
];

const FOCUS_AREA_LABEL = 'Fokusområde';

/** Builds the export input from an imported plan (e.g. to offer a cleaned-up file right after an import). */
export function planExportInputFromParsed(plan: ParsedPlan, meta: { municipalityName: string; period?: string | null }): PlanExportInput {
	return {
		title: plan.title,
		period: meta.period ?? null,
		municipalityName: meta.municipalityName,
		preamble: plan.preamble,
		decisions: plan.decisions.map((d) => ({ body: d.body, date: d.date, kind: d.kind, reference: null, text: d.text })),
		focusAreas: plan.focusAreas.map((a) => ({
			title: a.title,
			summary: a.summary,
			problems: [...a.problems],
			measures: a.measures.map((m) => ({
				description: m.description,
				time: m.time,
				scope: m.scope,
				responsible: m.responsible,
				cost: m.cost,
				goal: m.goal,
				followUp: m.followUp,
				status: null
			}))
		}))
	};
}

// ---------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------

function bulletTextOf(paragraph: string): string | null {
	const m = /^\s*[-•*–]\s+(.+)$/s.exec(paragraph);
	return m ? m[1].trim() : null;
}

function planTitle(input: PlanExportInput): string {
	const t = cleanText(input.title).trim();
	return t === '' ? DEFAULT_PLAN_TITLE : t;
}

function decisionKindLabel(kind: string): string {
	return Object.hasOwn(DECISION_KIND_LABELS, kind) ? DECISION_KIND_LABELS[kind as DecisionKind] : kind;
}

function capitalise(value: string): string {
	return value === '' ? value : value[0].toLocaleUpperCase('sv-SE') + value.slice(1);
}

/**
 * One decision as a list item, always one sentence that starts with a capital and ends with
 * a full stop, e.g. "Ställningstagande 2024-06-03, Faluns brottsförebyggande råd (KS 2024/12):
 * Faluns brottsförebyggande råd ställde sig 2024-06-03 bakom den framtagna åtgärdsplanen."
 * Written like this, plan-import's sentence splitter reads each item as its own decision
 * (same body, date and kind) when the document is imported again.
 */
export function decisionLine(d: PlanExportDecision): string {
	const kind = decisionKindLabel(cleanText(d.kind).trim());
	const date = cleanText(d.date).trim();
	const body = cleanText(d.body).replace(/\s+/g, ' ').trim();
	const reference = cleanText(d.reference).replace(/\s+/g, ' ').trim();
	const statement = cleanText(d.text).replace(/\s+/g, ' ').trim();
	const head = [[kind, date].filter((x) => x !== '').join(' '), body].filter((x) => x !== '').join(', ');
	const line = `${head}${reference ? ` (${reference})` : ''}${statement ? `: ${statement}` : ''}`;
	return capitalise(/[.!?]$/.test(line) ? line : `${line}.`);
}

/** The lead-in before the decision list: a whole sentence, so it is not glued to the first item on re-import. */
export const DECISIONS_LEAD_IN = 'Beslut och ställningstaganden i arbetet med åtgärdsplanen.';

interface TableRowOut {
	focusArea: string;
	cells: string[];
}

function measureRows(input: PlanExportInput): TableRowOut[] {
	return input.focusAreas.flatMap((area) =>
		area.measures.map((m) => ({ focusArea: cleanText(area.title).trim(), cells: PLAN_EXPORT_COLUMNS.map((c) => cleanText(m[c.field]).trim()) }))
	);
}

// ---------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------

/** Pretty JSON: `{ "format": "forebygg-plan", "version": 1, "plan": { … } }`. */
export function exportPlanJson(input: PlanExportInput): string {
	// Through the schema, so only the documented fields are written, whatever else the caller's objects carry.
	const plan = planSchema.parse(input);
	return `${JSON.stringify({ format: PLAN_JSON_FORMAT, version: PLAN_JSON_VERSION, plan }, null, 2)}\n`;
}

const text = () => z.string();
const measureSchema = z.object({
	description: text(),
	time: text().default(''),
	scope: text().default(''),
	responsible: text().default(''),
	cost: text().default(''),
	goal: text().default(''),
	followUp: text().default(''),
	status: text().nullable().default(null)
});
const planSchema = z.object({
	title: text(),
	period: text().nullable().default(null),
	municipalityName: text().default(''),
	preamble: text().default(''),
	decisions: z
		.array(
			z.object({
				body: text(),
				date: text().nullable().default(null),
				kind: text(),
				reference: text().nullable().default(null),
				text: text().default('')
			})
		)
		.default([]),
	focusAreas: z.array(
		z.object({
			title: text(),
			summary: text().default(''),
			problems: z.array(text()).default([]),
			measures: z.array(measureSchema).default([])
		})
	)
});
const envelopeSchema = z.object({ format: z.string(), version: z.number(), plan: z.unknown() });

const FIELD_LABELS: Record<string, string> = {
	plan: 'planen',
	title: 'titel',
	period: 'period',
	municipalityName: 'kommunnamn',
	preamble: 'inledning',
	decisions: 'beslut',
	body: 'instans',
	date: 'datum',
	kind: 'typ',
	reference: 'diarienummer',
	text: 'text',
	focusAreas: 'fokusområden',
	summary: 'sammanfattning',
	problems: 'problem',
	measures: 'åtgärder',
	description: 'Åtgärd',
	time: 'Tid',
	scope: 'Omfattning',
	responsible: 'Ansvariga',
	cost: 'Kostnad',
	goal: 'Mål',
	followUp: 'Uppföljning',
	status: 'status'
};

const TYPE_NAMES: Record<string, string> = { string: 'en text', number: 'ett tal', array: 'en lista', object: 'ett objekt', null: 'tomt (null)' };

/** "fokusområde 2, åtgärd 3, Tid" for the path ['focusAreas', 1, 'measures', 2, 'time']. */
function describePath(path: readonly PropertyKey[]): string {
	const parts: string[] = [];
	for (let i = 0; i < path.length; i++) {
		const key = path[i];
		const next = path[i + 1];
		if (typeof key === 'string' && typeof next === 'number') {
			const singular: Record<string, string> = { focusAreas: 'fokusområde', measures: 'åtgärd', decisions: 'beslut', problems: 'problem' };
			parts.push(`${(Object.hasOwn(singular, key) && singular[key]) || (Object.hasOwn(FIELD_LABELS, key) && FIELD_LABELS[key]) || key} ${next + 1}`);
			i += 1;
		} else if (typeof key === 'string') parts.push(Object.hasOwn(FIELD_LABELS, key) ? FIELD_LABELS[key] : key);
		else parts.push(String(key));
	}
	return parts.join(', ');
}

/** Per-parse error map: what is wrong with the value, in Swedish (the path is added by swedishIssue). */
function swedishProblem(issue: z.core.$ZodRawIssue): string {
	if (issue.code === 'invalid_type') {
		const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
		return issue.input === undefined ? `saknas (ska vara ${expected})` : `ska vara ${expected}`;
	}
	return 'har ett ogiltigt värde';
}

function swedishIssue(issue: z.core.$ZodIssue): string {
	const where = describePath(issue.path);
	return where === '' ? `Innehållet ${issue.message}.` : `${where[0].toLocaleUpperCase('sv-SE')}${where.slice(1)} ${issue.message}.`;
}

/**
 * Reads a file written by exportPlanJson. Throws PlanImportError with a Swedish message when
 * the text is not JSON, not a Förebygg plan export, of a newer version, or incomplete.
 */
export function parsePlanJson(json: string): PlanExportInput {
	let data: unknown;
	try {
		data = JSON.parse(json.replace(/^\ufeff/, ''));
	} catch {
		throw new PlanImportError({ code: 'plans.import_json_invalid' }, 'unsupported');
	}
	const envelope = envelopeSchema.safeParse(data);
	if (!envelope.success || envelope.data.format !== PLAN_JSON_FORMAT) {
		throw new PlanImportError({ code: 'plans.import_json_not_export', params: { format: PLAN_JSON_FORMAT } }, 'unsupported');
	}
	if (!Number.isInteger(envelope.data.version) || envelope.data.version < 1 || envelope.data.version > PLAN_JSON_VERSION) {
		throw new PlanImportError(
			{ code: 'plans.import_json_version', params: { version: String(envelope.data.version), supported: PLAN_JSON_VERSION } },
			'unsupported'
		);
	}
	const plan = planSchema.safeParse(envelope.data.plan, { error: swedishProblem });
	if (!plan.success) {
		const messages = plan.error.issues.slice(0, 5).map((i) => swedishIssue({ ...i, path: ['plan', ...i.path] }));
		const more = plan.error.issues.length > 5 ? ` (och ${plan.error.issues.length - 5} fel till)` : '';
		throw new PlanImportError({ code: 'plans.import_json_incomplete', params: { problems: `${messages.join(' ')}${more}` } }, 'unsupported');
	}
	return plan.data;
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

/**
 * Semicolon-separated, UTF-8 with BOM, CRLF between rows (what Swedish Excel opens directly),
 * written by the shared CSV writer: a cell starting with = + - @ gets a leading apostrophe, so
 * Excel shows "- punkt" as text and plan-import takes the apostrophe away again.
 */
export function exportPlanCsv(input: PlanExportInput): string {
	const lines = [[FOCUS_AREA_LABEL, ...PLAN_EXPORT_COLUMNS.map((c) => c.label)], ...measureRows(input).map((r) => [r.focusArea, ...r.cells])];
	return writeCsv(lines.map((cells) => cells.map(cleanText)));
}

// ---------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------

export const PLAN_XLSX_SHEET_NAME = 'Åtgärdsplan';

/** One sheet "Åtgärdsplan": Fokusområde + the 7 columns, bold frozen header row, wrapped text. */
export async function exportPlanXlsx(input: PlanExportInput): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Förebygg';
	workbook.title = planTitle(input);
	workbook.company = cleanText(input.municipalityName);
	const ws = workbook.addWorksheet(PLAN_XLSX_SHEET_NAME, {
		views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }],
		pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
		headerFooter: { oddHeader: `&L${xlsxHeaderText(input)}`, oddFooter: '&RSida &P av &N' }
	});
	ws.columns = [
		{ header: FOCUS_AREA_LABEL, key: 'focusArea', width: 28 },
		...PLAN_EXPORT_COLUMNS.map((c) => ({ header: c.label, key: c.field, width: c.xlsxWidth }))
	];
	for (const r of measureRows(input)) ws.addRow([r.focusArea, ...r.cells]);

	const border: Partial<ExcelJS.Borders> = {
		top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
		bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
		left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
		right: { style: 'thin', color: { argb: 'FFBFBFBF' } }
	};
	ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		row.eachCell({ includeEmpty: true }, (cell) => {
			cell.alignment = { wrapText: true, vertical: 'top' };
			cell.border = border;
			if (rowNumber === 1) {
				cell.font = { bold: true };
				cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
			}
		});
	});
	ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: PLAN_EXPORT_COLUMNS.length + 1 } };
	const out = await workbook.xlsx.writeBuffer();
	return Buffer.from(out as unknown as ArrayBuffer);
}

function xlsxHeaderText(input: PlanExportInput): string {
	// "&" starts a header/footer code in Excel: write it as "&&".
	return [cleanText(input.municipalityName).trim(), cleanText(input.period).trim()]
		.filter((x) => x !== '')
		.join(' – ')
		.replace(/&/g, '&&');
}

// ---------------------------------------------------------------------------------------
// DOCX
// ---------------------------------------------------------------------------------------

const TABLE_WIDTH = A4_HEIGHT - 2 * MARGIN;
const BULLET_INDENT = 360;
const DECISION_LIST = 'plan-decisions';

/** A bullet as literal "•" + tab with a hanging indent: looks like a list in Word and is read back as a bullet. */
function bulletParagraph(textValue: string): Paragraph {
	return new Paragraph({
		children: [new TextRun({ text: '•', font: FONT }), new TextRun({ text: '\t', font: FONT }), ...runsOf(textValue.replace(/\n+/g, ' '))],
		indent: { left: BULLET_INDENT, hanging: BULLET_INDENT },
		tabStops: [{ type: TabStopType.LEFT, position: BULLET_INDENT }],
		spacing: { after: 60 }
	});
}

function measuresTable(area: PlanExportFocusArea): Table {
	const totalShare = PLAN_EXPORT_COLUMNS.reduce((s, c) => s + c.docxShare, 0);
	const widths = PLAN_EXPORT_COLUMNS.map((c) => Math.floor((TABLE_WIDTH * c.docxShare) / totalShare));
	const line = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
	return new Table({
		width: { size: TABLE_WIDTH, type: WidthType.DXA },
		columnWidths: widths,
		layout: TableLayoutType.FIXED,
		borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
		rows: [
			new TableRow({ tableHeader: true, cantSplit: true, children: PLAN_EXPORT_COLUMNS.map((c, i) => tableCell(c.label, widths[i], { header: true })) }),
			...area.measures.map((m) => new TableRow({ children: PLAN_EXPORT_COLUMNS.map((c, i) => tableCell(m[c.field].trim(), widths[i])) }))
		]
	});
}

/** The focus area's summary paragraphs; bullet lines that are problems stay in place, other problems follow. */
function focusAreaText(area: PlanExportFocusArea): Paragraph[] {
	const problems = area.problems.map((p) => cleanText(p).trim()).filter((p) => p !== '');
	const used = new Set<string>();
	const out: Paragraph[] = [];
	for (const p of paragraphsOf(area.summary)) {
		const bullet = bulletTextOf(p);
		if (bullet !== null && problems.includes(bullet)) {
			used.add(bullet);
			out.push(bulletParagraph(bullet));
		} else if (bullet !== null) out.push(bulletParagraph(bullet));
		else out.push(bodyParagraph(p));
	}
	for (const p of problems) if (!used.has(p)) out.push(bulletParagraph(p));
	return out;
}

/**
 * The plan as a Word document in the municipality's layout (landscape A4). The measures
 * tables have the 7 columns Åtgärd, Tid, Omfattning, Ansvariga, Kostnad, Mål, Uppföljning.
 */
export async function exportPlanDocx(input: PlanExportInput): Promise<Buffer> {
	const children: (Paragraph | Table)[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, children: runsOf(planTitle(input).replace(/\n+/g, ' ')), spacing: { after: 240 } })
	];
	for (const p of paragraphsOf(input.preamble)) {
		const bullet = bulletTextOf(p);
		children.push(bullet !== null ? bulletParagraph(bullet) : bodyParagraph(p));
	}
	if (input.decisions.length > 0) {
		children.push(new Paragraph({ children: runsOf(DECISIONS_LEAD_IN, { bold: true }), spacing: { before: 240, after: 120 }, keepNext: true }));
		for (const d of input.decisions) {
			children.push(new Paragraph({ children: runsOf(decisionLine(d)), numbering: { reference: DECISION_LIST, level: 0 }, spacing: { after: 60 } }));
		}
	}
	input.focusAreas.forEach((area, i) => {
		children.push(
			new Paragraph({
				heading: HeadingLevel.HEADING_1,
				children: runsOf(`${i + 1}. ${cleanText(area.title).replace(/\s+/g, ' ').trim()}`),
				spacing: { before: 360, after: 160 },
				keepNext: true
			})
		);
		children.push(...focusAreaText(area));
		if (area.measures.length > 0) {
			children.push(measuresTable(area));
			children.push(new Paragraph({ children: [] }));
		}
	});

	const headerText = [cleanText(input.municipalityName).trim(), cleanText(input.period).trim()].filter((x) => x !== '').join(' – ');
	const doc = new Document({
		creator: 'Förebygg',
		title: planTitle(input),
		description: headerText || undefined,
		styles: {
			default: {
				document: { run: { font: FONT, size: BODY_SIZE } },
				title: { run: { font: FONT, size: 36, bold: true, color: '000000' } },
				heading1: { run: { font: FONT, size: 28, bold: true, color: '000000' } },
				heading2: { run: { font: FONT, size: 24, bold: true, color: '000000' } }
			}
		},
		numbering: {
			config: [
				{
					reference: DECISION_LIST,
					levels: [
						{
							level: 0,
							format: LevelFormat.BULLET,
							text: '•',
							alignment: AlignmentType.LEFT,
							style: { paragraph: { indent: { left: BULLET_INDENT, hanging: BULLET_INDENT } } }
						}
					]
				}
			]
		},
		sections: [
			{
				properties: {
					page: {
						size: { width: A4_WIDTH, height: A4_HEIGHT, orientation: PageOrientation.LANDSCAPE },
						margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }
					}
				},
				headers: {
					default: new Header({
						children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: headerText, font: FONT, size: 16, color: '595959' })] })]
					})
				},
				footers: { default: pageNumberFooter() },
				children
			}
		]
	});
	return Packer.toBuffer(doc);
}
