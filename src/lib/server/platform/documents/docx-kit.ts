/**
 * The Word building blocks every generated document shares (plan, follow-up report, promise):
 * one font, A4 in twips, text runs that keep line breaks, table cells, and the page footer.
 */
import { AlignmentType, Document, Footer, Header, Packer, PageNumber, Paragraph, ShadingType, Table, TableCell, TextRun, VerticalAlign, WidthType } from 'docx';

export const FONT = 'Arial';
/** Half-points. */
export const BODY_SIZE = 22;
export const TABLE_SIZE = 18;
/** A4 in twips (portrait numbers; docx swaps them for landscape). */
export const A4_WIDTH = 11906;
export const A4_HEIGHT = 16838;
export const MARGIN = 1134; // 2 cm

/** Characters that are not allowed in XML 1.0 (and so not in .docx/.xlsx). */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function cleanText(text: string | null | undefined): string {
	return (text ?? '').replace(/\r\n?/g, '\n').replace(XML_INVALID, '');
}

/** Paragraphs separated by blank lines; single line breaks stay inside a paragraph. */
export function paragraphsOf(text: string): string[] {
	return cleanText(text)
		.split(/\n[ \t]*\n/)
		.map((p) => p.trim())
		.filter((p) => p !== '');
}

export interface RunStyle {
	size?: number;
	bold?: boolean;
	italics?: boolean;
	color?: string;
	/** Word's highlighter: marks what changed, and survives printing in black and white as a shade. */
	highlight?: 'yellow';
}

export function runsOf(textValue: string, style: RunStyle = {}): TextRun[] {
	return cleanText(textValue)
		.split('\n')
		.map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, font: FONT, ...style }));
}

export function bodyParagraph(textValue: string, style: RunStyle = {}): Paragraph {
	return new Paragraph({ children: runsOf(textValue, style), spacing: { after: 120 } });
}

export interface CellOptions {
	header?: boolean;
	/** Background as hex without '#'. */
	fill?: string;
	style?: RunStyle;
	columnSpan?: number;
}

export function tableCell(content: string | Paragraph[], width: number, options: CellOptions = {}): TableCell {
	const fill = options.fill ?? (options.header ? 'D9E2F3' : undefined);
	const children =
		typeof content === 'string'
			? cleanText(content)
					.split('\n')
					.map((line) => new Paragraph({ children: [new TextRun({ text: line, font: FONT, size: TABLE_SIZE, bold: options.header, ...options.style })] }))
			: content;
	return new TableCell({
		width: { size: width, type: WidthType.DXA },
		columnSpan: options.columnSpan,
		verticalAlign: VerticalAlign.TOP,
		margins: { top: 40, bottom: 40, left: 80, right: 80 },
		shading: fill ? { type: ShadingType.CLEAR, color: 'auto', fill } : undefined,
		children
	});
}

export function pageNumberFooter(): Footer {
	return new Footer({
		children: [
			new Paragraph({
				alignment: AlignmentType.RIGHT,
				children: [new TextRun({ children: ['Sida ', PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES], font: FONT, size: 16, color: '595959' })]
			})
		]
	});
}

/** A report's running head: small grey text at the top right of every page. */
export function runningHeader(text: string): Header {
	return new Header({
		children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: cleanText(text), font: FONT, size: 16, color: '595959' })] })]
	});
}

/**
 * A report in the house style: A4 with 2 cm margins, Arial with black headings (sizes in
 * half-points), page numbers in the footer and an optional running head.
 */
export function a4Report(options: {
	title: string;
	description?: string;
	children: (Paragraph | Table)[];
	sizes?: { title?: number; heading1?: number; heading2?: number };
	header?: Header;
}): Promise<Buffer> {
	const heading = (size: number) => ({ run: { font: FONT, size, bold: true, color: '000000' } });
	const doc = new Document({
		creator: 'Förebygg',
		title: options.title,
		description: options.description,
		styles: {
			default: {
				document: { run: { font: FONT, size: BODY_SIZE } },
				title: heading(options.sizes?.title ?? 40),
				heading1: heading(options.sizes?.heading1 ?? 28),
				heading2: heading(options.sizes?.heading2 ?? 24)
			}
		},
		sections: [
			{
				properties: { page: { size: { width: A4_WIDTH, height: A4_HEIGHT }, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } },
				...(options.header ? { headers: { default: options.header } } : {}),
				footers: { default: pageNumberFooter() },
				children: options.children
			}
		]
	});
	return Packer.toBuffer(doc);
}
