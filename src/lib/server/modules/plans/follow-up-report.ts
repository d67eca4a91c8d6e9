/**
 * The follow-up report for the crime-prevention council (BRÅ) and the municipal board (KS):
 * a title page, a summary per focus area (status counts as a table and as a bar chart built
 * from table cells, so Word and LibreOffice draw it alike and every bar carries its number),
 * then every measure with its plan columns and this round's answer. What changed since the
 * previous round is highlighted and the earlier answer is given beside it.
 *
 * Pure: a FollowUpReportInput in, .docx bytes out.
 */
import { BorderStyle, HeadingLevel, PageBreak, Paragraph, Table, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import { MEASURE_STATUSES, MEASURE_STATUS_BY_CODE, rollUpStatuses, type MeasureStatus, type StatusTone } from '$lib/modules/plans/constants';
import { A4_WIDTH, FONT, MARGIN, bodyParagraph, cleanText, runsOf, tableCell, a4Report } from '../../platform/documents/docx-kit';

export interface ReportAnswer {
	status: string;
	done: string;
	nextSteps: string;
}

export interface ReportMeasure {
	title: string;
	description: string;
	time: string;
	scope: string;
	responsible: string;
	cost: string;
	goal: string;
	followUp: string;
	answer: ReportAnswer | null;
	previous: ReportAnswer | null;
	/** The measure's indicators with this round's reported value (null when not reported). */
	indicators: { name: string; unit: string; baseline: number | null; target: number | null; value: number | null }[];
	/** A shared measure's parts, one per co-responsible organisation that answered; `answer` is the lead's (the status of record). */
	parts?: (ReportAnswer & { organisation: string; lead: boolean })[];
}

export interface FollowUpReportInput {
	municipalityName: string;
	planTitle: string;
	planPeriod: string | null;
	roundName: string;
	dueDate: string;
	/** ISO date the round closed; null while it is still open (the report is then marked preliminary). */
	closedOn: string | null;
	generatedOn: string;
	/** Forums the plan names for follow-up ("Faluns BRÅ", "Kommunstyrelsen"): who the report is for. */
	forums: string[];
	previousRoundName: string | null;
	focusAreas: { title: string; measures: ReportMeasure[] }[];
}

export interface AnswerChange {
	/** No answer in the previous round, one now. */
	isNew: boolean;
	status: boolean;
	done: boolean;
	nextSteps: boolean;
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** What differs between this round's answer and the previous round's; null when there is nothing to compare. */
export function compareAnswers(current: ReportAnswer | null, previous: ReportAnswer | null, hadPreviousRound: boolean): AnswerChange | null {
	if (!current || !hadPreviousRound) return null;
	if (!previous) return { isNew: true, status: true, done: normalise(current.done) !== '', nextSteps: normalise(current.nextSteps) !== '' };
	const change = {
		isNew: false,
		status: current.status !== previous.status,
		done: normalise(current.done) !== normalise(previous.done),
		nextSteps: normalise(current.nextSteps) !== normalise(previous.nextSteps)
	};
	return change.status || change.done || change.nextSteps ? change : null;
}

/** Fills for the traffic-light tones: light enough for black text on them (WCAG contrast holds in print too). */
const TONE_FILL: Record<StatusTone | 'none', string> = {
	grey: 'D9D9D9',
	green: 'A9D18E',
	yellow: 'FFE699',
	orange: 'F4B183',
	blue: '9DC3E6',
	red: 'FF9999',
	// Not white: a row where nothing is reported still draws a (pale) bar, not a bare number.
	none: 'F2F2F2'
};

const NOT_REPORTED = 'Ej rapporterat';
const PORTRAIT_WIDTH = A4_WIDTH - 2 * MARGIN;

function statusLabel(status: string | null | undefined): string {
	return status && Object.hasOwn(MEASURE_STATUS_BY_CODE, status) ? MEASURE_STATUS_BY_CODE[status as MeasureStatus].label : NOT_REPORTED;
}

const line = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

function grid(widths: number[], rows: TableRow[], borders = true): Table {
	const b = borders ? line : none;
	return new Table({
		width: { size: widths.reduce((s, w) => s + w, 0), type: WidthType.DXA },
		columnWidths: widths,
		layout: TableLayoutType.FIXED,
		borders: {
			top: b,
			bottom: b,
			left: b,
			right: b,
			insideHorizontal: b,
			insideVertical: borders ? line : { style: BorderStyle.SINGLE, size: 12, color: 'FFFFFF' }
		},
		rows
	});
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel], pageBreakBefore = false): Paragraph {
	return new Paragraph({ heading: level, children: runsOf(text), spacing: { before: 240, after: 120 }, keepNext: true, pageBreakBefore });
}

function titlePage(input: FollowUpReportInput): Paragraph[] {
	const meta = [
		input.municipalityName,
		input.planPeriod ? `Planperiod: ${input.planPeriod}` : '',
		`Uppföljningsomgång: ${input.roundName}`,
		`Sista svarsdag: ${input.dueDate}`,
		input.closedOn ? `Omgången stängdes ${input.closedOn}` : 'Preliminär rapport: omgången är fortfarande öppen och svaren kan ändras.',
		input.forums.length ? `Underlag till: ${input.forums.join(', ')}` : '',
		`Rapporten skapades ${input.generatedOn}`
	].filter((x) => x !== '');
	return [
		new Paragraph({ children: [], spacing: { before: 2400 } }),
		new Paragraph({ heading: HeadingLevel.TITLE, children: runsOf('Uppföljning av åtgärdsplanen'), spacing: { after: 240 } }),
		new Paragraph({ children: runsOf(cleanText(input.planTitle).replace(/\s+/g, ' '), { size: 28, bold: true }), spacing: { after: 480 } }),
		...meta.map((m) => bodyParagraph(m)),
		new Paragraph({ children: [new PageBreak()] })
	];
}

interface AreaCounts {
	title: string;
	counts: Record<MeasureStatus, number>;
	notReported: number;
	total: number;
}

function countsOf(input: FollowUpReportInput): AreaCounts[] {
	return input.focusAreas.map((area) => ({
		title: cleanText(area.title).replace(/\s+/g, ' ').trim(),
		...rollUpStatuses(area.measures.map((m) => m.answer?.status))
	}));
}

/** Arial Bold advance widths in thousandths of an em (Liberation Sans, LibreOffice's stand-in, has the same metrics). */
// prettier-ignore
const ARIAL_BOLD: Record<string, number> = {
	a: 556, b: 611, c: 556, d: 611, e: 556, f: 333, g: 611, h: 611, i: 278, j: 278, k: 556, l: 278, m: 889, n: 611, o: 611, p: 611, q: 611, r: 389,
	s: 556, t: 333, u: 611, v: 556, w: 778, x: 556, y: 556, z: 500, å: 556, ä: 556, ö: 611, A: 722, E: 667, F: 611, G: 778, P: 667, T: 611
};
const CELL_PADDING = 160;
const HEADER_SIZE = 16;

/** The width (twips) a header cell needs so that its longest word fits on one line: Word and LibreOffice break a word that does not fit inside it. */
export function headerWidthFor(label: string, size = HEADER_SIZE): number {
	const wordWidth = (word: string) => ([...word].reduce((sum, ch) => sum + (ARIAL_BOLD[ch] ?? 722), 0) * size * 10) / 1000;
	return Math.ceil(Math.max(...label.split(/\s+/).map(wordWidth)) * 1.1) + CELL_PADDING;
}

/** Column widths of the summary: each status column as wide as its longest word needs, the focus-area column gets the rest. */
export function summaryColumnWidths(labels: string[]): { label: number; columns: number[] } {
	const columns = labels.map((l) => headerWidthFor(l));
	return { label: PORTRAIT_WIDTH - columns.reduce((sum, w) => sum + w, 0), columns };
}

function summaryTable(areas: AreaCounts[]): Table {
	const columns = [...MEASURE_STATUSES.map((s) => s.label), NOT_REPORTED, 'Totalt'];
	const { label: labelWidth, columns: cellWidths } = summaryColumnWidths(columns);
	const widths = [labelWidth, ...cellWidths];
	const row = (label: string, values: number[], bold = false) =>
		new TableRow({
			cantSplit: true,
			children: [tableCell(label, labelWidth, { style: { bold } }), ...values.map((v, i) => tableCell(String(v), cellWidths[i], { style: { bold } }))]
		});
	const valuesOf = (a: Omit<AreaCounts, 'title'>) => [...MEASURE_STATUSES.map((s) => a.counts[s.code]), a.notReported, a.total];
	const total = rollUpStatuses(
		areas.flatMap((a) => [...MEASURE_STATUSES.flatMap((s) => Array<string>(a.counts[s.code]).fill(s.code)), ...Array<null>(a.notReported).fill(null)])
	);
	return grid(widths, [
		new TableRow({
			tableHeader: true,
			cantSplit: true,
			children: [
				tableCell('Fokusområde', labelWidth, { header: true, style: { size: HEADER_SIZE } }),
				...columns.map((c, i) => tableCell(c, cellWidths[i], { header: true, style: { size: HEADER_SIZE } }))
			]
		}),
		...areas.map((a) => row(a.title, valuesOf(a))),
		row('Hela planen', valuesOf(total), true)
	]);
}

/** One stacked bar per focus area: a cell per status with its width proportional to the count, the count written in it. */
function statusChart(areas: AreaCounts[]): (Table | Paragraph)[] {
	const labelWidth = 2600;
	const barWidth = PORTRAIT_WIDTH - labelWidth;
	const parts: (Table | Paragraph)[] = [];
	for (const area of areas) {
		const segments = [
			...MEASURE_STATUSES.map((s) => ({ label: s.label, count: area.counts[s.code], fill: TONE_FILL[s.tone] })),
			{ label: NOT_REPORTED, count: area.notReported, fill: TONE_FILL.none }
		].filter((s) => s.count > 0);
		if (area.total === 0) continue;
		// Every segment gets room for its number; the rest is shared in proportion to the counts.
		const minimum = 420;
		const spare = barWidth - minimum * segments.length;
		const widths = segments.map((s) => minimum + Math.floor((spare * s.count) / area.total));
		parts.push(
			grid(
				[labelWidth, ...widths],
				[
					new TableRow({
						cantSplit: true,
						children: [
							tableCell(area.title, labelWidth, { fill: 'FFFFFF' }),
							...segments.map((s, i) => tableCell(String(s.count), widths[i], { fill: s.fill, style: { bold: true } }))
						]
					})
				]
			),
			new Paragraph({ children: [], spacing: { after: 60 } })
		);
	}
	const legend = [...MEASURE_STATUSES.map((s) => ({ label: s.label, fill: TONE_FILL[s.tone] })), { label: NOT_REPORTED, fill: TONE_FILL.none }];
	const legendWidth = Math.floor(PORTRAIT_WIDTH / legend.length);
	parts.push(
		new Paragraph({ children: runsOf('Förklaring (siffran i varje fält är antalet åtgärder):', { size: 18 }), spacing: { before: 120, after: 60 } }),
		grid(
			legend.map(() => legendWidth),
			[new TableRow({ children: legend.map((l) => tableCell(l.label, legendWidth, { fill: l.fill })) })]
		)
	);
	return parts;
}

function changesSummary(input: FollowUpReportInput): Paragraph[] {
	if (!input.previousRoundName) return [bodyParagraph('Det här är planens första uppföljning; det finns ingen tidigare omgång att jämföra med.')];
	const changed = input.focusAreas.flatMap((a) => a.measures).filter((m) => compareAnswers(m.answer, m.previous, true)?.status);
	const out = [
		bodyParagraph(
			`Jämfört med ${input.previousRoundName} har ${changed.length} åtgärder ny status. Ändringar är markerade med gul överstrykning i genomgången nedan.`
		)
	];
	for (const m of changed) {
		out.push(
			new Paragraph({
				bullet: { level: 0 },
				children: [
					...runsOf(`${cleanText(m.title).replace(/\s+/g, ' ')}: `),
					...runsOf(`${statusLabel(m.previous?.status)} → ${statusLabel(m.answer?.status)}`, { highlight: 'yellow' })
				],
				spacing: { after: 40 }
			})
		);
	}
	return out;
}

function measureTable(measure: ReportMeasure, previousRoundName: string | null): Table {
	const labelWidth = 2200;
	const valueWidth = PORTRAIT_WIDTH - labelWidth;
	const change = compareAnswers(measure.answer, measure.previous, previousRoundName !== null);
	const plain = (label: string, value: string) =>
		new TableRow({ cantSplit: false, children: [tableCell(label, labelWidth, { header: true }), tableCell(value.trim() || '–', valueWidth)] });
	const answered = (label: string, value: string, before: string | undefined, changed: boolean) => {
		const paragraphs = [new Paragraph({ children: runsOf(value.trim() || '–', { size: 18, ...(changed ? { highlight: 'yellow' as const } : {}) }) })];
		if (changed && previousRoundName) {
			const earlier = change?.isNew ? `Nytt sedan ${previousRoundName} (inget svar då).` : `Tidigare (${previousRoundName}): ${before?.trim() || '–'}`;
			paragraphs.push(new Paragraph({ children: runsOf(earlier, { size: 16, italics: true, color: '404040' }), spacing: { before: 40 } }));
		}
		return new TableRow({ children: [tableCell(label, labelWidth, { header: true }), tableCell(paragraphs, valueWidth)] });
	};
	const statusTone =
		measure.answer && Object.hasOwn(MEASURE_STATUS_BY_CODE, measure.answer.status)
			? MEASURE_STATUS_BY_CODE[measure.answer.status as MeasureStatus].tone
			: 'none';
	const statusRow = new TableRow({
		cantSplit: true,
		children: [
			tableCell('Status denna uppföljning', labelWidth, { header: true }),
			tableCell(
				[
					new Paragraph({
						children: [
							new TextRun({
								text: statusLabel(measure.answer?.status),
								font: FONT,
								size: 18,
								bold: true,
								...(change?.status ? { highlight: 'yellow' as const } : {})
							})
						]
					}),
					...(change?.status && previousRoundName
						? [
								new Paragraph({
									children: runsOf(
										change.isNew ? `Ny sedan ${previousRoundName}.` : `Tidigare (${previousRoundName}): ${statusLabel(measure.previous?.status)}`,
										{ size: 16, italics: true, color: '404040' }
									)
								})
							]
						: [])
				],
				valueWidth,
				{ fill: TONE_FILL[statusTone] }
			)
		]
	});
	return grid(
		[labelWidth, valueWidth],
		[
			plain('Åtgärd', measure.description),
			plain('Tid', measure.time),
			plain('Omfattning', measure.scope),
			plain('Ansvariga', measure.responsible),
			plain('Kostnad', measure.cost),
			plain('Mål', measure.goal),
			plain('Uppföljning', measure.followUp),
			statusRow,
			answered('Vad har gjorts', measure.answer?.done ?? '', measure.previous?.done, !!change?.done),
			answered('Nästa steg', measure.answer?.nextSteps ?? '', measure.previous?.nextSteps, !!change?.nextSteps),
			...(measure.parts?.length
				? [
						plain(
							'Delsvar',
							measure.parts
								.map(
									(p) =>
										`${p.organisation}${p.lead ? ' (huvudansvarig)' : ''}: ${statusLabel(p.status)}${p.done.trim() ? ` – ${p.done.trim()}` : ''}${p.nextSteps.trim() ? ` Nästa steg: ${p.nextSteps.trim()}` : ''}`
								)
								.join('\n')
						)
					]
				: []),
			...(measure.indicators.length
				? [
						plain(
							'Indikatorer',
							measure.indicators
								.map(
									(i) =>
										`${i.name}: ${i.value ?? 'ej rapporterat'}${i.value !== null && i.unit ? ` ${i.unit}` : ''} (utgångsläge ${i.baseline ?? '–'}, mål ${i.target ?? '–'})`
								)
								.join('\n')
						)
					]
				: [])
		]
	);
}

export async function renderFollowUpReportDocx(input: FollowUpReportInput): Promise<Buffer> {
	const areas = countsOf(input);
	const children: (Paragraph | Table)[] = [
		...titlePage(input),
		heading('Sammanfattning per fokusområde', HeadingLevel.HEADING_1),
		bodyParagraph('Antal åtgärder per status som de ansvariga organisationerna har rapporterat. Sammanställningen anger antal, inte procent.'),
		summaryTable(areas),
		heading('Diagram: status per fokusområde', HeadingLevel.HEADING_2),
		...statusChart(areas),
		heading('Förändringar sedan förra uppföljningen', HeadingLevel.HEADING_2),
		...changesSummary(input)
	];
	input.focusAreas.forEach((area, i) => {
		children.push(heading(`${i + 1}. ${cleanText(area.title).replace(/\s+/g, ' ').trim()}`, HeadingLevel.HEADING_1, true));
		area.measures.forEach((measure, j) => {
			children.push(heading(`${i + 1}.${j + 1} ${cleanText(measure.title).replace(/\s+/g, ' ').trim()}`, HeadingLevel.HEADING_2));
			children.push(measureTable(measure, input.previousRoundName));
		});
	});
	return a4Report({
		title: `Uppföljning av åtgärdsplanen – ${input.roundName}`,
		description: `${input.municipalityName}: ${input.planTitle}`,
		children,
		sizes: { title: 44, heading1: 30 }
	});
}
