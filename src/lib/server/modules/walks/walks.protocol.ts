import { HeadingLevel, ImageRun, Paragraph, Table, TableRow, TextRun, WidthType } from 'docx';
import sharp from 'sharp';
import { A4_WIDTH, BODY_SIZE, FONT, MARGIN, bodyParagraph, runsOf, tableCell, a4Report } from '../../platform/documents/docx-kit';
import { walkMapSvg, stopLetter } from '$lib/modules/walks/map-frame';
import { FINDING_STATE_TEXT } from './walks.models';

export interface ProtocolFinding {
	number: number;
	category: string;
	description: string;
	proposedMeasure: string;
	state: string;
	plannedOn: string | null;
	rejectReason: string;
	answer: string;
	ownerLabel: string;
	stopId: string | null;
	lat: number | null;
	lon: number | null;
	notedBy: string;
	history: { at: Date; by: string; toState: string; note: string }[];
	photos: { kind: string; bytes: Uint8Array; width: number; height: number }[];
}

export interface ProtocolInput {
	walk: { title: string; areaName: string; walkAt: Date; followUpAt: Date | null; organiser: string; invitedOrganisations: string[] };
	route: [number, number][];
	stops: { id: string; name: string; lat: number | null; lon: number | null }[];
	findings: ProtocolFinding[];
}

const CONTENT_WIDTH = A4_WIDTH - 2 * MARGIN;
const dateTime = (date: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long', timeStyle: 'short' }).format(date);
const dateOnly = (date: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long' }).format(date);

/** The findings grouped by owner (the follow-up meeting goes owner by owner); those without one last. */
export function groupByOwner(findings: ProtocolFinding[]): { owner: string; findings: ProtocolFinding[] }[] {
	const groups = new Map<string, ProtocolFinding[]>();
	for (const finding of findings) {
		const owner = finding.ownerLabel || '';
		groups.set(owner, [...(groups.get(owner) ?? []), finding]);
	}
	return [...groups.entries()]
		.sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'sv')))
		.map(([owner, list]) => ({ owner: owner || 'Utan ägare', findings: list }));
}

/**
 * The follow-up meeting's protocol (Word): the walk, its map, and every finding grouped by owner
 * with its state, answer, place, history and photos. The PDF is this document through LibreOffice.
 */
export async function walkProtocolDocx(input: ProtocolInput): Promise<Buffer> {
	const { walk } = input;
	const children: (Paragraph | Table)[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, children: runsOf(`Protokoll: ${walk.title}`, { size: 36, bold: true }) }),
		bodyParagraph(`Trygghetsvandring i ${walk.areaName} ${dateTime(walk.walkAt)}. Arrangör: ${walk.organiser}.`),
		...(walk.followUpAt ? [bodyParagraph(`Uppföljningsmöte ${dateTime(walk.followUpAt)}.`)] : []),
		...(walk.invitedOrganisations.length ? [bodyParagraph(`Inbjudna: ${walk.invitedOrganisations.join(', ')}.`)] : []),
		bodyParagraph(`${input.findings.length} brister. Läget för varje brist är det som gällde när protokollet togs fram.`)
	];
	const svg = walkMapSvg({
		route: input.route,
		stops: input.stops,
		findings: input.findings.map((f) => ({ number: f.number, lat: f.lat, lon: f.lon, open: f.state !== 'atgardad' && f.state !== 'avvisad' }))
	});
	if (svg) {
		const png = await sharp(Buffer.from(svg)).png().toBuffer();
		children.push(
			new Paragraph({
				children: [
					new ImageRun({
						type: 'png',
						data: png,
						transformation: { width: 600, height: 400 },
						altText: {
							name: 'Karta',
							title: 'Karta över rutten',
							description: 'Rutten, stoppen (bokstäver) och bristerna (nummer; röda öppna, gröna åtgärdade).'
						}
					})
				]
			})
		);
	}
	if (input.stops.length) {
		children.push(bodyParagraph(`Stopp: ${input.stops.map((s, i) => `${stopLetter(i)}. ${s.name}`).join('; ')}.`));
	}
	for (const group of groupByOwner(input.findings)) {
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: runsOf(`${group.owner} (${group.findings.length})`, { size: 28, bold: true }) }));
		for (const finding of group.findings) {
			children.push(
				new Paragraph({ heading: HeadingLevel.HEADING_2, children: runsOf(`Brist ${finding.number}: ${finding.category}`, { size: 24, bold: true }) })
			);
			const stopIndex = input.stops.findIndex((s) => s.id === finding.stopId);
			const place = stopIndex >= 0 ? `${stopLetter(stopIndex)}. ${input.stops[stopIndex].name}` : finding.lat !== null ? `${finding.lat}, ${finding.lon}` : '–';
			const state = `${FINDING_STATE_TEXT[finding.state as keyof typeof FINDING_STATE_TEXT] ?? finding.state}${finding.plannedOn ? ` (${finding.plannedOn})` : ''}${finding.rejectReason ? ` – ${finding.rejectReason}` : ''}`;
			const rows: [string, string][] = [
				['Läge', state],
				['Ägare', finding.ownerLabel || 'Utan ägare'],
				['Plats', place],
				['Beskrivning', finding.description],
				['Förslag till åtgärd', finding.proposedMeasure || '–'],
				['Ägarens svar', finding.answer || '–'],
				['Noterad av', finding.notedBy],
				[
					'Historik',
					finding.history
						.map(
							(h) =>
								`${dateOnly(h.at)} ${h.by}: ${FINDING_STATE_TEXT[h.toState as keyof typeof FINDING_STATE_TEXT] ?? h.toState}${h.note ? ` (${h.note})` : ''}`
						)
						.join('\n')
				]
			];
			children.push(
				new Table({
					width: { size: CONTENT_WIDTH, type: WidthType.DXA },
					columnWidths: [2400, CONTENT_WIDTH - 2400],
					rows: rows.map(([label, value]) => new TableRow({ children: [tableCell(label, 2400, { header: true }), tableCell(value, CONTENT_WIDTH - 2400)] }))
				})
			);
			for (const [index, photo] of finding.photos.entries()) {
				const width = 280;
				const height = Math.round((photo.height / photo.width) * width);
				const label = photo.kind === 'efter' ? 'efter åtgärd' : 'före';
				children.push(
					new Paragraph({
						spacing: { before: 120 },
						children: [
							new ImageRun({
								type: 'jpg',
								data: photo.bytes,
								transformation: { width, height },
								altText: { name: `Foto ${index + 1}`, title: `Brist ${finding.number}, foto ${label}`, description: `Foto ${label} av brist ${finding.number}` }
							}),
							new TextRun({ text: ` Foto ${label}`, font: FONT, size: BODY_SIZE - 4 })
						]
					})
				);
			}
		}
	}
	return a4Report({ title: `Protokoll – ${walk.title}`, children });
}
