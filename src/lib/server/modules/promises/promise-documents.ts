/**
 * The signed document of a promise in the familiar layout (introduction, problem picture, promises
 * per party, activity table, time frame, follow-up, signatures) and an A4 poster with a QR code to
 * the public page. Word first; PDF through LibreOffice, as the other reports.
 */
import { formatLooseDate } from '$lib/modules/promises/loose-date';
import { targetText } from './promises.models';
import { AlignmentType, BorderStyle, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableRow, TextRun, WidthType } from 'docx';
import QRCode from 'qrcode';
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
	tableCell
} from '../../platform/documents/docx-kit';
import { periodLabel } from './promises.models';
import type { PromiseView } from './promises.usecases';

const CONTENT_WIDTH = A4_WIDTH - 2 * MARGIN;

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1) =>
	new Paragraph({ heading: level, spacing: { before: 240, after: 120 }, children: [new TextRun({ text: cleanText(text), font: FONT })] });

const bullet = (text: string) =>
	new Paragraph({ bullet: { level: 0 }, spacing: { after: 60 }, children: [new TextRun({ text: cleanText(text), font: FONT })] });

function styles() {
	return {
		default: {
			document: { run: { font: FONT, size: BODY_SIZE } },
			title: { run: { font: FONT, size: 44, bold: true, color: '000000' } },
			heading1: { run: { font: FONT, size: 28, bold: true, color: '000000' } },
			heading2: { run: { font: FONT, size: 24, bold: true, color: '000000' } }
		}
	};
}

const page = { size: { width: A4_WIDTH, height: A4_HEIGHT }, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } };

export interface PromiseDocumentInput {
	promise: PromiseView;
	municipalityName: string;
}

/** The signing parties for the title: a joint promise ("Tillsammans lovar vi att") is both of them, never a party of its own. */
function partiesLine(promise: PromiseView, municipalityName: string): string {
	const names = promise.parties
		.filter((p) => p.key !== JOINT_PARTY)
		.map((p) => p.name)
		.filter(Boolean);
	return names.length ? names.join(' och ') : `Polisen och ${municipalityName}`;
}

const JOINT_PARTY = 'gemensamt';

/** The heading of one party's list; the joint list reads as the parties wrote it. */
const partyHeading = (party: { key: string; name: string }) => (party.key === JOINT_PARTY ? 'Tillsammans lovar vi att:' : `${party.name} lovar att:`);

function activityTable(promise: PromiseView): Table {
	const widths = [2600, 1800, 1300, 1500, 1500, 929];
	const header = ['Aktivitet', 'Omfattning', 'När', 'Ansvarig', 'Uppföljning', 'Mål'];
	return new Table({
		width: { size: CONTENT_WIDTH, type: WidthType.DXA },
		columnWidths: widths,
		rows: [
			new TableRow({ tableHeader: true, children: header.map((h, i) => tableCell(h, widths[i], { header: true })) }),
			...promise.activities.map(
				(a) =>
					new TableRow({
						cantSplit: true,
						children: [
							tableCell(a.group ? `${a.group}\n${a.activity}` : a.activity, widths[0]),
							tableCell(a.scope, widths[1]),
							tableCell(a.when, widths[2]),
							tableCell(a.responsible, widths[3]),
							tableCell(a.followUp, widths[4]),
							tableCell(targetText(a.targetKind, a.targetValue, a.targetUnit), widths[5])
						]
					})
			)
		]
	});
}

function signatureTable(promise: PromiseView, municipalityName: string): Table {
	const people = promise.signatories.length
		? promise.signatories
		: [
				{ name: '', title: `För ${municipalityName}`, partyKey: 'kommunen', signedOn: null, signedOnPrecision: null },
				{ name: '', title: 'För Polisen', partyKey: 'polisen', signedOn: null, signedOnPrecision: null }
			];
	const width = Math.floor(CONTENT_WIDTH / 2);
	const line = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
	const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
	const cells = people.map((person) =>
		tableCell(
			[
				new Paragraph({
					spacing: { before: 600 },
					border: { top: line },
					children: [new TextRun({ text: cleanText(person.name || ' '), font: FONT, bold: true })]
				}),
				new Paragraph({ children: [new TextRun({ text: cleanText(person.title), font: FONT })] }),
				new Paragraph({
					children: [
						new TextRun({
							text: `Datum: ${person.signedOn ? formatLooseDate(person.signedOn, person.signedOnPrecision) : promise.signedOn ? formatLooseDate(promise.signedOn, promise.signedOnPrecision) : '____________'}`,
							font: FONT
						})
					]
				})
			],
			width
		)
	);
	const rows: TableRow[] = [];
	for (let i = 0; i < cells.length; i += 2) rows.push(new TableRow({ cantSplit: true, children: [cells[i], cells[i + 1] ?? tableCell('', width)] }));
	return new Table({
		width: { size: CONTENT_WIDTH, type: WidthType.DXA },
		columnWidths: [width, width],
		borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
		rows
	});
}

/** The promise as the parties sign it. Internal notes are never part of it. */
export async function renderPromiseDocx({ promise, municipalityName }: PromiseDocumentInput): Promise<Buffer> {
	const children: (Paragraph | Table)[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, spacing: { after: 120 }, children: [new TextRun({ text: 'Medborgarlöfte', font: FONT })] }),
		bodyParagraph(partiesLine(promise, municipalityName), { bold: true, size: 26 }),
		bodyParagraph(`${cleanText(promise.title)}${promise.period ? ` · ${promise.period}` : ''}`)
	];
	if (promise.introduction) children.push(heading('Inledning'), ...paragraphsOf(promise.introduction).map((p) => bodyParagraph(p)));
	if (promise.problemPicture) children.push(heading('Problembild'), ...paragraphsOf(promise.problemPicture).map((p) => bodyParagraph(p)));
	if (promise.dialogues.length) {
		children.push(heading('Underlag från medborgardialoger'));
		for (const d of promise.dialogues) {
			const facts = [d.held, d.count !== null ? `${d.count} dialoger eller enkäter` : null, d.respondents !== null ? `${d.respondents} svarade` : null]
				.filter(Boolean)
				.join(', ');
			children.push(bullet(facts ? `${d.text} (${facts})` : d.text));
		}
	}
	if (promise.focusAreas.length) children.push(heading('Fokusområden'), ...promise.focusAreas.map(bullet));
	if (promise.commitment || promise.parties.length) children.push(heading('Medborgarlöftet'));
	if (promise.commitment) children.push(...paragraphsOf(promise.commitment).map((p) => bodyParagraph(p)));
	for (const party of promise.parties) {
		children.push(heading(partyHeading(party), HeadingLevel.HEADING_2), ...party.lines.map(bullet));
	}
	if (promise.activities.length) children.push(heading('Aktiviteter'), activityTable(promise));
	children.push(heading('Tidsram'));
	children.push(bodyParagraph(promise.timeframe || `Medborgarlöftet gäller ${periodLabel(promise.periodStart, promise.periodEnd) || 'från undertecknandet'}.`));
	for (const e of promise.extensions)
		children.push(bodyParagraph(`Förlängt till ${e.toYear}${e.decidedOn ? ` (${e.decidedOn})` : ''}${e.text ? `: ${e.text}` : '.'}`));
	children.push(heading('Uppföljning'));
	children.push(
		bodyParagraph(
			promise.followUpForum ? `Medborgarlöftet följs upp minst en gång per år i ${promise.followUpForum}.` : 'Medborgarlöftet följs upp minst en gång per år.'
		)
	);
	if (promise.nextFollowUpOn) children.push(bodyParagraph(`Nästa uppföljning: ${formatLooseDate(promise.nextFollowUpOn, promise.nextFollowUpPrecision)}.`));
	children.push(heading('Underskrifter'), signatureTable(promise, municipalityName));

	const doc = new Document({
		creator: 'Förebygg',
		title: `Medborgarlöfte – ${promise.title}`,
		description: partiesLine(promise, municipalityName),
		styles: styles(),
		sections: [{ properties: { page }, footers: { default: pageNumberFooter() }, children }]
	});
	return Packer.toBuffer(doc);
}

/** A4 poster for notice boards: the promise in short, how it went, and a QR code to the page. */
export async function renderPosterDocx(options: PromiseDocumentInput & { url: string }): Promise<Buffer> {
	const { promise, municipalityName, url } = options;
	const qr = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 600 });
	const latest = promise.followUps[0];
	const lines = promise.parties.flatMap((p) => p.lines.map((l) => `${p.name}: ${l}`));
	const shown = lines.length ? lines.slice(0, 6) : promise.activities.slice(0, 6).map((a) => a.activity);
	const big = (text: string, size: number, bold = false) =>
		new Paragraph({ alignment: AlignmentType.LEFT, spacing: { after: 160 }, children: [new TextRun({ text: cleanText(text), font: FONT, size, bold })] });
	const children: Paragraph[] = [
		big('Medborgarlöfte', 64, true),
		big(`${partiesLine(promise, municipalityName)} lovar`, 32, true),
		big(promise.title + (promise.period ? ` · ${promise.period}` : ''), 28)
	];
	if (promise.commitment) children.push(big(promise.commitment.slice(0, 400), 26));
	children.push(
		...shown.map(
			(l) =>
				new Paragraph({
					bullet: { level: 0 },
					spacing: { after: 80 },
					children: [new TextRun({ text: cleanText(l.length > 200 ? `${l.slice(0, 197)}…` : l), font: FONT, size: 24 })]
				})
		)
	);
	if (lines.length > shown.length || promise.activities.length > shown.length) children.push(big('… och mer på webben.', 22));
	if (latest) {
		const c = latest.counts;
		children.push(
			big(
				`Så har det gått (${formatLooseDate(latest.heldOn, latest.heldOnPrecision)}): ${c.uppfyllt} av ${c.total} aktiviteter uppfyllda, ${c.delvis_uppfyllt} delvis, ${c.pagar} pågår.`,
				24,
				true
			)
		);
	}
	children.push(
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { before: 240 },
			children: [
				new ImageRun({
					type: 'png',
					data: qr,
					transformation: { width: 200, height: 200 },
					altText: { name: 'QR-kod', title: 'QR-kod', description: `Länk till ${url}` }
				})
			]
		}),
		new Paragraph({
			alignment: AlignmentType.CENTER,
			children: [new TextRun({ text: 'Läs hela löftet, se hur det går och tyck till:', font: FONT, size: 24 })]
		}),
		new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: url, font: FONT, size: 22, bold: true })] })
	);
	const doc = new Document({ creator: 'Förebygg', title: `Affisch – ${promise.title}`, styles: styles(), sections: [{ properties: { page }, children }] });
	return Packer.toBuffer(doc);
}
