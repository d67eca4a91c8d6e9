/**
 * The lägesbild as a Word document (portrait A4): the sections in the statutory order, each
 * with its written text followed by the figures as tables, then the focus areas with their
 * rationale, problems and figures. A draft says that its figures are live; an adopted one
 * prints the adoption record and the frozen figures.
 */
import { BorderStyle, HeadingLevel, ImageRun, Paragraph, Table, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import { CLASS_COLOURS, NO_VALUE_COLOUR } from '$lib/modules/situation/map-colours';
import {
	A4_WIDTH,
	FONT,
	MARGIN,
	bodyParagraph,
	cleanText,
	paragraphsOf,
	runsOf,
	tableCell,
	a4Report,
	runningHeader
} from '../../../platform/documents/docx-kit';
import { rasterize } from '../../../platform/documents/raster';
import type { ChoroplethMap } from '../analysis/map.models';
import { FOCUS_AREAS_HEADING, type IndicatorTable, type SituationFigures } from './situation-report.models';

export interface ReportDocumentInput {
	municipalityName: string;
	title: string;
	periodFrom: string;
	periodTo: string;
	status: string;
	adoption: { body: string; date: string; paragraph: string | null } | null;
	sections: {
		summary: string;
		sourcesUsed: string;
		sourcesLeftOut: string;
		crimeText: string;
		unsafetyText: string;
		socioeconomicText: string;
		analysisText: string;
	};
	focusAreas: { id: string; title: string; rationale: string; problems: string[] }[];
	figures: SituationFigures;
}

const TABLE_WIDTH = A4_WIDTH - 2 * MARGIN;
const line = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const number = (n: number | null | undefined, digits = 0) =>
	n === null || n === undefined ? '–' : n.toLocaleString('sv-SE', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function heading(text: string, level: 1 | 2 = 1): Paragraph {
	return new Paragraph({
		heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
		children: runsOf(cleanText(text).replace(/\s+/g, ' ').trim()),
		spacing: { before: level === 1 ? 360 : 240, after: 120 },
		keepNext: true
	});
}

function textOf(text: string, empty: string): Paragraph[] {
	const paragraphs = paragraphsOf(text);
	return paragraphs.length ? paragraphs.map((p) => bodyParagraph(p)) : [bodyParagraph(empty, { italics: true, color: '595959' })];
}

function caption(text: string): Paragraph {
	return new Paragraph({ children: runsOf(text, { bold: true, size: 20 }), spacing: { before: 160, after: 60 }, keepNext: true });
}

function table(headers: string[], rows: string[][], firstShare = 3): Table {
	const shares = headers.map((_, i) => (i === 0 ? firstShare : 1));
	const total = shares.reduce((a, b) => a + b, 0);
	const widths = shares.map((s) => Math.floor((TABLE_WIDTH * s) / total));
	return new Table({
		width: { size: TABLE_WIDTH, type: WidthType.DXA },
		columnWidths: widths,
		layout: TableLayoutType.FIXED,
		borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
		rows: [
			new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => tableCell(h, widths[i], { header: true })) }),
			...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => tableCell(c, widths[i])) }))
		]
	});
}

/** The page's choropleth as a picture, with its classes written out (the table after it has every figure). */
function mapFigure(map: ChoroplethMap, title: string): Paragraph[] {
	if (map.shapes.length === 0 || map.height === 0) return [];
	const { png } = rasterize(
		map.shapes.map((s) => ({ d: s.d, fill: s.cls === null ? NO_VALUE_COLOUR : CLASS_COLOURS[Math.min(s.cls, CLASS_COLOURS.length - 1)] })),
		{ width: map.width, height: map.height, scale: 2, background: '#ffffff', stroke: '#ffffff' }
	);
	// 16 cm wide at most, in pixels at 96 to the inch.
	const width = Math.min(605, map.width);
	const height = Math.round((map.height * width) / map.width);
	const bounds = map.min === null || map.max === null ? [] : [map.min, ...map.breaks];
	const legend = bounds.map((from, i) => `${number(from, 1)}–${number(i < map.breaks.length ? map.breaks[i] : map.max, 1)}`);
	return [
		new Paragraph({
			keepNext: true,
			children: [
				new ImageRun({
					type: 'png',
					data: png,
					transformation: { width, height },
					altText: { name: 'Karta', title, description: `${title}. Alla värden finns i tabellen efter kartan.` }
				})
			]
		}),
		bodyParagraph(`Kartans klasser, ljus till mörk: ${legend.join('; ')}${legend.length ? '; ' : ''}grå: inget värde.`, { size: 18, color: '595959' })
	];
}

function indicatorTables(tables: IndicatorTable[], suppressed: string): (Paragraph | Table)[] {
	return tables.flatMap((t) => [
		caption(`${t.name}${t.unit ? ` (${t.unit})` : ''} – ${t.source}`),
		table(
			['Område', ...t.periods],
			t.rows.map((r) => [r.place, ...r.values.map((v) => (v === null ? suppressed : number(v, Number.isInteger(v) ? 0 : 1)))])
		)
	]);
}

export async function renderReportDocx(input: ReportDocumentInput): Promise<Buffer> {
	const f = input.figures;
	const none = '–';
	const children: (Paragraph | Table)[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, children: runsOf(cleanText(input.title).replace(/\s+/g, ' ')), spacing: { after: 160 } }),
		bodyParagraph(
			`${input.municipalityName}. Lägesbild enligt 4 § Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete. Period ${input.periodFrom} – ${input.periodTo}.`
		),
		input.adoption
			? bodyParagraph(
					`Antagen av ${input.adoption.body} ${input.adoption.date}${input.adoption.paragraph ? `, ${input.adoption.paragraph}` : ''}. Siffrorna är låsta som de var vid antagandet (${f.computedAt.slice(0, 10)}).`,
					{ bold: true }
				)
			: bodyParagraph(`Utkast. Siffrorna är hämtade ur databasen ${f.computedAt.slice(0, 10)} och ändras när nya uppgifter läses in.`, { bold: true })
	];

	children.push(heading('Sammanfattning'), ...textOf(input.sections.summary, 'Ingen sammanfattning är skriven.'));

	children.push(heading('Källor och begränsningar'), heading('Använda källor', 2), ...textOf(input.sections.sourcesUsed, 'Inga källor är angivna.'));
	if (f.sources.crimeImports.length)
		children.push(
			caption('Inlästa brottsutdrag'),
			table(
				['Fil', 'Brott', 'Inläst'],
				f.sources.crimeImports.map((i) => [`${i.fileName}${i.demo ? ' (demodata)' : ''}`, number(i.rows), i.importedOn])
			)
		);
	if (f.sources.indicators.length)
		children.push(
			caption('Indikatorkällor'),
			table(
				['Källa', 'Indikatorer', 'Period', 'Värden'],
				f.sources.indicators.map((s) => [
					`${s.source}${s.survey ? ' (enkät)' : ''}`,
					s.indicators.join('\n'),
					s.firstPeriod === s.lastPeriod ? s.firstPeriod : `${s.firstPeriod}–${s.lastPeriod}`,
					number(s.values)
				]),
				2
			)
		);
	children.push(heading('Källor som inte använts', 2), ...textOf(input.sections.sourcesLeftOut, 'Inga bortvalda källor är angivna.'));

	children.push(heading('Brott per område'), ...textOf(input.sections.crimeText, 'Ingen text är skriven.'));
	if (f.perArea.length)
		children.push(
			caption(`Anmälda brott per område ${f.period.from} – ${f.period.to}${f.approximateAreas ? ' (områdena är ungefärligt avgränsade)' : ''}`),
			...mapFigure(f.map, 'Anmälda brott per 1 000 invånare per område'),
			table(
				['Område', 'Invånare', 'Brott', 'Per 1 000 inv.'],
				f.perArea.map((a) => [a.name, number(a.population), a.count === null ? none : number(a.count), number(a.rate, 1)])
			)
		);
	if (f.categoryTotals.length)
		children.push(
			caption('Brott per kategori under perioden'),
			table(
				['Kategori', 'Brott'],
				f.categoryTotals.map((c) => [c.name, c.count === null ? none : number(c.count)])
			)
		);
	if (f.trend.years.length)
		children.push(
			caption('Utveckling per år, hela kommunen'),
			table(
				['Kategori', ...f.trend.years.map(String)],
				[
					...f.trend.rows.map((r) => [r.name, ...r.counts.map((c) => (c === null ? none : number(c)))]),
					['Totalt', ...f.trend.totals.map((c) => (c === null ? none : number(c)))],
					['Per 1 000 inv.', ...f.trend.rates.map((r) => number(r, 1))]
				],
				2
			)
		);
	if (f.comparison.length)
		children.push(
			caption('Jämförelse med länet och riket'),
			table(
				['Indikator', 'Period', 'Kommunen', 'Länet', 'Riket'],
				f.comparison.map((c) => [`${c.name}${c.unit ? ` (${c.unit})` : ''}`, c.period, number(c.municipality), number(c.county), number(c.country)])
			)
		);

	children.push(heading('Otrygghet'), ...textOf(input.sections.unsafetyText, 'Ingen text är skriven.'), ...indicatorTables(f.unsafety, none));
	children.push(
		heading('Socioekonomiska förutsättningar'),
		...textOf(input.sections.socioeconomicText, 'Ingen text är skriven.'),
		...indicatorTables(f.socioeconomic, none)
	);
	children.push(heading('Analys'), ...textOf(input.sections.analysisText, 'Ingen analys är skriven.'));

	children.push(heading(FOCUS_AREAS_HEADING));
	if (input.focusAreas.length === 0) children.push(bodyParagraph('Inga fokusområden är valda.', { italics: true }));
	input.focusAreas.forEach((area, i) => {
		children.push(heading(`${i + 1}. ${area.title}`, 2), ...textOf(area.rationale, 'Ingen motivering är skriven.'));
		if (area.problems.length) {
			children.push(caption('Problem'));
			for (const p of area.problems)
				children.push(
					new Paragraph({ children: [new TextRun({ text: '•\t', font: FONT }), ...runsOf(p)], indent: { left: 360, hanging: 360 }, spacing: { after: 60 } })
				);
		}
		const ff = f.focusAreas[area.id];
		if (ff && ff.rows.length && ff.years.length) {
			const what = ff.categories.length ? ff.categories.map((c) => c.name.toLowerCase()).join(', ') : 'alla brott';
			children.push(
				caption(`Anmälda brott per år (${what})`),
				table(
					['Område', ...ff.years.map(String)],
					ff.rows.map((r) => [r.areaName, ...r.counts.map((c) => (c === null ? none : number(c)))]),
					2
				)
			);
		}
		if (ff) children.push(...indicatorTables(ff.indicators, none));
	});

	return a4Report({
		title: input.title,
		description: `${input.municipalityName} – lägesbild ${input.periodFrom} – ${input.periodTo}`,
		children,
		sizes: { title: 36 },
		header: runningHeader(`${input.municipalityName} – ${input.status === 'antagen' ? 'antagen lägesbild' : 'utkast'}`)
	});
}
