/**
 * Import of an action plan (åtgärdsplan) from pasted Word text, TSV, CSV, .xlsx or .docx.
 *
 * All formats become rows of cell text and go through parsePlanRows, which finds:
 * - the title (first non-empty line) and the preamble (text before the first focus area);
 * - the decision history (beslutshistorik) in the preamble: sentences naming a body
 *   (Faluns brottsförebyggande råd, Kommunstyrelsen, nämnder…) with a date and/or a decision verb.
 *   Kinds: "arbetade vidare med" → beredning, "ställde sig bakom" → ställningstagande,
 *   "synpunkter … inhämtas"/"remiss" → remiss, "antog(s)"/"fastställde"/"beslutade" → beslut.
 *   The lägesbild adoption ("Lägesbild … antogs av Faluns Kommunstyrelse 2024-05-30") is kept
 *   as a decision with subject 'lägesbild', so the caller can attach it to the situational
 *   picture the plan is based on instead of the plan itself; it is never silently dropped.
 * - focus areas: numbered heading lines ("1. Barn och unga – geografiska områden", also with
 *   "**" or a list dash). A numbered line repeated later before any table (the overview list in
 *   the preamble) is not a heading. A table with no heading above gets the nearest short line
 *   before it as title (e.g. the sheet name of a workbook), or "Fokusområde N" with a warning.
 * - measures: rows after a header row (Åtgärd, Tid, Omfattning, Ansvarig, Kostnad, Mål,
 *   Uppföljning, in any order and common spelling variants). Rows broken across a page in Word
 *   continue the previous row and are merged into it (see isContinuation).
 *
 * No text is lost: every cell's text is kept (trimmed; HTML tags left over from a paste are
 * removed but their text kept), merged continuation text is appended, columns that are not
 * recognised are kept in measure.extra, and text that is not a table row goes to the preamble
 * or the focus-area summary.
 */
import { PLAN_COLUMNS, PLAN_COLUMN_LABELS } from '$lib/modules/plans/constants';
import type { DecisionKind, PlanColumn } from '$lib/modules/plans/constants';
import {
	normaliseSpace,
	parseCoResponsible,
	parseCost,
	parseFollowUp,
	parseIndicators,
	parseResponsible,
	parseTimePhrase,
	type CostInterpretation,
	type FollowUpInterpretation,
	type ParsedIndicator,
	type ResponsibleParty,
	type TimeInterpretation
} from './plans.models';
import { readCsv, restoreCsvCell } from '../../platform/files/csv';
import { FileReadError } from '../../platform/files/limits';
import { codedReason, type ErrorParams, type FieldCode } from '../../platform/errors';
import { decodeText, readCsvRows } from '../../platform/files/readers';
import { withoutNul } from '../../platform/files/text';
import { asPlanImportError, PlanImportError, readDocxRows, readXlsxRows, type BinaryInput } from './plan-files';
import { parsePlanJson } from './plan-export';

export { PlanImportError, readDocxRows, readDocxTables, readXlsxRows, parseDocumentXml } from './plan-files';
export type { BinaryInput, DocxBlock, PlanImportErrorCode } from './plan-files';

export type ProblemSeverity = 'error' | 'warning' | 'info';

export interface ImportProblem {
	/** 1-based row (line) number in the source, or null for the whole document. */
	row: number | null;
	/** Swedish; `text` gives it in the reader's language. */
	message: string;
	text?: FieldCode;
	severity: ProblemSeverity;
}

/** A note of the import preview, coded `plans.import_note_*`. */
export function importNote(row: number | null, severity: ProblemSeverity, code: string, params?: ErrorParams): ImportProblem {
	const { reason, text } = codedReason(`plans.import_note_${code}`, params);
	return { row, message: reason, text, severity };
}

export interface PlanDecision {
	/** The deciding body as written, e.g. "Faluns brottsförebyggande råd". */
	body: string;
	date: string | null;
	kind: DecisionKind;
	/** The whole sentence the decision was read from. */
	text: string;
	/** 'lägesbild' when the sentence is about the situational picture, not the plan. */
	subject: 'plan' | 'lägesbild';
}

export interface ColumnMapping {
	/** Index of each known column in the source row, or null when the table lacks it. */
	columns: Record<PlanColumn, number | null>;
	/** Index of a "Fokusområde" column (spreadsheets), or null. */
	focusArea: number | null;
	/** Index of a co-responsible parties column ("Samverkansparter", "Samverkan"), or null. */
	coResponsible?: number | null;
	/** Index of an indicator column ("Indikator", "Mått"), or null. */
	indicator?: number | null;
	/** The header cells as written. */
	headers: string[];
	/** Columns not recognised; their text is kept in measure.extra. */
	unmapped: { index: number; header: string }[];
	/** 1-based row number of the header row. */
	headerRow: number;
}

export interface ImportedMeasure {
	/** Short title derived from the Åtgärd text (first sentence, or shortened). */
	title: string;
	/** The complete Åtgärd text. */
	description: string;
	time: string;
	scope: string;
	responsible: string;
	cost: string;
	goal: string;
	followUp: string;
	/** The co-responsible parties column as written ('' when the table has none). */
	coResponsible: string;
	/** The indicator column as written ('' when the table has none). */
	indicator: string;
	/** 1-based source rows this measure was built from (more than one when a row was broken across pages). */
	sourceRows: number[];
	/** Text of columns that were not recognised, with their header. */
	extra: { header: string; text: string }[];
	/** What was understood from the free text; the texts above stay the source of truth. */
	interpreted: {
		time: TimeInterpretation;
		cost: CostInterpretation;
		responsible: ResponsibleParty[];
		/** Parties of the co-responsible column: never the lead, never support — each keeps its own part. */
		coResponsible: ResponsibleParty[];
		followUp: FollowUpInterpretation;
		indicators: ParsedIndicator[];
	};
}

export interface ImportedFocusArea {
	title: string;
	/** The focus area's text before (and any after) its table, paragraphs separated by a blank line. */
	summary: string;
	/** Bullet points in the focus-area text: candidate problem statements for the user to confirm. */
	problems: string[];
	measures: ImportedMeasure[];
	/** 1-based row of the heading, or null when the title was inferred. */
	sourceRow: number | null;
	columnMapping: ColumnMapping | null;
}

export interface ParsedPlan {
	title: string;
	preamble: string;
	decisions: PlanDecision[];
	focusAreas: ImportedFocusArea[];
	/** Mapping of the first measures table (each focus area also has its own). */
	columnMapping: ColumnMapping | null;
	problems: ImportProblem[];
}

// ---------------------------------------------------------------------------------------
// Cell text
// ---------------------------------------------------------------------------------------

const BLOCK_TAG = /<\/?(?:p|div|ul|ol|li|br|tr|table|tbody|thead|h[1-6])(?:\s[^>]*)?\/?>/gi;
const INLINE_TAG = /<\/?(?:span|strong|em|b|i|u|a|font|td|th|sup|sub)(?:\s[^>]*)?\/?>/gi;

function decodeEntities(text: string): string {
	return text
		.replace(/&nbsp;/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;|&apos;/g, "'")
		.replace(/&amp;/g, '&');
}

/**
 * A cell's text, trimmed. HTML markup left over from copying (e.g. `<p>…</p> <ul …>`) is
 * removed — block tags become line breaks — but all text between the tags is kept.
 */
export function cleanCellText(raw: string | null | undefined): string {
	let t = (raw ?? '').replace(/\r\n?/g, '\n');
	if (/<\/?[a-z][^>]*>/i.test(t)) t = decodeEntities(t.replace(BLOCK_TAG, '\n').replace(INLINE_TAG, ''));
	return t
		.split('\n')
		.map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
		.filter((l) => l !== '')
		.join('\n')
		.trim();
}

/** Markdown left by converters: **bold**, [text](#) links, leading #. */
function cleanTextLine(raw: string): string {
	return cleanCellText(raw)
		.replace(/^#{1,6}\s+/, '')
		.replace(/\*\*/g, '')
		.replace(/\[([^\]]+)\]\((#?)([^)]*)\)/g, (_m, label: string, hash: string, url: string) => (hash === '#' || url === '' ? label : `${label} (${url})`))
		.replace(/\s+([.,;:])/g, (m, p: string, offset: number, s: string) => (s[offset - 1] === ')' ? p : m))
		.trim();
}

// ---------------------------------------------------------------------------------------
// CSV / TSV
// ---------------------------------------------------------------------------------------

/**
 * CSV as exported by Excel (";" from Swedish Excel, "," or tabs from others; detected from the
 * first non-empty line), read by the shared reader. A cell Förebygg's own export protected
 * against formula injection gets its text back.
 */
export function parseCsv(text: string): string[][] {
	return readCsv(text).map((row) => row.map(restoreCsvCell));
}

// ---------------------------------------------------------------------------------------
// Header detection
// ---------------------------------------------------------------------------------------

function normaliseHeader(text: string): string {
	return cleanCellText(text)
		.toLowerCase()
		.replace(/\*\*/g, '')
		.replace(/\((?:a|s|er|ar|na)\)/g, '')
		.replace(/[^a-zåäöéü/ ]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

type HeaderKind = PlanColumn | 'focusArea' | 'coResponsible' | 'indicator';
/** Columns read into structured data besides the plan's seven. */
type StructuredExtra = 'focusArea' | 'coResponsible' | 'indicator';

const HEADER_RULES: readonly [RegExp, HeaderKind][] = [
	[/^fokusområde/, 'focusArea'],
	[
		/^(?:samverkan|samverkansparter|samverkanspart|samverkanspartner|samverkansaktörer|i samverkan med|medverkande|medansvarig|medansvariga|delaktiga aktörer|övriga aktörer)(?:\s|\/|$)/,
		'coResponsible'
	],
	[/^(?:indikator|indikatorer|mått|mätetal|nyckeltal|resultatmått)(?:\s|\/|$)/, 'indicator'],
	[/^(?:åtgärd|åtgärder|aktivitet|aktiviteter|insats|insatser|vad)(?:\s|\/|$)/, 'measure'],
	[/^(?:tid|tider|tidsplan|tidplan|tidpunkt|tidsperiod|tidsram|period|när|datum|genomförande ?tid)(?:\s|\/|$)/, 'time'],
	[/^(?:omfattning|omfång|var|målgrupp|område|plats)(?:\s|\/|$)/, 'scope'],
	[/^(?:ansvar|ansvarig|ansvariga|ansvarsfördelning|vem|ansvarig aktör|ansvariga aktörer|huvudansvarig)(?:\s|\/|$)/, 'responsible'],
	[/^(?:kostnad|kostnader|finansiering|budget|resurser|resurs)(?:\s|\/|$)/, 'cost'],
	[/^(?:mål|målsättning|syfte|effektmål|förväntat resultat|förväntad effekt)(?:\s|\/|$)/, 'goal'],
	[/^(?:uppföljning|följs upp|återrapportering|rapportering|utvärdering)(?:\s|\/|$)/, 'followUp']
];

function headerColumn(cell: string): HeaderKind | null {
	const h = normaliseHeader(cell);
	if (h === '') return null;
	for (const [re, col] of HEADER_RULES) if (re.test(h)) return col;
	return null;
}

type HeaderResult = { kind: 'header'; mapping: ColumnMapping } | { kind: 'headerWithoutMeasure'; found: string[] } | null;

function detectHeader(cells: string[], rowNumber: number): HeaderResult {
	const nonEmpty = cells.filter((c) => c.trim() !== '');
	if (nonEmpty.length < 2) return null;
	const columns = Object.fromEntries(PLAN_COLUMNS.map((c) => [c, null])) as Record<PlanColumn, number | null>;
	const extras: Record<StructuredExtra, number | null> = { focusArea: null, coResponsible: null, indicator: null };
	const unmapped: { index: number; header: string }[] = [];
	let recognised = 0;
	cells.forEach((cell, index) => {
		if (cell.trim() === '') return;
		const col = headerColumn(cell);
		if (col === 'focusArea' || col === 'coResponsible' || col === 'indicator') {
			if (extras[col] === null) {
				extras[col] = index;
				recognised += 1;
			} else unmapped.push({ index, header: cleanCellText(cell) });
		} else if (col !== null && columns[col] === null) {
			columns[col] = index;
			recognised += 1;
		} else unmapped.push({ index, header: cleanCellText(cell) });
	});
	// A header row is mostly header words: at least 3 recognised and no more unknown than known.
	if (recognised < 3 || unmapped.length > recognised) return null;
	if (columns.measure === null) {
		return { kind: 'headerWithoutMeasure', found: cells.filter((c) => headerColumn(c) !== null).map((c) => cleanCellText(c)) };
	}
	return { kind: 'header', mapping: { columns, ...extras, headers: cells.map((c) => cleanCellText(c)), unmapped, headerRow: rowNumber } };
}

// ---------------------------------------------------------------------------------------
// Headings, decisions, titles
// ---------------------------------------------------------------------------------------

const HEADING_RE =
	/^(?:[-*•–]\s+)?(?:#{1,6}\s*)?(?:\*\*)?\s*(?:fokusområde\s+(?<prefixed>\d{1,2})\s*[.):–—-]?|(?<bare>\d{1,2})\s*[.):])\s+(?<title>.{3,200}?)\s*(?:\*\*)?\s*$/i;

/**
 * A focus area's title without its numbering, however the municipality wrote it: "Fokusområde 1:
 * Unga", "Fokusområde 2 – Unga", "Fokusområde 3. Unga", "3) Unga" and "Unga" all become "Unga" —
 * in headings, in title rows inside a table and in a Fokusområde column alike.
 */
export function focusAreaTitle(text: string): string {
	const line = cleanTextLine(text).replace(/^(?:[-*•]\s+)/, '');
	const stripped = line
		.replace(/^fokusområde\s*(?:nr\.?\s*)?\d{0,2}\s*(?:[.):–—-]\s*|\s+(?=\p{Lu}))/iu, '')
		.replace(/^\d{1,2}\s*[.)]\s+/, '')
		.trim();
	return stripped === '' ? line : stripped;
}

const NUMBERED_TITLE = /^(?:fokusområde\b|\d{1,2}\s*[.)]\s)/i;

function headingOf(cells: string[]): { number: number; title: string } | null {
	const nonEmpty = cells.map((c) => c.trim()).filter((c) => c !== '');
	if (nonEmpty.length !== 1 || cells[0].trim() === '') return null;
	const line = cells[0].trim();
	if (line.includes('\n')) return null;
	const m = HEADING_RE.exec(line);
	if (!m?.groups) return null;
	const title = focusAreaTitle(m.groups.title);
	if (title.length > 150 || (/[.!?]$/.test(title) && title.length > 80)) return null;
	return { number: Number(m.groups.prefixed ?? m.groups.bare), title };
}

const BODY_RE =
	/(?:(?:[A-ZÅÄÖ][a-zåäö]+s)\s+)?(?:brottsförebyggande\s+råd(?:et)?|BRÅ|[Kk]ommunstyrelse(?:n)?|[Kk]ommunfullmäktige|[Rr]egionstyrelse(?:n)?|[Ll]okala\s+rådet\s+för\s+trygghet|[Tt]rygghetsrådet|[A-ZÅÄÖa-zåäö-]*nämnd(?:en|erna|er)?)(?![a-zåäö])/;

const DECISION_KIND_RULES: readonly [RegExp, DecisionKind][] = [
	[/ställ(?:de|er|t)\s+sig\s+(?:\S+\s+){0,3}bakom|tillstyrk/i, 'ställningstagande'],
	[/remiss(?!var)|synpunkter\s+(?:\S+\s+){0,12}inhämta|inhämta\s+synpunkter|yttrande|yttrade\s+sig|yttrat\s+sig/i, 'remiss'],
	[/antog|antogs|antagit|fastställ|beslutade|beslutat|beslöt|godkänd|godkände/i, 'beslut'],
	[/arbetade|bered|behandlade|diskuterade|tog\s+fram|dialog/i, 'beredning']
];

/** Decision history from the preamble's sentences; see the module comment for the rules. */
export function parseDecisions(text: string): PlanDecision[] {
	const decisions: PlanDecision[] = [];
	const sentences = normaliseSpace(text).split(/(?<=[.!?])\s+(?=[A-ZÅÄÖ])/);
	for (const sentence of sentences) {
		const body = BODY_RE.exec(sentence);
		if (!body) continue;
		const kind = DECISION_KIND_RULES.find(([re]) => re.test(sentence))?.[1];
		if (!kind) continue;
		const date = /(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)/.exec(sentence)?.[1] ?? null;
		if (!date && kind === 'beredning') continue;
		const aboutSituation = /lägesbild/i.test(sentence.slice(0, body.index)) && !/åtgärdsplan/i.test(sentence.slice(0, body.index));
		decisions.push({
			body: body[0][0].toLocaleUpperCase('sv-SE') + body[0].slice(1),
			date,
			kind,
			text: sentence.trim(),
			subject: aboutSituation ? 'lägesbild' : 'plan'
		});
	}
	return decisions;
}

/**
 * Inline list dashes after a small word ("i - Nedre Norslund och - Järnet") are list markers a
 * converter flattened into the sentence; a title reads without them.
 */
const INLINE_LIST_DASH = /(^|\s)(i|och|samt|eller|på|för|med|av|till|om|vid|inom|både|från|mellan)\s+-\s+(?=\p{L})/giu;

/** The first sentence of the Åtgärd text, or a shortened version of it. */
export function measureTitle(description: string): string {
	const flat = normaliseSpace(description)
		.replace(INLINE_LIST_DASH, '$1$2 ')
		.replace(/^-\s+(?=\p{L})/u, '');
	const MAX = 140;
	const dash = flat.indexOf(' - ');
	const sentenceEnd = /[.!?](?=\s|$)/.exec(flat);
	const sentenceFirst = sentenceEnd !== null && (dash === -1 || sentenceEnd.index < dash);
	if (!sentenceFirst && dash >= 40 && dash <= MAX) return flat.slice(0, dash).replace(/[\s:;,]+$/, '');
	if (sentenceEnd && sentenceEnd.index + 1 <= MAX + 20) return flat.slice(0, sentenceEnd.index + 1).replace(/\.$/, '');
	if (flat.length <= MAX + 20) return flat;
	const cut = flat.slice(0, MAX);
	return cut.slice(0, Math.max(cut.lastIndexOf(' '), 60)).replace(/[\s:;,-]+$/, '') + ' …';
}

// ---------------------------------------------------------------------------------------
// Continuation rows
// ---------------------------------------------------------------------------------------

const DANGLING_WORDS = new Set([
	'och',
	'samt',
	'eller',
	'för',
	'av',
	'med',
	'i',
	'på',
	'till',
	'att',
	'som',
	'där',
	'om',
	'från',
	'den',
	'det',
	'de',
	'en',
	'ett',
	'vid',
	'under',
	'mellan',
	'inom',
	'utan',
	'mot',
	'genom',
	'både',
	'även',
	'så',
	'men'
]);

function looksUnfinished(text: string): boolean {
	const t = text.trim();
	if (t === '') return false;
	if (/[-,;:(/]$/.test(t)) return true;
	const last = /([A-Za-zÅÄÖåäö]+)$/.exec(t)?.[1]?.toLowerCase();
	return last !== undefined && DANGLING_WORDS.has(last);
}

function startsLowercase(text: string): boolean {
	return /^[a-zåäöéü]/.test(text.trim());
}

function joinContinued(previous: string, next: string): string {
	if (previous === '') return next;
	if (next === '') return previous;
	// A word hyphenated across the break ("upptagnings-" + "område", "BRÅ-" + "samordnare") keeps its hyphen and no space.
	if (/[A-Za-zÅÄÖåäö]-$/.test(previous) && startsLowercase(next)) return previous + next;
	return `${previous} ${next}`;
}

// ---------------------------------------------------------------------------------------
// parsePlanRows
// ---------------------------------------------------------------------------------------

interface MeasureDraft {
	fields: Record<PlanColumn, string>;
	coResponsible: string;
	indicator: string;
	extra: { header: string; text: string }[];
	sourceRows: number[];
}

interface AreaDraft {
	title: string;
	paragraphs: string[];
	problems: string[];
	measures: MeasureDraft[];
	sourceRow: number | null;
	mapping: ColumnMapping | null;
}

function addParagraph(paragraphs: string[], text: string): void {
	const last = paragraphs[paragraphs.length - 1];
	// A paragraph broken by a page break continues in lowercase: join it back.
	if (last !== undefined && !/[.!?:”"]$/.test(last) && startsLowercase(text)) paragraphs[paragraphs.length - 1] = `${last} ${text}`;
	else paragraphs.push(text);
}

function bulletText(line: string): string | null {
	const m = /^\s*(?:[-•*–]|\d+[.)])\s+(.+)$/.exec(line);
	return m ? m[1].trim() : null;
}

export interface ParsePlanRowsOptions {
	/** Title to use when the rows have none (e.g. the file name). */
	fallbackTitle?: string;
}

/**
 * Builds a plan from rows of cell text (text lines split on tabs, CSV, XLSX, DOCX).
 * Never throws on content: what cannot be understood is reported in `problems`.
 */
export function parsePlanRows(rows: readonly (readonly string[])[], options: ParsePlanRowsOptions = {}): ParsedPlan {
	const problems: ImportProblem[] = [];
	const areas: AreaDraft[] = [];
	const preamble: string[] = [];
	let title: string | null = null;
	let firstMapping: ColumnMapping | null = null;

	// Pre-pass: which numbered lines are focus-area headings, and which header rows exist.
	const headerRows = new Set<number>();
	const headings: { index: number; number: number; title: string }[] = [];
	rows.forEach((cells, index) => {
		const asStrings = cells.map((c) => c ?? '');
		const h = detectHeader(asStrings, index + 1);
		if (h) headerRows.add(index);
		const heading = headingOf(asStrings);
		if (heading) headings.push({ index, ...heading });
	});
	const filledCount = (k: number): number => rows[k].filter((c) => (c ?? '').trim() !== '').length;
	const nextFilled = (from: number): number => {
		for (let k = from + 1; k < rows.length; k++) if (filledCount(k) > 0) return k;
		return -1;
	};
	/** A table row holding a measure: two or more cells filled, not a header. */
	const isMeasureRow = (k: number): boolean => k >= 0 && !headerRows.has(k) && filledCount(k) >= 2;
	const headingRows = new Map<number, string>();
	let expected = 1;
	let previousHeading = -1;
	// A table between two headings: its header row, or (a plan with the header once at the top) its measure rows.
	const tableBetween = (from: number, to: number): boolean => {
		for (let k = from + 1; k < to; k++) if (headerRows.has(k) || isMeasureRow(k)) return true;
		return false;
	};
	headings.forEach((h, i) => {
		// An overview list ("- 1. …", "- 2. …") repeats the numbers later before any table: not headings.
		const later = headings.slice(i + 1).find((x) => x.number === h.number);
		const nextFilled = rows.findIndex((r, k) => k > h.index && r.some((c) => (c ?? '').trim() !== ''));
		let previousFilled = -1;
		for (let k = h.index - 1; k >= 0; k--) {
			if (rows[k].some((c) => (c ?? '').trim() !== '')) {
				previousFilled = k;
				break;
			}
		}
		const inList = headings.some((x) => (x.index === nextFilled && x.number === h.number + 1) || (x.index === previousFilled && x.number === h.number - 1));
		if (inList && later && !tableBetween(h.index, later.index)) return;
		if (h.number !== expected) return;
		// A numbered list inside a focus area's text is not the next focus area: that needs a table in between.
		if (previousHeading >= 0 && !tableBetween(previousHeading, h.index)) return;
		headingRows.set(h.index, h.title);
		previousHeading = h.index;
		expected += 1;
	});

	/**
	 * A focus-area title row inside a table whose header is given once at the top (Word: a merged
	 * row; Excel: text in the first column only; pasted text: a line without tabs): one short cell,
	 * followed by a measure row. "Fokusområde 2 – …" and "2. …" always are; a plain short line is
	 * when it does not end or continue a sentence.
	 */
	const titleRowInTable = (index: number, previous: MeasureDraft | null, tableMapping: ColumnMapping): { title: string; numbered: boolean } | null => {
		const cells = rows[index].map((c) => cleanCellText(c ?? ''));
		const filledAt = cells.flatMap((c, i) => (c === '' ? [] : [i]));
		if (filledAt.length !== 1) return null;
		const at = filledAt[0];
		const text = cells[at];
		if (text.includes('\n') || text.length > 150) return null;
		if (cells.length > 1 && at !== 0 && at !== (tableMapping.columns.measure ?? 0)) return null;
		if (!isMeasureRow(nextFilled(index))) return null;
		if (NUMBERED_TITLE.test(text)) return { title: focusAreaTitle(text), numbered: true };
		if (text.length > 120 || /[.!?:,;]$/.test(text) || startsLowercase(text)) return null;
		if (previous !== null && PLAN_COLUMNS.some((c) => looksUnfinished(previous.fields[c]))) return null;
		return { title: focusAreaTitle(text), numbered: false };
	};

	let area: AreaDraft | null = null;
	let mapping: ColumnMapping | null = null;
	let inTable = false;
	/** True once focus areas were found as title rows under one shared header: later measure rows belong to it. */
	let sharedHeader = false;
	let last: MeasureDraft | null = null;
	let textSinceTable: { text: string; row: number }[] = [];

	const startArea = (t: string, sourceRow: number | null): AreaDraft => {
		const a: AreaDraft = { title: t, paragraphs: [], problems: [], measures: [], sourceRow, mapping: null };
		areas.push(a);
		return a;
	};

	const addText = (text: string, rowNumber: number): void => {
		if (area === null) {
			if (title === null) {
				title = text;
				textSinceTable.push({ text, row: rowNumber });
				return;
			}
			addParagraph(preamble, text);
		} else {
			addParagraph(area.paragraphs, text);
			const bullet = bulletText(text);
			if (bullet) area.problems.push(bullet);
			if (inTable) {
				problems.push(importNote(rowNumber, 'info', 'text_after_table'));
			}
		}
		textSinceTable.push({ text, row: rowNumber });
	};

	for (let index = 0; index < rows.length; index++) {
		const rowNumber = index + 1;
		const raw = rows[index].map((c) => c ?? '');
		const cells = raw.map((c) => cleanCellText(c));
		const nonEmpty = cells.filter((c) => c !== '');
		if (nonEmpty.length === 0) continue; // blank line / page break

		const headingTitle = headingRows.get(index);
		if (headingTitle !== undefined) {
			area = startArea(headingTitle, rowNumber);
			if (mapping !== null && (inTable || sharedHeader) && isMeasureRow(nextFilled(index))) {
				// A heading between the rows of one table: the header above applies to this focus area too.
				area.mapping = mapping;
				sharedHeader = true;
				inTable = true;
			} else {
				mapping = null;
				inTable = false;
			}
			last = null;
			textSinceTable = [];
			continue;
		}

		if (headerRows.has(index)) {
			const h = detectHeader(raw, rowNumber);
			if (h?.kind === 'headerWithoutMeasure') {
				problems.push(importNote(rowNumber, 'error', 'measure_column_missing', { found: h.found.join(', ') }));
				inTable = false;
				continue;
			}
			if (h?.kind === 'header') {
				const repeated = inTable && area !== null && area.measures.length > 0;
				mapping = h.mapping;
				firstMapping ??= mapping;
				const next = nextFilled(index);
				const titledBelow = next >= 0 && (headingRows.has(next) || titleRowInTable(next, null, mapping) !== null);
				if (!titledBelow && (area === null || (area.mapping !== null && !repeated && textSinceTable.length > 0))) {
					// A table without a numbered heading above it.
					const candidate = [...textSinceTable].reverse().find((t) => t.text.length <= 120 && !/[.!?]$/.test(t.text) && !t.text.includes('\n'));
					if (candidate) {
						area = startArea(focusAreaTitle(candidate.text), candidate.row);
					} else {
						area = startArea(`Fokusområde ${areas.length + 1}`, null);
						// A Fokusområde column names the areas row by row; otherwise the user is asked to.
						if (mapping.focusArea === null) problems.push(importNote(rowNumber, 'warning', 'focus_area_untitled', { title: area.title }));
					}
				}
				if (area !== null) area.mapping ??= mapping;
				for (const u of mapping.unmapped) {
					problems.push(importNote(rowNumber, 'info', 'column_unknown', { header: u.header }));
				}
				if (!repeated) last = null;
				inTable = true;
				textSinceTable = [];
				continue;
			}
		}

		if (mapping !== null && (inTable || sharedHeader)) {
			const titleRow = titleRowInTable(index, inTable ? last : null, mapping);
			if (titleRow !== null) {
				area = startArea(titleRow.title, rowNumber);
				area.mapping = mapping;
				if (!titleRow.numbered) {
					problems.push(importNote(rowNumber, 'info', 'row_is_focus_area', { title: titleRow.title }));
				}
				sharedHeader = true;
				inTable = true;
				last = null;
				textSinceTable = [];
				continue;
			}
			// Measure rows after a focus area's text, under the header given once at the top.
			if (!inTable && sharedHeader && area !== null && nonEmpty.length >= 2) inTable = true;
		}

		if (!inTable || mapping === null || area === null) {
			addText(nonEmpty.length === 1 ? cleanTextLine(nonEmpty[0]) : nonEmpty.join(' – '), rowNumber);
			continue;
		}

		// A single text line inside a table region (pasted text without tabs).
		const cols = mapping.columns;
		const measureIndex = cols.measure ?? 0;
		if (raw.length === 1 && !raw[0].includes('\t')) {
			const text = cells[0];
			if (last !== null && (startsLowercase(text) || looksUnfinished(last.fields.measure))) {
				last.fields.measure = joinContinued(last.fields.measure, text);
				last.sourceRows.push(rowNumber);
				problems.push(importNote(rowNumber, 'info', 'row_continues', { row: last.sourceRows[0] }));
			} else {
				inTable = false;
				addText(cleanTextLine(text), rowNumber);
			}
			continue;
		}

		// Spreadsheets: a focus-area column groups the rows.
		if (mapping.focusArea !== null) {
			const fa = focusAreaTitle(cells[mapping.focusArea] ?? '');
			if (fa !== '' && fa !== area.title) {
				const existing: AreaDraft | undefined = areas.find((a) => a.title === fa);
				let next: AreaDraft;
				if (existing) next = existing;
				else if (area.measures.length === 0 && area.sourceRow === null) {
					area.title = fa;
					next = area;
				} else {
					next = startArea(fa, null);
					next.mapping = mapping;
				}
				area = next;
				last = next.measures[next.measures.length - 1] ?? null;
			}
		}
		const currentArea: AreaDraft = area;

		const cellAt = (c: PlanColumn): string => {
			const i = cols[c];
			return i === null ? '' : (cells[i] ?? '');
		};
		const structuredAt = (i: number | null | undefined): string => (i === null || i === undefined ? '' : (cells[i] ?? ''));
		const knownIndexes = new Set<number>(
			[...Object.values(cols), mapping.focusArea, mapping.coResponsible, mapping.indicator].filter((v): v is number => v !== null && v !== undefined)
		);
		const extraCells = cells
			.map((text, i) => ({ text, i }))
			.filter(({ text, i }) => text !== '' && !knownIndexes.has(i))
			.map(({ text, i }) => ({ header: mapping?.headers[i] || `Kolumn ${i + 1}`, text }));

		if (last !== null && isContinuation(cells, last, mapping)) {
			for (const c of PLAN_COLUMNS) {
				const v = cellAt(c);
				if (v !== '') last.fields[c] = joinContinued(last.fields[c], v);
			}
			last.coResponsible = joinContinued(last.coResponsible, structuredAt(mapping.coResponsible));
			last.indicator = joinContinued(last.indicator, structuredAt(mapping.indicator));
			for (const e of extraCells) {
				const existing = last.extra.find((x) => x.header === e.header);
				if (existing) existing.text = joinContinued(existing.text, e.text);
				else last.extra.push(e);
			}
			last.sourceRows.push(rowNumber);
			problems.push(importNote(rowNumber, 'info', 'row_continues_page_break', { row: last.sourceRows[0] }));
			continue;
		}

		if (cells[measureIndex] === '' || cells[measureIndex] === undefined) {
			// No Åtgärd text and nothing to continue: keep the text, but tell the user.
			problems.push(importNote(rowNumber, 'warning', 'measure_text_missing'));
		}
		const fields = Object.fromEntries(PLAN_COLUMNS.map((c) => [c, cellAt(c)])) as Record<PlanColumn, string>;
		const draft: MeasureDraft = {
			fields,
			coResponsible: structuredAt(mapping.coResponsible),
			indicator: structuredAt(mapping.indicator),
			extra: extraCells,
			sourceRows: [rowNumber]
		};
		currentArea.measures.push(draft);
		last = draft;
	}

	if (rows.every((r) => r.every((c) => (c ?? '').trim() === ''))) {
		problems.push(importNote(null, 'error', 'empty'));
	} else if (firstMapping === null && !problems.some((p) => p.severity === 'error')) {
		problems.push(importNote(null, 'error', 'no_table', { columns: PLAN_COLUMNS.map((c) => PLAN_COLUMN_LABELS[c]).join(', ') }));
	}

	const focusAreas: ImportedFocusArea[] = areas.map((a) => ({
		title: a.title,
		summary: a.paragraphs.join('\n\n'),
		problems: a.problems,
		sourceRow: a.sourceRow,
		columnMapping: a.mapping,
		measures: a.measures.map((m) => finishMeasure(m, a.mapping, problems))
	}));
	for (const a of focusAreas) {
		if (a.measures.length === 0) problems.push(importNote(a.sourceRow, 'warning', 'focus_area_empty', { title: a.title }));
	}

	const preambleText = preamble.join('\n\n');
	const finalTitle: string = title ?? options.fallbackTitle ?? 'Åtgärdsplan';
	if (title === null) problems.push(importNote(null, 'warning', 'title_missing', { title: finalTitle }));
	return {
		title: finalTitle,
		preamble: preambleText,
		decisions: parseDecisions(preambleText),
		focusAreas,
		columnMapping: firstMapping,
		problems: problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
	};
}

/**
 * Is this table row the rest of the previous one, broken across a page in Word?
 * Yes when its Åtgärd cell is empty, or when its Tid cell is empty and it either starts in
 * lowercase or the previous row stops mid-sentence ("… polis och", "BRÅ-", "upptagnings-"),
 * or when it starts in lowercase right after a row that stops mid-sentence.
 */
function isContinuation(cells: string[], previous: MeasureDraft, mapping: ColumnMapping): boolean {
	const cols = mapping.columns;
	const at = (c: PlanColumn): string => {
		const i = cols[c];
		return i === null ? '' : (cells[i] ?? '');
	};
	const first = at('measure');
	if (first === '') return true;
	const lower = startsLowercase(first);
	const previousUnfinished = PLAN_COLUMNS.some((c) => at(c) !== '' && looksUnfinished(previous.fields[c]));
	if (cols.time !== null && at('time') === '') return lower || previousUnfinished;
	const filled = PLAN_COLUMNS.filter((c) => cols[c] !== null && at(c) !== '').length;
	return lower && (previousUnfinished || (cols.time === null && filled <= 2));
}

function finishMeasure(m: MeasureDraft, mapping: ColumnMapping | null, problems: ImportProblem[]): ImportedMeasure {
	const f = m.fields;
	const title = f.measure === '' ? '(Åtgärd utan titel)' : measureTitle(f.measure);
	const time = parseTimePhrase(f.time);
	const row = m.sourceRows[0];
	if (mapping?.columns.time !== null && f.time === '') {
		problems.push(importNote(row, 'warning', 'time_missing', { title }));
	} else if (f.time !== '' && !time.recognised) {
		problems.push(importNote(row, 'warning', 'time_unreadable', { time: normaliseSpace(f.time), title }));
	}
	if (mapping?.columns.responsible !== null && f.responsible === '') {
		problems.push(importNote(row, 'warning', 'responsible_missing', { title }));
	}
	return {
		title,
		description: f.measure,
		time: f.time,
		scope: f.scope,
		responsible: f.responsible,
		cost: f.cost,
		goal: f.goal,
		followUp: f.followUp,
		coResponsible: m.coResponsible,
		indicator: m.indicator,
		sourceRows: m.sourceRows,
		extra: m.extra,
		interpreted: {
			time,
			cost: parseCost(f.cost),
			responsible: parseResponsible(f.responsible),
			coResponsible: parseCoResponsible(m.coResponsible),
			followUp: parseFollowUp(f.followUp),
			indicators: parseIndicators(m.indicator)
		}
	};
}

// ---------------------------------------------------------------------------------------
// Entry points per format
// ---------------------------------------------------------------------------------------

/**
 * Pasted Word text or TSV: one line per row, cells separated by tabs. Lines without tabs are
 * paragraphs (title, preamble, headings, focus-area text). Quoted multi-line cells (as Excel
 * puts on the clipboard) are supported when the quotes are balanced.
 */
export function parsePlanText(text: string, options: ParsePlanRowsOptions = {}): ParsedPlan {
	const normalised = withoutNul(text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n'));
	const hasQuotedTsv = /(^|\t)"[^"\t\n]*\n/m.test(normalised) && (normalised.match(/"/g)?.length ?? 0) % 2 === 0;
	const rows = (hasQuotedTsv && quotedTsvRows(normalised)) || normalised.split('\n').map((line) => line.split('\t'));
	return parsePlanRows(rows, options);
}

/** Quoted TSV as Excel puts it on the clipboard, or null when the quotes do not pair up as cells. */
function quotedTsvRows(text: string): string[][] | null {
	try {
		return readCsv(text, { delimiter: '\t' });
	} catch (error) {
		if (error instanceof FileReadError) return null;
		throw error;
	}
}

/** Reads an uploaded file by its extension (.txt, .tsv, .csv, .xlsx, .docx). Throws PlanImportError for unreadable files. */
export async function parsePlanFile(data: BinaryInput, fileName: string): Promise<ParsedPlan> {
	const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
	const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
	const fallbackTitle = fileName.replace(/\.[a-z0-9]+$/i, '');
	switch (ext) {
		case 'txt':
		case 'tsv':
		case 'md':
			return parsePlanText(decodeText(bytes), { fallbackTitle });
		case 'csv':
			return parsePlanRows(await asPlanImportError(() => readCsvRows(bytes).then((rows) => rows.map((row) => row.map(restoreCsvCell)))), { fallbackTitle });
		case 'xlsx':
		case 'xlsm':
			return parsePlanRows(await readXlsxRows(bytes), { fallbackTitle });
		case 'docx':
			return parsePlanRows(await readDocxRows(bytes), { fallbackTitle });
		case 'json':
			return parsePlanJsonExport(decodeText(bytes));
		case 'xls':
			throw new PlanImportError({ code: 'plans.import_legacy', params: { format: 'xls' } }, 'legacy_format');
		case 'doc':
			throw new PlanImportError({ code: 'plans.import_legacy', params: { format: 'doc' } }, 'legacy_format');
		default:
			throw new PlanImportError({ code: 'plans.import_file_type', params: { extension: ext || '?' } }, 'unsupported');
	}
}

/** Förebygg's own JSON export (plan:export --format json) read back as an import. */
export function parsePlanJsonExport(text: string): ParsedPlan {
	const input = parsePlanJson(text);
	const problems: ImportProblem[] = [];
	let row = 0;
	return {
		title: input.title,
		preamble: input.preamble,
		decisions: input.decisions.map((d) => ({ body: d.body, date: d.date, kind: d.kind as DecisionKind, text: d.text, subject: 'plan' as const })),
		focusAreas: input.focusAreas.map((area) => ({
			title: area.title,
			summary: area.summary,
			problems: area.problems,
			sourceRow: null,
			columnMapping: null,
			measures: area.measures.map((m) =>
				finishMeasure(
					{
						fields: { measure: m.description, time: m.time, scope: m.scope, responsible: m.responsible, cost: m.cost, goal: m.goal, followUp: m.followUp },
						coResponsible: '',
						indicator: '',
						extra: [],
						sourceRows: [++row]
					},
					null,
					problems
				)
			)
		})),
		columnMapping: null,
		problems
	};
}
