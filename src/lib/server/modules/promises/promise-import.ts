/**
 * Turns the text of a medborgarlöfte (copied from a PDF, a web page or a Word document) into a
 * structured draft that a coordinator reviews before saving. Pure: no I/O.
 *
 * The rule that matters most: no promise is ever dropped. Every line under a "… lovar att:" heading
 * ends up in `items`; anything the parser cannot place stays in `sections` and is named in `problems`.
 */
import type { MeasurableTarget } from './promises.models';
import { withoutNul } from '../../platform/files/text';
import { codedReason, type ErrorParams, type FieldCode } from '../../platform/errors';

/** 'polisen', 'kommunen', 'gemensamt' (both together), or a slug for another partner. */
export type PartyKey = 'polisen' | 'kommunen' | 'gemensamt' | (string & {});

export interface PromiseExtensionDraft {
	toYear: number;
	text: string;
}

export interface DialogueBasisDraft {
	text: string;
	/** Number of dialogues, meetings or surveys. */
	count?: number;
	respondents?: number;
	when?: string;
}

export interface PartyPromiseDraft {
	party: PartyKey;
	partyName: string;
	items: string[];
}

export interface PromiseActivityDraft {
	activity: string;
	/** The lead-in of a nested list ("… Detta genom att:") that this activity belongs to. */
	group: string | null;
	scope: string | null;
	when: string | null;
	responsible: string | null;
	followUp: string | null;
	target: MeasurableTarget | null;
}

export interface SignatoryDraft {
	name: string;
	title: string;
	party: PartyKey | null;
}

export interface ImportProblem {
	/** 1-based line in the source text; null when the problem concerns the whole text. */
	line: number | null;
	/** Swedish; `text` gives it in the reader's language. */
	message: string;
	text?: FieldCode;
}

/** A note of the import preview, coded `promises.import_note_*`. */
function importNote(line: number | null, code: string, params?: ErrorParams): ImportProblem {
	const { reason, text } = codedReason(`promises.import_note_${code}`, params);
	return { line, message: reason, text };
}

/** The source split by its headings, in order: nothing the parser read is lost from here. */
export interface PromiseSectionDraft {
	heading: string | null;
	line: number;
	text: string;
}

export interface PromiseDraft {
	title: string;
	periodStart: number | null;
	periodEnd: number | null;
	extensions: PromiseExtensionDraft[];
	introduction: string;
	problemPicture: string;
	/** The overall commitment in prose, e.g. "Under kommande två (2) år ska polisen och kommunen …". */
	commitment: string;
	dialogueBasis: DialogueBasisDraft[];
	focusAreas: string[];
	partyPromises: PartyPromiseDraft[];
	activities: PromiseActivityDraft[];
	signatories: SignatoryDraft[];
	followUpForum: string | null;
	/** The "Tidsram" text, e.g. "… pågår från och med tecknandet … och två år framåt." */
	timeframe: string | null;
	sections: PromiseSectionDraft[];
	problems: ImportProblem[];
}

export interface ParsePromiseOptions {
	municipalityName?: string;
}

// ---------------------------------------------------------------------------------------------
// Lines

interface Line {
	no: number;
	/** Trimmed text; tabs inside are kept for tab-separated tables. */
	text: string;
	indent: number;
	trailingSpaces: number;
	blank: boolean;
}

/** Navigation text that comes along when a web page is copied. */
const WEB_CHROME = new Set(['sök', 'stäng meny', 'stäng', 'meny', 'till innehåll', 'lyssna', 'dela', 'skriv ut', 'tillbaka', 'öppna meny']);

const BULLET_RE = /^([-–•*▪◦●·\uf0b7\uf0a7]|\d{1,2}[.)]|[a-z][)])\s+(.*)$/;

/** A bullet line, unless a dash only continues a range broken over two lines ("i åldern 12" / "– 20 år"). */
function bulletOf(text: string, previous: string | null): RegExpExecArray | null {
	const m = BULLET_RE.exec(text);
	if (m && /^[-–]$/.test(m[1]) && previous !== null && /\d$/.test(previous.trim())) return null;
	return m;
}

function toLines(text: string): Line[] {
	const raw = text
		.replace(/\r\n?/g, '\n')
		.replace(/[\u00a0\u2007\u202f\u2009]/g, ' ')
		.replace(/[\u00ad\u200b\ufeff]/g, '')
		.split('\n');

	// Text copied from a PDF often has an empty line after every line, so a paragraph break is
	// a line holding only spaces. It shows as many empty lines followed by a lower-case continuation.
	let content = 0;
	let wraps = 0;
	for (let i = 0; i < raw.length; i++) {
		if (raw[i].trim() === '') continue;
		content++;
		if (raw[i + 1] === '' && /^\s*\p{Ll}/u.test(raw[i + 2] ?? '')) wraps++;
	}
	const doubleSpaced = content >= 6 && wraps / content >= 0.2;

	const lines: Line[] = [];
	raw.forEach((value, index) => {
		if (doubleSpaced && value === '') return;
		const trimmed = value.trim();
		lines.push({
			no: index + 1,
			text: trimmed,
			indent: value.length - value.trimStart().length,
			trailingSpaces: value.length - value.trimEnd().length,
			blank: trimmed === '' || WEB_CHROME.has(trimmed.toLowerCase())
		});
	});
	return lines;
}

const SOFT_END = /(?:[-–,]|\b(?:och|eller|samt|i|på|med|för|till|av|om|att|som|den|det|de|en|ett|från|mot|vid|under))$/i;

/** Joins two wrapped pieces of one sentence, undoing end-of-line hyphenation ("samverkans-" + "modellen"). */
function joinWrapped(a: string, b: string): string {
	const left = a.replace(/\s+$/, '');
	const right = b.trim();
	if (!left) return right;
	if (!right) return left;
	if (/^[.,;:!?)]/.test(right)) return left + right;
	if (/\p{L}-$/u.test(left) && /^\p{Ll}/u.test(right) && !/^(och|eller|samt|till|som)\b/.test(right)) {
		return left.slice(0, -1) + right;
	}
	return `${left} ${right}`;
}

const tidy = (s: string) => s.replace(/[ \t]+/g, ' ').trim();

/** Blank-separated paragraphs; a bullet line always starts a new one and keeps its marker. */
function paragraphs(lines: Line[]): { text: string; line: number }[] {
	const out: { text: string; line: number }[] = [];
	let current: { text: string; line: number } | null = null;
	for (const line of lines) {
		if (line.blank) {
			current = null;
			continue;
		}
		const text = line.text.replace(/\t+/g, ' | ');
		if (!current || bulletOf(line.text, current.text)) {
			current = { text, line: line.no };
			out.push(current);
		} else {
			current.text = joinWrapped(current.text, text);
		}
	}
	return out.map((p) => ({ ...p, text: tidy(p.text) }));
}

const SENTENCE_SPLIT = /(?<=[.!?])\s+(?=[\p{Lu}\d"”(])/u;

function sentenceAt(paragraph: string, index: number): string {
	let start = 0;
	for (const sentence of paragraph.split(SENTENCE_SPLIT)) {
		const at = paragraph.indexOf(sentence, start);
		if (index >= at && index < at + sentence.length) return sentence.trim();
		start = at + sentence.length;
	}
	return paragraph.trim();
}

// ---------------------------------------------------------------------------------------------
// Recognising lines

type SectionKind = 'introduction' | 'problem' | 'promise' | 'focus' | 'dialogue' | 'timeframe' | 'followUp' | 'signatures' | 'other';
type ColumnKey = 'activity' | 'scope' | 'when' | 'responsible' | 'followUp' | 'target' | 'cost';

const HEADINGS: [RegExp, SectionKind][] = [
	[/^(inledning|bakgrund|syfte(t)?)$/i, 'introduction'],
	[/^(problembild(en)?|(tidigare |aktuell |gemensam )?lägesbild(en)?)\b/i, 'problem'],
	[/^medborgarlöfte(t|n)?\b/i, 'promise'],
	[/^fokusområden?\b/i, 'focus'],
	[/^((medborgar)?dialog(er|en)?|underlag)\b/i, 'dialogue'],
	[/^(tidsram|tidsperiod|period|giltighetstid)\b/i, 'timeframe'],
	[/^uppföljning\b/i, 'followUp'],
	[/^(underskrift(er)?|undertecknare|undertecknat|signaturer)\b/i, 'signatures']
];

function headingKind(text: string): SectionKind | null {
	if (text.length > 70 || /[.,;]$/.test(text) || text.split(/\s+/).length > 8) return null;
	const t = text.replace(/:$/, '');
	for (const [re, kind] of HEADINGS) if (re.test(t)) return kind;
	return null;
}

// "Polisen lovar att", "Vi lovar tillsammans att", "Tillsammans lovar vi att", "Gemensamt lovar vi också att".
const PARTY_HEADING_RE = /^(.{2,80}?)\s+lovar(?:\s+vi)?(?:\s+(?:gemensamt|tillsammans|också|även))?\s+att\s*(?::\s*(.*))?$/i;

function partyHeading(text: string): { name: string; inline: string } | null {
	if (BULLET_RE.test(text)) return null;
	const m = PARTY_HEADING_RE.exec(text);
	if (!m) return null;
	const name = m[1].trim();
	// A sentence in running text is not a heading.
	if (/[.!?]/.test(name) || name.split(/\s+/).length > 8) return null;
	return { name, inline: (m[2] ?? '').trim() };
}

const COLUMN_NAMES: Record<string, ColumnKey> = {
	aktivitet: 'activity',
	aktiviteter: 'activity',
	åtgärd: 'activity',
	åtgärder: 'activity',
	insats: 'activity',
	omfattning: 'scope',
	när: 'when',
	tid: 'when',
	tidpunkt: 'when',
	tidsplan: 'when',
	ansvarig: 'responsible',
	ansvariga: 'responsible',
	ansvar: 'responsible',
	uppföljning: 'followUp',
	mål: 'target',
	målvärde: 'target',
	kostnad: 'cost'
};

const columnOf = (word: string): ColumnKey | undefined => COLUMN_NAMES[word.toLowerCase().replace(/[:*]/g, '').trim()];

type TableMode = 'tab' | 'pipe' | 'stream' | 'vertical';

function tableHeader(text: string): { mode: TableMode; columns: ColumnKey[] } | null {
	let mode: TableMode = 'stream';
	let cells: string[];
	if (text.includes('\t')) {
		mode = 'tab';
		cells = text.split(/\t+/);
	} else if (text.includes('|')) {
		mode = 'pipe';
		cells = text.replace(/^\||\|$/g, '').split('|');
	} else {
		cells = text.split(/\s+/);
	}
	cells = cells.map((c) => c.trim()).filter(Boolean);
	// In a tab or pipe table a heading cell may be several words ("Ansvarig part"): its first word decides.
	const columns = cells.map((c) => columnOf(mode === 'stream' ? c : (c.split(/\s+/)[0] ?? '')));
	if (cells.length < 3 || columns.some((c) => c === undefined)) return null;
	const keys = columns as ColumnKey[];
	return keys.includes('activity') ? { mode, columns: keys } : null;
}

const LABELLED_RE = /^(aktivitet|omfattning|när|ansvarig|uppföljning|mål)\s*:\s*(.*)$/i;

const isActivityLead = (text: string) => /:$/.test(text) && /\b(aktiviteter|åtgärder)\b/i.test(text) && text.length <= 120;

// ---------------------------------------------------------------------------------------------
// Blocks

type BlockKind = 'preamble' | SectionKind | 'party' | 'activityList' | 'table' | 'labelledTable';

interface Block {
	kind: BlockKind;
	heading: string | null;
	line: number;
	lines: Line[];
	party?: { key: PartyKey; name: string };
	table?: { mode: TableMode; columns: ColumnKey[] };
}

function splitBlocks(lines: Line[], municipalityName: string | undefined, titleLines: Set<number>, title: string): Block[] {
	const blocks: Block[] = [];
	// The title lines head the preamble, so they stay in `sections` even when a later heading names the promise.
	let current: Block = { kind: 'preamble', heading: title || null, line: titleLines.size > 0 ? Math.min(...titleLines) : 1, lines: [] };
	blocks.push(current);
	const open = (block: Block) => {
		current = block;
		blocks.push(block);
	};

	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (line.blank || titleLines.has(line.no)) {
			if (!titleLines.has(line.no)) current.lines.push(line);
			continue;
		}
		const text = line.text;

		const party = partyHeading(text);
		if (party) {
			open({ kind: 'party', heading: text, line: line.no, lines: [], party: partyFromName(party.name, municipalityName) });
			if (party.inline) current.lines.push({ ...line, text: party.inline });
			continue;
		}

		const header = tableHeader(text);
		if (header) {
			open({ kind: 'table', heading: text, line: line.no, lines: [], table: header });
			continue;
		}

		// A table whose headings stand one per line: "Aktivitet", "Omfattning", "När", …
		if (columnOf(text) === 'activity' && !text.includes(':')) {
			const columns: ColumnKey[] = ['activity'];
			let j = i + 1;
			for (; j < lines.length; j++) {
				if (lines[j].blank) continue;
				const column = columnOf(lines[j].text);
				if (!column) break;
				columns.push(column);
			}
			if (columns.length >= 3) {
				open({
					kind: 'table',
					heading: lines
						.slice(i, j)
						.filter((l) => !l.blank)
						.map((l) => l.text)
						.join(' '),
					line: line.no,
					lines: [],
					table: { mode: 'vertical', columns }
				});
				i = j - 1;
				continue;
			}
		}

		const labelled = LABELLED_RE.exec(text);
		if (labelled) {
			if (current.kind !== 'labelledTable') open({ kind: 'labelledTable', heading: null, line: line.no, lines: [] });
			current.lines.push(line);
			continue;
		}

		if (isActivityLead(text)) {
			open({ kind: 'activityList', heading: text, line: line.no, lines: [] });
			continue;
		}

		const kind = headingKind(text);
		if (kind) {
			open({ kind, heading: text, line: line.no, lines: [] });
			continue;
		}

		// Plain text after a blank line ends a tab or labelled table.
		const previous = current.lines.at(-1);
		if (
			((current.kind === 'table' && (current.table?.mode === 'tab' || current.table?.mode === 'pipe') && !/[\t|]/.test(text)) ||
				current.kind === 'labelledTable') &&
			previous?.blank
		) {
			open({ kind: 'other', heading: null, line: line.no, lines: [] });
		}
		current.lines.push(line);
	}
	return blocks.filter((b) => b.heading !== null || b.lines.some((l) => !l.blank));
}

function slug(value: string): string {
	return value
		.toLowerCase()
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

/** The municipality's name as it appears before "kommun": Falun → Falu, Sunne → Sunne. */
function municipalityStems(name: string | undefined): string[] {
	if (!name) return [];
	const n = name.trim().toLowerCase();
	return n.endsWith('n') ? [n, n.slice(0, -1)] : [n];
}

function partyFromName(name: string, municipalityName: string | undefined): { key: PartyKey; name: string } {
	const n = name.trim();
	const lower = n.toLowerCase();
	const police = /polis/.test(lower);
	const municipality = /kommun|\bstad(en)?\b/.test(lower) || municipalityStems(municipalityName).some((s) => lower.startsWith(s));
	// "Vi", "Tillsammans (lovar vi)", "Gemensamt": both parties together, not a third party.
	if (/^(?:vi|tillsammans|gemensamt)(?:\s+(?:vi|tillsammans|gemensamt))?$/.test(lower)) return { key: 'gemensamt', name: 'Polisen och kommunen' };
	if (police && municipality) return { key: 'gemensamt', name: n };
	if (police) return { key: 'polisen', name: n };
	if (municipality) return { key: 'kommunen', name: n };
	return { key: slug(n) || 'okand', name: n };
}

// ---------------------------------------------------------------------------------------------
// Lists

interface ListEntry {
	text: string;
	line: number;
	bulleted: boolean;
	children: { text: string; line: number }[];
}

function markerType(marker: string): 'number' | 'letter' | 'bullet' {
	if (/^\d/.test(marker)) return 'number';
	if (/^[a-z]/.test(marker)) return 'letter';
	return 'bullet';
}

/** Bullet, numbered or plain lines → entries with at most one level of children. */
function parseList(lines: Line[]): ListEntry[] {
	const entries: ListEntry[] = [];
	const hasBullets = lines.some((l, i) => !l.blank && bulletOf(l.text, lines[i - 1]?.text ?? null));
	let base: { indent: number; type: string } | null = null;
	let current: { text: string; line: number } | null = null;
	let sawBlank = false;

	for (const line of lines) {
		if (line.blank) {
			sawBlank = true;
			continue;
		}
		const m = bulletOf(line.text, sawBlank ? null : (current?.text ?? null));
		if (m) {
			const type = markerType(m[1]);
			base ??= { indent: line.indent, type };
			const last = entries.at(-1);
			const isChild =
				last !== undefined && last.bulleted && (line.indent > base.indent || (type !== base.type && (/:$/.test(last.text) || last.children.length > 0)));
			const item = { text: m[2].trim(), line: line.no };
			if (isChild && last) {
				last.children.push(item);
			} else {
				entries.push({ ...item, bulleted: true, children: [] });
			}
			current = isChild && last ? last.children.at(-1)! : entries.at(-1)!;
		} else if (
			current &&
			(hasBullets ? !sawBlank || line.indent > (base?.indent ?? 0) : !sawBlank && !(/^\p{Lu}/u.test(line.text) && !SOFT_END.test(current.text)))
		) {
			current.text = joinWrapped(current.text, line.text);
		} else {
			entries.push({ text: line.text, line: line.no, bulleted: false, children: [] });
			current = entries.at(-1)!;
		}
		sawBlank = false;
	}
	for (const e of entries) {
		e.text = tidy(e.text);
		for (const c of e.children) c.text = tidy(c.text);
	}
	return entries;
}

// ---------------------------------------------------------------------------------------------
// Tables

type Row = Partial<Record<ColumnKey, string>>;

function streamCells(lines: Line[], columns: number, problems: ImportProblem[], headingLine: number): string[][] {
	// Text copied from a PDF table comes column by column: every line of the first cell, then the
	// second… The cut points are where a cell ends: extra trailing spaces, a full stop, a capital.
	const segments: { line: Line; blankBefore: boolean }[] = [];
	let blankBefore = false;
	for (const line of lines) {
		if (line.blank) {
			blankBefore = true;
			continue;
		}
		segments.push({ line, blankBefore });
		blankBefore = false;
	}
	if (segments.length === 0) return [];

	const scores: number[] = [];
	let strong = 0;
	for (let g = 0; g < segments.length - 1; g++) {
		const prev = segments[g].line;
		const next = segments[g + 1];
		let score = 0;
		if (next.blankBefore) score += 4;
		if (prev.trailingSpaces >= 2) score += 3;
		if (/[.!?]$/.test(prev.text)) score += 2;
		if (SOFT_END.test(prev.text)) score -= 3;
		if (/^\p{Lu}/u.test(next.line.text)) score += 1;
		if (/^\p{Ll}/u.test(next.line.text)) score -= 2;
		if (/^[.,;:!?)]+$/.test(next.line.text)) score -= 5;
		if (next.blankBefore || prev.trailingSpaces >= 2) strong++;
		scores.push(score);
	}

	let rows = Math.max(1, Math.round((strong + 1) / columns));
	while (rows > 1 && rows * columns > segments.length) rows--;
	const cuts = scores
		.map((score, gap) => ({ score, gap }))
		.sort((a, b) => b.score - a.score || a.gap - b.gap)
		.slice(0, rows * columns - 1)
		.map((c) => c.gap)
		.sort((a, b) => a - b);

	const cells: string[] = [];
	let start = 0;
	for (const cut of [...cuts, segments.length - 1]) {
		cells.push(tidy(segments.slice(start, cut + 1).reduce((acc, s) => joinWrapped(acc, s.line.text), '')));
		start = cut + 1;
	}
	if (cells.length < columns) {
		problems.push(importNote(headingLine, 'table_cells_missing'));
	}
	problems.push(importNote(headingLine, 'table_by_columns'));
	const out: string[][] = [];
	for (let r = 0; r < rows; r++) out.push(cells.slice(r * columns, r * columns + columns));
	return out;
}

function tableRows(block: Block, problems: ImportProblem[]): Row[] {
	const table = block.table;
	if (!table) return [];
	const toRow = (cells: string[]): Row => {
		const row: Row = {};
		table.columns.forEach((column, index) => {
			const value = tidy(cells[index] ?? '');
			if (value) row[column] = row[column] ? `${row[column]} ${value}` : value;
		});
		return row;
	};
	if (table.mode === 'vertical') {
		// Headings one per line usually means one line per cell as well; otherwise read it as a PDF stream.
		const cells = block.lines.filter((l) => !l.blank).map((l) => l.text);
		if (cells.length > 0 && cells.length % table.columns.length === 0) {
			const rows: Row[] = [];
			for (let i = 0; i < cells.length; i += table.columns.length) rows.push(toRow(cells.slice(i, i + table.columns.length)));
			return rows;
		}
	}
	if (table.mode === 'stream' || table.mode === 'vertical') {
		return streamCells(block.lines, table.columns.length, problems, block.line).map(toRow);
	}

	const rows: string[][] = [];
	for (const line of block.lines) {
		if (line.blank) continue;
		if (table.mode === 'pipe' && /^[\s|:-]+$/.test(line.text)) continue;
		const cells = table.mode === 'tab' ? line.text.split('\t') : line.text.replace(/^\||\|$/g, '').split('|');
		if (cells.length > 1) {
			rows.push(cells);
		} else if (rows.length > 0) {
			// A cell that wrapped onto a line of its own belongs to the row above.
			const last = rows[rows.length - 1];
			let index = last.length - 1;
			while (index > 0 && !last[index].trim()) index--;
			last[index] = joinWrapped(last[index], line.text);
			problems.push(importNote(line.no, 'row_joined'));
		} else {
			rows.push([line.text]);
		}
	}
	return rows.map(toRow).filter((r) => Object.keys(r).length > 0);
}

function labelledRows(block: Block): Row[] {
	const rows: Row[] = [];
	let lastKey: ColumnKey | null = null;
	for (const line of block.lines) {
		if (line.blank) continue;
		const m = LABELLED_RE.exec(line.text);
		if (m) {
			const key = columnOf(m[1]) as ColumnKey;
			if (key === 'activity' || rows.length === 0) rows.push({});
			rows[rows.length - 1][key] = tidy(m[2]);
			lastKey = key;
		} else if (lastKey && rows.length > 0) {
			const row = rows[rows.length - 1];
			row[lastKey] = tidy(joinWrapped(row[lastKey] ?? '', line.text));
		}
	}
	return rows;
}

function activityFromRow(row: Row): PromiseActivityDraft {
	const activity = row.activity ?? '';
	return {
		activity,
		group: null,
		scope: row.scope ?? null,
		when: row.when ?? null,
		responsible: row.responsible ?? null,
		followUp: row.followUp ?? null,
		target: (row.target ? parseMeasurableTarget(row.target) : null) ?? parseMeasurableTarget(activity) ?? (row.scope ? parseMeasurableTarget(row.scope) : null)
	};
}

// ---------------------------------------------------------------------------------------------
// Measurable targets

const NUMBER_WORDS: Record<string, number> = {
	en: 1,
	ett: 1,
	två: 2,
	tre: 3,
	fyra: 4,
	fem: 5,
	sex: 6,
	sju: 7,
	åtta: 8,
	nio: 9,
	tio: 10,
	elva: 11,
	tolv: 12,
	femton: 15,
	tjugo: 20,
	trettio: 30,
	femtio: 50,
	hundra: 100
};

const QUANTIFIER =
	'(?:minst|åtminstone|minimum|inte färre än|lägst|totalt|sammanlagt|fler än|mer än|över|högst|maximalt|max|som mest|inte fler än|exakt|precis)';
const VERB =
	'(?:genomföra|genomförs|genomföras|hålla|hålls|hållas|anordna|anordnas|arrangera|arrangeras|erbjuda|erbjuds|utbilda|utbildas|nå|starta|startas|etablera|etableras|bilda|bildas|rekrytera|rekryteras|besöka|besöks|öka med|minska med)';
const NUMBER = `(\\d{1,3}(?:[ \\u00a0]\\d{3})+(?![\\d])|\\d+(?:[.,]\\d+)?|${Object.keys(NUMBER_WORDS).join('|')})`;
const TARGET_RE = new RegExp(
	`(?:^|[^\\p{L}\\d])(?:${QUANTIFIER}|${VERB}(?:\\s+${QUANTIFIER})?)\\s+${NUMBER}(?![\\p{L}\\d])\\s*((?:%|\\p{L})[^.,;:!?()\\n]*)`,
	'iu'
);

/**
 * Reads a countable goal from free text: "minst 8 nya områden med grannsamverkan" → { value: 8, unit:
 * "nya områden med grannsamverkan" }. A bare number is not a goal ("årskurs 6", "15-18 år"): it needs
 * a quantifier such as "minst" or a verb such as "genomföra".
 */
export function parseMeasurableTarget(text: string): MeasurableTarget | null {
	const m = TARGET_RE.exec(text.replace(/\s+/g, ' '));
	if (!m) return null;
	const raw = m[1].toLowerCase();
	const value = Object.hasOwn(NUMBER_WORDS, raw) ? NUMBER_WORDS[raw] : Number(raw.replace(/[ \u00a0]/g, '').replace(',', '.'));
	if (!Number.isFinite(value)) return null;
	const unit = m[2].trim().replace(/\s+/g, ' ').slice(0, 120);
	if (!unit) return null;
	// "högst 2 …" is a ceiling, "exakt 4 …" a value to hit; anything else is a number to reach.
	if (/\b(?:högst|maximalt|max|som mest|inte fler än)\s/i.test(m[0])) return { value, unit, kind: 'at_most' };
	if (/\b(?:exakt|precis)\s/i.test(m[0])) return { value, unit, kind: 'exactly' };
	return { value, unit };
}

// ---------------------------------------------------------------------------------------------
// Periods, extensions, forums, signatories, dialogues, focus areas

const YEAR_RANGE = /\b((?:19|20)\d{2})\s*(?:[-–—]|\/)\s*((?:19|20)\d{2}|\d{2})\b(?!-\d)/;

function yearRange(text: string): [number, number] | null {
	const m = YEAR_RANGE.exec(text);
	if (!m) return null;
	const start = Number(m[1]);
	const end = m[2].length === 2 ? Math.floor(start / 100) * 100 + Number(m[2]) : Number(m[2]);
	return end >= start && end - start <= 10 ? [start, end] : null;
}

function periodFromHeading(heading: string): [number, number] | null {
	const withoutExtension = heading.replace(/\(?\s*förläng\w*[^)]*\)?/gi, ' ');
	const range = yearRange(withoutExtension);
	if (range) return range;
	const single = /\b((?:19|20)\d{2})\b/.exec(withoutExtension);
	return single ? [Number(single[1]), Number(single[1])] : null;
}

const PERIOD_MENTION_RE = new RegExp(`(?:medborgarlöfte\\w*\\s+(?:för\\s+)?(?:perioden\\s+|åren\\s+)?|\\bperioden\\s+)(${YEAR_RANGE.source})`, 'gi');

const EXTENSION_RE = /förläng\w*\b([^.]*?)\btill\s+(?:och\s+med\s+)?(?:år\s+|utgången av\s+)?((?:19|20)\d{2})\b/gi;
const RELATIVE_EXTENSION_RE = /förläng\w*\b[^.]*?\b(?:med\s+)?(?:ytterligare\s+)?(ett|två|tre|\d)\s+år\b/i;

function forumFromSentence(text: string): string | null {
	const m =
		/(?:följ(?:s|as|a)?\s+upp|redovisa(?:s)?|rapportera(?:s)?|återrapporter\w*|avrapporter\w*)\b[^.]*?\s(?:i|på|till|inom)\s+(?:det\s+|den\s+|de\s+)?(\p{L}[^,.;]*?)(?=\s+(?:genom|varje|en gång|minst|två gånger|årligen|halvårsvis|kvartalsvis|där|och redovisas)\b|[,.;]|$)/iu.exec(
			text
		);
	return m ? m[1].trim() : null;
}

const MONTHS = 'januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december';

function forumFromCell(cell: string): string | null {
	const first = cell.split(',')[0] ?? '';
	const forum = first
		.replace(new RegExp(`\\s+(?:(?:${MONTHS})\\s+)?(?:19|20)\\d{2}.*$`, 'i'), '')
		.replace(/\s+(?:en gång|två gånger|varje|årligen|halvårsvis|kvartalsvis|per|minst)\b.*$/i, '')
		.replace(/[.:]$/, '')
		.trim();
	if (!forum || new RegExp(`^(?:${MONTHS}|våren|hösten|(?:19|20)\\d{2})\\b`, 'i').test(forum)) return null;
	return forum;
}

const NAME = "\\p{Lu}[\\p{L}'’-]+(?:\\s+\\p{Lu}[\\p{L}'’-]+){1,3}";
const SIGNED_RE = /(?:undertecknat|underskrivet|undertecknad|undertecknas|signerat|skrivits under|skrivs under)\s+av\s+(.+?)(?:\.(?:\s|$)|$)/iu;

function signatoryParty(title: string): PartyKey | null {
	if (/polis/i.test(title)) return 'polisen';
	if (/kommun|stad(s|en)?\b|nämnd|kommunalråd/i.test(title)) return 'kommunen';
	return null;
}

function personFromPhrase(phrase: string): SignatoryDraft | null {
	const text = phrase.trim().replace(/[.]$/, '');
	const nameFirst = new RegExp(`^(${NAME})(?:\\s*\\(\\p{Lu}{1,3}\\))?\\s*(?:,\\s*|\\(\\s*|\\s+[-–]\\s+)(.+)$`, 'u').exec(text);
	if (nameFirst) {
		const title = nameFirst[2].replace(/\)\s*$/, '').trim();
		return { name: nameFirst[1], title, party: signatoryParty(title) };
	}
	const titleFirst = new RegExp(`^(.+?)[,\\s]+(${NAME})$`, 'u').exec(text);
	if (titleFirst && /\p{Ll}/u.test(titleFirst[1])) {
		const title = titleFirst[1].trim();
		return { name: titleFirst[2], title, party: signatoryParty(title) };
	}
	if (new RegExp(`^${NAME}$`, 'u').test(text)) return { name: text, title: '', party: null };
	return null;
}

function signatoriesFromSentence(text: string): SignatoryDraft[] {
	const m = SIGNED_RE.exec(text);
	if (!m) return [];
	return m[1]
		.split(new RegExp(`,?\\s+(?:samt|och)\\s+(?=${NAME})`, 'u'))
		.map(personFromPhrase)
		.filter((p): p is SignatoryDraft => p !== null);
}

function signatoriesFromBlock(lines: Line[]): SignatoryDraft[] {
	const people: string[][] = [];
	let group: Line[] = [];
	const flush = () => {
		if (group.length === 0) return;
		// Signatures set side by side: "Joakim Storck      Martin Öman" over "Ordförande      Chef".
		const split = group.map((l) => l.text.split(/\t+|\s{3,}/).map((s) => s.trim()));
		const width = split[0].length;
		if (width > 1 && split.every((s) => s.length === width)) {
			for (let c = 0; c < width; c++) people.push(split.map((s) => s[c]));
		} else {
			people.push(group.map((l) => l.text));
		}
		group = [];
	};
	for (const line of lines) {
		if (line.blank) flush();
		else group.push(line);
	}
	flush();

	const out: SignatoryDraft[] = [];
	for (const person of people) {
		const useful = person.filter((p) => p && !/^(ort|datum|underskrift|namnförtydligande)\b|^[_.\s]+$|^\d{4}-\d{2}-\d{2}$/i.test(p));
		if (useful.length === 0) continue;
		const fromSentence = signatoriesFromSentence(useful.join(' '));
		if (fromSentence.length > 0) {
			out.push(...fromSentence);
			continue;
		}
		const [first, ...rest] = useful;
		if (rest.length > 0 && new RegExp(`^${NAME}$`, 'u').test(first)) {
			const title = rest.join(', ');
			out.push({ name: first, title, party: signatoryParty(title) });
		} else {
			const single = personFromPhrase(useful.join(', '));
			if (single) out.push(single);
		}
	}
	return out;
}

const DIALOGUE_RE =
	/\bdialog(?:er|en|erna)?\b|medborgardialog|enkät|trygghetsmätning|trygghetsundersökning|samtal med (?:allmänheten|medborgar|boende)|\bkartläggningar\b|\bsvarande\b|respondenter/i;

function dialogueFrom(text: string): DialogueBasisDraft {
	const entry: DialogueBasisDraft = { text };
	const respondents = /(\d[\d ]*)\s*(?:svarande|respondenter|personer (?:har )?svarade?|deltagare|svar)\b/i.exec(text);
	if (respondents) entry.respondents = Number(respondents[1].replace(/\s/g, ''));
	const count = new RegExp(
		`\\b(\\d+|${Object.keys(NUMBER_WORDS).join('|')})\\s+(?:medborgardialoger|dialoger|dialogmöten|tillfällen|möten|träffar|workshops|enkäter|trygghetsvandringar)\\b`,
		'i'
	).exec(text);
	if (count) {
		const raw = count[1].toLowerCase();
		entry.count = Object.hasOwn(NUMBER_WORDS, raw) ? NUMBER_WORDS[raw] : Number(raw);
	}
	const when = new RegExp(
		`\\b((?:(?:${MONTHS})|våren|hösten|sommaren|vintern)\\s+(?:19|20)\\d{2}|(?:19|20)\\d{2}(?:\\s*[-–]\\s*(?:19|20)\\d{2})?)\\b`,
		'i'
	).exec(text);
	if (when) entry.when = when[1];
	return entry;
}

const THEMES: [RegExp, string][] = [
	[/sociala insatsgrupper|\bSIG\b/i, 'Sociala insatsgrupper (SIG)'],
	[/\bSSPF\b/, 'SSPF (skola, socialtjänst, polis och fritid)'],
	[/\bdrog|narkotika|\bANDT\b/i, 'Droger bland barn och unga'],
	[/trafik|buskörning|rattfylleri|[ae]pa-?traktor/i, 'Trafikmiljö'],
	[/mäns våld mot kvinnor|våld i nära relation|relationsvåld/i, 'Mäns våld mot kvinnor'],
	[/grannsamverkan/i, 'Grannsamverkan'],
	[/organiserad brottslighet|gängkriminalitet|kriminella nätverk/i, 'Organiserad brottslighet'],
	[/inbrott/i, 'Inbrott'],
	[/skadegörelse|klotter|vandalism/i, 'Skadegörelse och klotter'],
	[/stadskärnan|otrygghet i centrum/i, 'Trygghet i stadskärnan'],
	[/bedrägeri/i, 'Bedrägerier'],
	[/våldsbejakande extremism/i, 'Våldsbejakande extremism']
];

function themesIn(text: string): string[] {
	return THEMES.map(([re, label]) => ({ label, at: text.search(re) }))
		.filter((t) => t.at >= 0)
		.sort((a, b) => a.at - b.at)
		.map((t) => t.label);
}

// ---------------------------------------------------------------------------------------------
// The parser

const isTitleLike = (text: string) => /medborgarlöfte/i.test(text) && text.split(/\s+/).length <= 14 && !/[.!?:]$/.test(text) && !partyHeading(text);
const isPartiesLine = (text: string) =>
	/polis|kommun|\bstad\b/i.test(text) && text.split(/\s+/).length <= 10 && !/[.!?:]$/.test(text) && !headingKind(text) && !tableHeader(text);

/** Parses the text of one citizen promise into a draft; never throws on odd input. */
export function parsePromiseText(text: string, options: ParsePromiseOptions = {}): PromiseDraft {
	const { municipalityName } = options;
	const problems: ImportProblem[] = [];
	// Pasted text may carry NUL, which PostgreSQL cannot store in the draft.
	const lines = toLines(withoutNul(text ?? ''));
	const content = lines.filter((l) => !l.blank);

	// Title: the first line naming the promise, with the parties line under it when there is one.
	const titleLines = new Set<number>();
	let title = '';
	if (content[0] && isTitleLike(content[0].text)) {
		title = content[0].text;
		titleLines.add(content[0].no);
		if (content[1] && isPartiesLine(content[1].text)) {
			title = `${title} – ${content[1].text}`;
			titleLines.add(content[1].no);
		}
	}

	const blocks = splitBlocks(lines, municipalityName, titleLines, title);

	const sections: PromiseSectionDraft[] = blocks.map((b) => ({
		heading: b.heading,
		line: b.heading ? b.line : (b.lines.find((l) => !l.blank)?.no ?? b.line),
		text: paragraphs(b.lines)
			.map((p) => p.text)
			.join('\n\n')
	}));

	const textOf = (kinds: BlockKind[], withHeadings: boolean) => {
		const chosen = blocks.filter((b) => kinds.includes(b.kind));
		return chosen
			.map((b) => {
				const body = paragraphs(b.lines)
					.map((p) => p.text)
					.join('\n\n');
				return withHeadings && chosen.length > 1 && b.heading ? `${b.heading}\n${body}` : body;
			})
			.filter(Boolean)
			.join('\n\n');
	};

	// A heading "Medborgarlöfte 2021-2022 (förlängt till 2024)" names this promise better than a page title.
	const promiseHeadings = [...blocks.filter((b) => b.kind === 'promise' && b.heading), ...blocks.filter((b) => b.kind === 'preamble' && b.heading)];
	const datedHeading = promiseHeadings.find((b) => b.heading && periodFromHeading(b.heading));
	if (datedHeading?.heading) title = datedHeading.heading;
	if (!title) {
		title = municipalityName ? `Medborgarlöfte ${municipalityName}` : 'Medborgarlöfte';
		problems.push(importNote(null, 'title_missing'));
	}

	// Everything readable, paragraph by paragraph, for the searches below.
	const units: { text: string; line: number; kind: BlockKind | 'heading' }[] = [];
	for (const b of blocks) {
		if (b.heading) units.push({ text: b.heading, line: b.line, kind: 'heading' });
		for (const p of paragraphs(b.lines)) units.push({ ...p, kind: b.kind });
	}

	// Party promises: one entry per party; every line below the heading is kept.
	const partyPromises: PartyPromiseDraft[] = [];
	for (const b of blocks.filter((x) => x.kind === 'party')) {
		const party = b.party ?? { key: 'okand', name: b.heading ?? '' };
		const entries = parseList(b.lines);
		const items = entries.flatMap((e) => [e.text, ...e.children.map((c) => c.text)]);
		if (entries.some((e) => e.bulleted)) {
			for (const e of entries.filter((x) => !x.bulleted)) {
				problems.push(importNote(e.line, 'paragraph_as_promise', { heading: b.heading ?? '' }));
			}
		}
		if (items.length === 0) problems.push(importNote(b.line, 'heading_without_promises', { heading: b.heading ?? '' }));
		const existing = partyPromises.find((p) => p.party === party.key && p.partyName === party.name);
		if (existing) existing.items.push(...items);
		else partyPromises.push({ party: party.key, partyName: party.name, items });
	}

	// Activities: from tables, labelled rows and "Följande aktiviteter …:" lists.
	const activities: PromiseActivityDraft[] = [];
	for (const b of blocks) {
		if (b.kind === 'table') activities.push(...tableRows(b, problems).map(activityFromRow));
		if (b.kind === 'labelledTable') activities.push(...labelledRows(b).map(activityFromRow));
		if (b.kind === 'activityList') {
			for (const e of parseList(b.lines)) {
				const leaves = e.children.length > 0 ? e.children.map((c) => ({ text: c.text, group: e.text })) : [{ text: e.text, group: null }];
				for (const leaf of leaves) {
					activities.push({
						activity: leaf.text,
						group: leaf.group,
						scope: null,
						when: null,
						responsible: null,
						followUp: null,
						target: parseMeasurableTarget(leaf.text)
					});
				}
			}
		}
	}
	const fromLists = blocks.filter((b) => b.kind === 'activityList');
	if (fromLists.length > 0) {
		problems.push(importNote(fromLists[0].line, 'activities_as_list'));
	}

	// Period: the promise's heading first, then "medborgarlöftet för 2021-2023", then the activities.
	let period: [number, number] | null = datedHeading?.heading ? periodFromHeading(datedHeading.heading) : null;
	let periodLine = datedHeading?.line ?? null;
	const mentions: { range: [number, number]; line: number }[] = [];
	for (const u of units) {
		for (const m of u.text.matchAll(PERIOD_MENTION_RE)) {
			const range = yearRange(m[1]);
			if (range) mentions.push({ range, line: u.line });
		}
	}
	if (!period && mentions.length > 0) {
		period = mentions[0].range;
		periodLine = mentions[0].line;
	}
	if (period) {
		for (const m of mentions) {
			if (m.range[0] !== period[0] || m.range[1] !== period[1]) {
				problems.push(
					importNote(m.line, 'other_period', { other: `${m.range[0]}–${m.range[1]}`, period: `${period[0]}–${period[1]}`, line: String(periodLine ?? '') })
				);
			}
		}
	} else {
		const years = activities.flatMap((a) => [...`${a.when ?? ''}`.matchAll(/\b((?:19|20)\d{2})\b/g)].map((m) => Number(m[1]))).filter((y) => y > 0);
		if (years.length > 0) {
			period = [Math.min(...years), Math.max(...years)];
			problems.push(importNote(null, 'period_from_activities', { period: period[0] === period[1] ? String(period[0]) : `${period[0]}–${period[1]}` }));
		} else {
			problems.push(importNote(null, 'period_missing'));
		}
	}
	const [periodStart, periodEnd] = period ?? [null, null];

	// Extensions: "förlängt till 2024", "förlänger … ytterligare ett år, det vill säga till 2024".
	const byYear = new Map<number, PromiseExtensionDraft>();
	const addExtension = (toYear: number, sentence: string, line: number) => {
		const existing = byYear.get(toYear);
		if (!existing || sentence.length > existing.text.length) byYear.set(toYear, { toYear, text: sentence });
		if (periodEnd !== null && toYear <= periodEnd) {
			problems.push(importNote(line, 'extension_not_later', { year: String(toYear), end: String(periodEnd) }));
		}
	};
	for (const u of units) {
		let explicit = false;
		for (const m of u.text.matchAll(EXTENSION_RE)) {
			explicit = true;
			addExtension(Number(m[2]), u.kind === 'heading' ? u.text : sentenceAt(u.text, m.index ?? 0), u.line);
		}
		const relative = explicit ? null : RELATIVE_EXTENSION_RE.exec(u.text);
		if (relative) {
			const base = Math.max(periodEnd ?? 0, ...byYear.keys());
			const years = Object.hasOwn(NUMBER_WORDS, relative[1]) ? NUMBER_WORDS[relative[1]] : Number(relative[1]);
			if (base > 0) {
				addExtension(base + years, sentenceAt(u.text, relative.index), u.line);
				problems.push(importNote(u.line, 'extension_year_computed', { year: String(base + years) }));
			}
		}
	}
	const extensions = [...byYear.values()].sort((a, b) => a.toYear - b.toYear);

	// Signatories: a signature block, or "… är underskrivet av NN, titel, samt NN, titel."
	const signatories: SignatoryDraft[] = [];
	for (const b of blocks.filter((x) => x.kind === 'signatures')) signatories.push(...signatoriesFromBlock(b.lines));
	for (const u of units.filter((x) => x.kind !== 'signatures')) {
		for (const sentence of u.text.split(SENTENCE_SPLIT)) signatories.push(...signatoriesFromSentence(sentence));
	}
	const uniqueSignatories = signatories.filter((s, i) => signatories.findIndex((o) => o.name === s.name) === i);
	if (uniqueSignatories.length === 0) problems.push(importNote(null, 'signatories_missing'));

	// Follow-up forum: the "Uppföljning" section, else the activities' follow-up column.
	let followUpForum: string | null = null;
	for (const u of units.filter((x) => x.kind === 'followUp')) {
		followUpForum ??= forumFromSentence(u.text);
	}
	if (!followUpForum) {
		const forums = activities.map((a) => (a.followUp ? forumFromCell(a.followUp) : null)).filter((f): f is string => !!f);
		followUpForum = forums[0] ?? null;
	}
	if (!followUpForum) problems.push(importNote(null, 'forum_missing'));

	// Dialogue basis: a section of its own, else sentences about dialogues and surveys.
	const dialogueBasis: DialogueBasisDraft[] = [];
	const dialogueBlocks = blocks.filter((b) => b.kind === 'dialogue');
	if (dialogueBlocks.length > 0) {
		for (const b of dialogueBlocks) {
			for (const e of parseList(b.lines)) dialogueBasis.push(dialogueFrom(e.text));
		}
	} else {
		for (const u of units.filter((x) => x.kind === 'preamble' || x.kind === 'introduction' || x.kind === 'problem')) {
			for (const sentence of u.text.split(SENTENCE_SPLIT)) {
				if (DIALOGUE_RE.test(sentence)) dialogueBasis.push(dialogueFrom(sentence.trim()));
			}
		}
	}

	// Focus areas: an explicit list, else the themes named where the promise itself is described.
	let focusAreas: string[];
	const focusBlocks = blocks.filter((b) => b.kind === 'focus');
	if (focusBlocks.length > 0) {
		focusAreas = focusBlocks.flatMap((b) => parseList(b.lines).flatMap((e) => [e.text, ...e.children.map((c) => c.text)]));
	} else {
		const described = units
			.filter((u) => u.kind === 'promise' || (u.kind !== 'party' && u.kind !== 'activityList' && /medborgarlöfte|\blova\b|\blovar\b/i.test(u.text)))
			.map((u) => u.text)
			.join('\n');
		focusAreas = themesIn(described);
	}

	if (partyPromises.length === 0) {
		problems.push(importNote(null, 'party_headings_missing'));
	}
	if (partyPromises.length === 0 && activities.length === 0) {
		problems.push(importNote(null, 'nothing_found'));
	}
	if (municipalityName && content.length > 0) {
		const lower = text.toLowerCase();
		const mentioned = municipalityStems(municipalityName).some((s) => lower.includes(`${s} kommun`)) || lower.includes(municipalityName.toLowerCase());
		if (!mentioned) problems.push(importNote(null, 'municipality_not_mentioned', { municipality: municipalityName }));
	}
	if (content.length === 0) problems.push(importNote(1, 'empty'));

	const timeframe = textOf(['timeframe'], false) || null;

	return {
		title,
		periodStart,
		periodEnd,
		extensions,
		introduction: textOf(['preamble', 'introduction'], false),
		problemPicture: textOf(['problem'], true),
		commitment: textOf(['promise'], false),
		dialogueBasis,
		focusAreas,
		partyPromises,
		activities,
		signatories: uniqueSignatories,
		followUpForum,
		timeframe,
		sections,
		problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
	};
}
