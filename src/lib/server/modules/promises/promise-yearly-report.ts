/**
 * The yearly follow-up report of a promise (Word, PDF through LibreOffice): for one year, each
 * activity's target, its outcome at the year's last follow-up, met or not, and what was done; the
 * year's follow-ups with their forum and summary, and any correction made to them.
 */
import { formatLooseDate } from '$lib/modules/promises/loose-date';
import { ACTIVITY_OUTCOME_LABELS, isActivityOutcomeStatus } from '$lib/modules/promises/constants';
import { HeadingLevel, Paragraph, Table, TableRow, TextRun, WidthType } from 'docx';
import { A4_WIDTH, FONT, MARGIN, bodyParagraph, cleanText, tableCell, a4Report } from '../../platform/documents/docx-kit';
import { summariseFollowUp, targetText, type FollowUpSummary } from './promises.models';
import type { PromiseView } from './promises.usecases';

type FollowUp = PromiseView['followUps'][number];

export interface YearlyReportRow {
	activity: string;
	target: string;
	/** "303 kontroller", "ja", "1 olyckor"; empty when nothing was reported. */
	result: string;
	/** Met, not met, or null without a target or a measured result. */
	met: boolean | null;
	status: string | null;
	done: string;
	/** When the outcome was reported (the follow-up's date as written). */
	reportedOn: string | null;
}

export interface YearlyReport {
	year: number;
	title: string;
	period: string;
	followUps: { heldOn: string; forum: string; summary: string; corrections: FollowUp['corrections'] }[];
	rows: YearlyReportRow[];
	counts: FollowUpSummary;
	metCount: number;
	withTarget: number;
}

/** The years the promise has follow-ups in, newest first. */
export function reportYears(promise: Pick<PromiseView, 'followUps'>): number[] {
	return [...new Set(promise.followUps.map((f) => Number(f.heldOn.slice(0, 4))))].sort((a, b) => b - a);
}

/**
 * One year of a promise: every activity of the promise as it is now, with the newest outcome the
 * year's follow-ups give it (follow-ups are newest first in the view); activities removed since keep
 * their row from the snapshot.
 */
export function yearlyReport(promise: PromiseView, year: number): YearlyReport {
	const inYear = promise.followUps.filter((f) => Number(f.heldOn.slice(0, 4)) === year);
	const seen = new Set<string>();
	const rows: YearlyReportRow[] = [];
	const statuses: (string | null)[] = [];
	const rowOf = (
		o: FollowUp['outcomes'][number] | undefined,
		activity: string,
		kind: string | null,
		value: number | null,
		unit: string | null,
		f?: FollowUp
	) => {
		const result =
			o?.achieved === null || o?.achieved === undefined
				? ''
				: kind === 'yes_no'
					? o.achieved > 0
						? 'ja'
						: 'nej'
					: `${o.achieved.toLocaleString('sv-SE')} ${o.targetUnit ?? unit ?? ''}`.trim();
		statuses.push(o?.status ?? null);
		return {
			activity,
			target: targetText(kind, value, unit),
			result,
			met: o?.met ?? null,
			status: o?.status ?? null,
			done: o?.done ?? '',
			reportedOn: f ? formatLooseDate(f.heldOn, f.heldOnPrecision) : null
		};
	};
	for (const a of promise.activities) {
		const f = inYear.find((x) => x.outcomes.some((o) => o.activityId === a.id && (o.status !== null || o.achieved !== null || o.done)));
		const o = f?.outcomes.find((x) => x.activityId === a.id);
		seen.add(a.id);
		rows.push(rowOf(o, a.activity, a.targetKind, a.targetValue, a.targetUnit, f));
	}
	// Outcomes of activities no longer in the promise are part of that year's history.
	for (const f of inYear) {
		for (const o of f.outcomes) {
			const key = o.activityId ?? `removed:${o.activity}`;
			if (seen.has(key)) continue;
			seen.add(key);
			rows.push(rowOf(o, o.activity, o.targetKind, o.targetValue, o.targetUnit, f));
		}
	}
	return {
		year,
		title: promise.title,
		period: promise.period,
		followUps: [...inYear]
			.reverse()
			.map((f) => ({ heldOn: formatLooseDate(f.heldOn, f.heldOnPrecision), forum: f.forum, summary: f.summary, corrections: f.corrections })),
		rows,
		counts: summariseFollowUp(statuses.map((s) => (s !== null && isActivityOutcomeStatus(s) ? s : null))),
		metCount: rows.filter((r) => r.met === true).length,
		withTarget: rows.filter((r) => r.target !== '').length
	};
}

const CONTENT_WIDTH = A4_WIDTH - 2 * MARGIN;
const statusText = (status: string | null) => (status && isActivityOutcomeStatus(status) ? ACTIVITY_OUTCOME_LABELS[status] : 'Ej rapporterad');
const metText = (met: boolean | null) => (met === null ? '–' : met ? 'Uppfyllt' : 'Ej uppfyllt');

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1) =>
	new Paragraph({ heading: level, spacing: { before: 240, after: 120 }, children: [new TextRun({ text: cleanText(text), font: FONT })] });

export async function renderYearlyReportDocx(options: { promise: PromiseView; municipalityName: string; year: number }): Promise<Buffer> {
	const report = yearlyReport(options.promise, options.year);
	const c = report.counts;
	const children: (Paragraph | Table)[] = [
		new Paragraph({
			heading: HeadingLevel.TITLE,
			spacing: { after: 120 },
			children: [new TextRun({ text: `Uppföljning ${report.year}: medborgarlöfte`, font: FONT })]
		}),
		bodyParagraph(`${cleanText(report.title)}${report.period ? ` · ${report.period}` : ''}`, { bold: true }),
		bodyParagraph(options.municipalityName),
		heading('Sammanfattning')
	];
	if (report.followUps.length === 0) {
		children.push(bodyParagraph(`Löftet följdes inte upp under ${report.year}.`));
	} else {
		children.push(
			bodyParagraph(
				`Av ${c.total} aktiviteter är ${c.uppfyllt} uppfyllda, ${c.delvis_uppfyllt} delvis uppfyllda, ${c.ej_uppfyllt} ej uppfyllda och ${c.pagar} pågår; ${c.notReported} är inte rapporterade.`
			),
			bodyParagraph(`${report.metCount} av ${report.withTarget} aktiviteter med mål nådde målet.`)
		);
	}
	const widths = [2700, 1500, 1300, 1100, 1200, 1838];
	children.push(
		heading('Aktiviteter: mål och utfall'),
		new Table({
			width: { size: CONTENT_WIDTH, type: WidthType.DXA },
			columnWidths: widths,
			rows: [
				new TableRow({
					tableHeader: true,
					children: ['Aktivitet', 'Mål', 'Utfall', 'Mål nått', 'Status', 'Vad som gjorts'].map((h, i) => tableCell(h, widths[i], { header: true }))
				}),
				...report.rows.map(
					(r) =>
						new TableRow({
							cantSplit: true,
							children: [
								tableCell(r.activity, widths[0]),
								tableCell(r.target || 'Inget mål', widths[1]),
								tableCell(r.result ? `${r.result}${r.reportedOn ? ` (${r.reportedOn})` : ''}` : '–', widths[2]),
								tableCell(metText(r.met), widths[3]),
								tableCell(statusText(r.status), widths[4]),
								tableCell(r.done, widths[5])
							]
						})
				)
			]
		})
	);
	if (report.followUps.length) {
		children.push(heading(`Uppföljningar ${report.year}`));
		for (const f of report.followUps) {
			children.push(heading(`${f.heldOn} · ${f.forum}`, HeadingLevel.HEADING_2));
			if (f.summary) children.push(bodyParagraph(f.summary));
			for (const correction of f.corrections) {
				children.push(bodyParagraph(`Rättad ${correction.correctedAt.slice(0, 10)}: ${correction.reason}`, { italics: true }));
			}
		}
	}
	return a4Report({ title: `Uppföljning ${report.year} – ${report.title}`, children });
}

/** Which document a dokument.docx/.pdf address asks for: `?typ=uppfoljning&ar=2026` is the yearly report. */
export function documentKind(url: URL): { kind: 'dokument' } | { kind: 'uppfoljning'; year: number } {
	if (url.searchParams.get('typ') !== 'uppfoljning') return { kind: 'dokument' };
	const year = Number(url.searchParams.get('ar'));
	// An unknown year is not found: promiseFile checks it against the promise's follow-ups.
	return { kind: 'uppfoljning', year: Number.isInteger(year) ? year : -1 };
}
