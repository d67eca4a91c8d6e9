import { HeadingLevel, ImageRun, Paragraph, Table, TableLayoutType, TableRow, WidthType } from 'docx';
import sharp from 'sharp';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { A4_WIDTH, MARGIN, bodyParagraph, runsOf, tableCell, a4Report } from '../../platform/documents/docx-kit';
import { convertDocxToPdf } from '../../platform/documents/pdf';
import { NotFoundError } from '../../platform/errors';
import { cycleMapSvg, type CycleMap } from './est.map';
import { cyclePictureWithMap } from './est.cycle';
import { listActivePriorities, listMeetings, listTasks } from './est.repository';
import { todayIso } from './est.usecases';

const CONTENT_WIDTH = A4_WIDTH - 2 * MARGIN;
const TASK_STATUS: Record<string, string> = { oppen: 'Beslutad', pagar: 'Pågår', klar: 'Klar', inte_klar: 'Inte klar' };
const CADENCE: Record<string, string> = { vecka: 'varje vecka', '14dagar': 'var fjortonde dag', manad: 'varje månad' };
const EFFECT_WORDS = ['', 'liten', 'märkbar', 'stor', 'mycket stor'];
const number = (n: number, digits = 0) => new Intl.NumberFormat('sv-SE', { maximumFractionDigits: digits }).format(n);
const change = (now: number, before: number) => (before === 0 ? (now === 0 ? '±0' : 'ny') : `${now >= before ? '+' : '−'}${number(Math.abs(now - before))}`);

type Picture = NonNullable<Awaited<ReturnType<typeof cyclePictureWithMap>>>;

export interface PictureDocumentInput {
	municipalityName: string;
	picture: Picture;
	meetings: { heldOn: string; notes: string; participants: number }[];
	priorities: { place: string; reason: string; since: string }[];
	tasks: { what: string; place: string; organisationName: string; decidedOn: string; dueOn: string; status: string; comment: string; overdue: boolean }[];
	today: string;
}

/** "EST-lägesbild vecka 48–49" (or "vecka 48" for a weekly cycle). */
export function pictureTitle(weeks: { from: number; to: number }): string {
	return weeks.from === weeks.to ? `EST-lägesbild vecka ${weeks.from}` : `EST-lägesbild vecka ${weeks.from}–${weeks.to}`;
}

function table(headers: string[], rows: string[][], shares: number[]): Table {
	const total = shares.reduce((a, b) => a + b, 0);
	const widths = shares.map((s) => Math.floor((CONTENT_WIDTH * s) / total));
	return new Table({
		width: { size: CONTENT_WIDTH, type: WidthType.DXA },
		columnWidths: widths,
		layout: TableLayoutType.FIXED,
		rows: [
			new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => tableCell(h, widths[i], { header: true })) }),
			...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => tableCell(c, widths[i])) }))
		]
	});
}

const heading = (text: string) =>
	new Paragraph({ heading: HeadingLevel.HEADING_1, children: runsOf(text, { size: 28, bold: true }), spacing: { before: 240, after: 120 } });

function countTable(first: string, rows: Picture['byCategory']): Table {
	return table(
		[first, 'Denna cykel', 'Förra cykeln', 'Förändring', 'Samma period i fjol'],
		rows.map((r) => [r.label, number(r.current), number(r.previous), change(r.current, r.previous), number(r.lastYear)]),
		[4, 2, 2, 2, 2]
	);
}

async function mapFigure(map: CycleMap): Promise<Paragraph[]> {
	const png = await sharp(Buffer.from(cycleMapSvg(map)), { density: 144 })
		.png()
		.toBuffer();
	const width = 600;
	const height = Math.round((map.height * width) / map.width);
	return [
		new Paragraph({
			keepNext: true,
			children: [
				new ImageRun({
					type: 'png',
					data: png,
					transformation: { width, height },
					altText: {
						name: 'Karta',
						title: 'Cykelns rapporter på kartan',
						description:
							'Rapporterna som punkter (färg efter påverkan), tätheten i rutor om 250 meter och heta punkter (Gi*) med röd kant. Alla siffror finns i tabellerna.'
					}
				})
			]
		}),
		bodyParagraph(
			`Punkter: rapporter med position, färgade efter påverkan på tryggheten (blå liten, lila märkbar, brun stor, röd mycket stor). Blå rutor om 250 meter: ju mörkare desto fler rapporter. Röd kant: het punkt enligt Getis-Ord Gi* (tjockare och mörkare ju säkrare: 90, 95, 99 %).${map.withoutPoint ? ` ${number(map.withoutPoint)} rapporter saknar position och finns bara i tabellerna.` : ''}`,
			{ size: 18, color: '595959' }
		)
	];
}

/** The cycle's picture as a Word document: map, tables per category and area, hot spots and repeat places, decisions and task status. */
export async function renderPictureDocx(input: PictureDocumentInput): Promise<Buffer> {
	const p = input.picture;
	const title = pictureTitle(p.weeks);
	const children: (Paragraph | Table)[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, children: runsOf(title, { size: 36, bold: true }), spacing: { after: 160 } }),
		bodyParagraph(
			`${input.municipalityName}. Cykel ${p.cycle.number}, ${p.cycle.start} – ${p.cycle.end} (EST-gruppen träffas ${CADENCE[p.cadence] ?? p.cadence}). Framtagen ${input.today}; rapporter som kommer in senare ändrar siffrorna.`
		),
		heading('Sammanfattning'),
		bodyParagraph(
			`${number(p.totals.current)} rapporter denna cykel, mot ${number(p.totals.previous)} cykeln före (${p.previous.start} – ${p.previous.end}) och ${number(p.totals.lastYear)} samma period i fjol (${p.lastYear.start} – ${p.lastYear.end}).${
				p.meanEffect !== null ? ` Påverkan på tryggheten i snitt ${number(p.meanEffect, 1)} på skalan 1–4 (${EFFECT_WORDS[Math.round(p.meanEffect)]}).` : ''
			}`
		)
	];
	children.push(heading('Karta'));
	if (p.map) children.push(...(await mapFigure(p.map)));
	else children.push(bodyParagraph('Ingen av cykelns rapporter har en position, så kartan är tom.'));

	children.push(heading('Heta punkter (Gi*)'));
	children.push(
		p.map?.hotSpots.length
			? table(
					['Plats', 'Rapporter', 'z', 'Säkerhet'],
					p.map.hotSpots.map((s) => [s.label, number(s.reports), s.z === null ? '–' : number(s.z, 2), `${s.confidence} %`]),
					[6, 2, 2, 2]
				)
			: bodyParagraph('Inga rutor sticker ut mer än slumpen kan förklara (Gi*, 90 %).')
	);
	children.push(heading('Platser som rapporteras igen och igen'));
	children.push(
		p.repeatPlaces.length
			? table(
					['Plats', 'Cykler med rapporter', 'Rapporter'],
					p.repeatPlaces.map((r) => [r.label, `${r.cycles} av ${r.window}`, number(r.reports)]),
					[6, 3, 2]
				)
			: bodyParagraph(`Ingen plats har rapporterats i minst tre av de senaste ${p.repeatPlaces[0]?.window ?? 6} cyklerna.`)
	);
	children.push(heading('Per kategori'), countTable('Kategori', p.byCategory));
	children.push(heading('Per område'), countTable('Område', p.byArea));

	children.push(heading('Möten och beslut'));
	if (input.meetings.length === 0) children.push(bodyParagraph('Inget möte registrerat under cykeln.'));
	for (const meeting of input.meetings) {
		children.push(bodyParagraph(`Möte ${meeting.heldOn}, ${meeting.participants} organisationer.${meeting.notes ? ` ${meeting.notes}` : ''}`));
	}
	children.push(
		new Paragraph({ children: runsOf('Prioriterade platser', { bold: true }), spacing: { before: 120, after: 60 } }),
		input.priorities.length
			? table(
					['Plats', 'Skäl', 'Prioriterad sedan'],
					input.priorities.map((pr) => [pr.place, pr.reason || '–', pr.since]),
					[4, 6, 2]
				)
			: bodyParagraph('Inga platser är prioriterade.')
	);

	children.push(heading('Insatser och hur det går'));
	const overdue = input.tasks.filter((t) => t.overdue).length;
	children.push(
		bodyParagraph(
			`${number(input.tasks.length)} insatser beslutade under cykeln eller inte klara. ${overdue ? `${number(overdue)} är försenade (markerade).` : 'Ingen är försenad.'}`
		)
	);
	if (input.tasks.length) {
		children.push(
			table(
				['Insats', 'Plats', 'Organisation', 'Beslutad', 'Klar senast', 'Läge', 'Kommentar'],
				input.tasks.map((t) => [
					t.what,
					t.place,
					t.organisationName,
					t.decidedOn,
					t.dueOn,
					`${TASK_STATUS[t.status] ?? t.status}${t.overdue ? ' – försenad' : ''}`,
					t.comment || '–'
				]),
				[4, 3, 3, 2, 2, 2, 3]
			)
		);
	}
	children.push(heading('Källor och begränsningar'));
	children.push(
		bodyParagraph(
			'Rapporterna kommer från de organisationer som deltar i EST (formulär, import och Open311) och visar vad de har sett och hunnit rapportera – inte all brottslighet eller otrygghet. Rapporter gäller platser och situationer, aldrig enskilda personer. Heta punkter är beräknade med Getis-Ord Gi* på rutor om 250 meter, samma metod som lägesbildens karta.'
		)
	);
	return a4Report({ title, children });
}

/**
 * The cycle's picture as Word or PDF (LibreOffice, as the walks protocol and the lägesbild): the
 * picture of cycle `number` (the current one without it), the meetings held in it, the places
 * prioritised now and every task decided in the cycle or not yet done.
 */
export async function cyclePictureDocument(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	municipalityName: string;
	number?: number;
	format: 'docx' | 'pdf';
	today?: string;
}): Promise<{ bytes: Buffer; filename: string }> {
	const today = options.today ?? todayIso();
	const picture = await cyclePictureWithMap({ ...options, noAreaLabel: 'Utan område', today });
	if (!picture) throw new NotFoundError('est.cycle_not_set');
	const [meetings, priorities, tasks] = await Promise.all([
		listMeetings(options.db, options.municipalityId),
		listActivePriorities(options.db, options.municipalityId),
		listTasks(options.db, options.municipalityId)
	]);
	const inCycle = (date: string) => date >= picture.cycle.start && date <= picture.cycle.end;
	const docx = await renderPictureDocx({
		municipalityName: options.municipalityName,
		picture,
		meetings: meetings
			.filter((m) => inCycle(m.heldOn))
			.reverse()
			.map((m) => ({ heldOn: m.heldOn, notes: m.notes, participants: m.participantIds.length })),
		priorities,
		tasks: tasks
			.filter((t) => inCycle(t.decidedOn) || (t.status !== 'klar' && t.decidedOn <= picture.cycle.end))
			.map((t) => ({ ...t, overdue: t.status !== 'klar' && t.dueOn < today })),
		today
	});
	const name = pictureTitle(picture.weeks)
		.toLocaleLowerCase('sv')
		.replace(/ä/g, 'a')
		.replace(/[–\s]+/g, '-');
	return options.format === 'pdf' ? { bytes: await convertDocxToPdf(docx), filename: `${name}.pdf` } : { bytes: docx, filename: `${name}.docx` };
}
