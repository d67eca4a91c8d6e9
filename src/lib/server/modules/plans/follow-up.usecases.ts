import { z } from 'zod';
import { MEASURE_STATUS_CODES, rollUpStatuses } from '$lib/modules/plans/constants';
import type { Db } from '../../db/client';
import { decide, isPerson, type Actor, type Principal } from '../../platform/authz';
import { requireAccess } from '../../platform/access';
import { downloadName } from '../../platform/http';
import { isUuid } from '../../platform/ids';
import type { Config } from '../../platform/config';
import { AppError, ForbiddenError, NotFoundError, codedValidationError, validationErrorFromIssues, type FieldCode } from '../../platform/errors';
import { recordAudit } from '../audit/public';
import { sendMail } from '../mail/public';
import { convertDocxToPdf } from '../../platform/documents/pdf';
import { parseFollowUpSheet, sheetRowError, writeFollowUpSheet, type SheetRowError } from './follow-up-sheet';
import { renderFollowUpReportDocx, type FollowUpReportInput, type ReportAnswer } from './follow-up-report';
import {
	closeRoundRow,
	findRound,
	insertRound,
	listAnswers,
	listOpenRounds,
	listRounds,
	responsibilitiesOfPlan,
	listAnswerParts,
	staffOfOrganisations,
	upsertAnswer,
	upsertAnswerPart,
	type AnswerPartRow,
	type AnswerRow
} from './follow-up.repository';
import { PlanImportError, readXlsxRows } from './plan-files';
import { updateMeasureRow } from './plans.repository';
import { EXPORT_FORMATS, MAX_IMPORT_BYTES, getPlan, measureColumns } from './plans.usecases';

export const openRoundSchema = z.object({
	name: z.string().trim().min(1, { message: 'plans.round_name_missing' }).max(100, { message: 'plans.name_too_long' }),
	dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'plans.round_due_invalid' })
});

export const answerSchema = z.object({
	measureId: z.string().refine(isUuid),
	status: z.enum(MEASURE_STATUS_CODES, { message: 'plans.status_missing' }),
	done: z.string().max(10_000, { message: 'plans.text_too_long' }),
	nextSteps: z.string().max(10_000, { message: 'plans.text_too_long' }),
	/** Reported values of the measure's indicators, by indicator name; blank fields are left out before this. */
	indicatorValues: z.record(z.string(), z.number({ message: 'plans.indicator_value_not_number' }).finite()).optional()
});

/** Opens a round and sends each responsible organisation's staff a request that lists only their measures. */
export async function openFollowUpRound(options: {
	db: Db;
	config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'origin'>;
	actor: Actor;
	planId: string;
	municipalitySlug: string;
	input: unknown;
	ip: string | null;
}) {
	const { db, actor } = options;
	const plan = await getPlan({ db, actor, planId: options.planId });
	requireAccess(actor, 'round.open', { municipalityId: plan.municipalityId });
	const parsed = openRoundSchema.safeParse(options.input);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues);
	const measuresById = new Map(plan.focusAreas.flatMap((a) => a.measures).map((m) => [m.id, m]));
	return db.transaction(async (tx) => {
		const round = await insertRound(tx, { planId: plan.id, name: parsed.data.name, dueDate: parsed.data.dueDate });
		const byOrganisation = new Map<string, string[]>();
		for (const { measureId, organisationId } of await responsibilitiesOfPlan(tx, plan.id)) {
			byOrganisation.set(organisationId, [...(byOrganisation.get(organisationId) ?? []), measureId]);
		}
		const staff = await staffOfOrganisations(tx, plan.municipalityId, [...byOrganisation.keys()]);
		const link = `${options.config.origin}/app/${options.municipalitySlug}/atgardsplan/${plan.id}/uppfoljning/${round.id}`;
		for (const person of staff) {
			const titles = (byOrganisation.get(person.organisationId!) ?? []).map((id) => `- ${measuresById.get(id)?.title ?? ''}`);
			await sendMail(tx, options.config, {
				to: person.email,
				subject: `Uppföljning av åtgärdsplanen: ${parsed.data.name}`,
				body: `Hej ${person.name},\n\nDags att följa upp era åtgärder i ”${plan.title}”. Svara senast ${parsed.data.dueDate}:\n\n${titles.join('\n')}\n\n${link}\n`
			});
		}
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'plans.round.opened',
				entityType: 'follow_up_round',
				entityId: round.id,
				municipalityId: plan.municipalityId,
				changes: {
					name: { before: null, after: round.name },
					dueDate: { before: null, after: round.dueDate },
					requestsSent: { before: null, after: staff.length }
				}
			}
		);
		return round;
	});
}

/**
 * Whom a round asks: the responsible organisations with staff who get the request, and the parties
 * without users, whom nobody is asked for (the coordinator adds users on the organisations page).
 */
export async function roundRecipients(options: { db: Db; actor: Actor; roundId: string }) {
	const { db, actor } = options;
	const { plan } = await loadRound(db, actor, options.roundId);
	requireAccess(actor, 'round.open', { municipalityId: plan.municipalityId });
	const names = new Map(plan.focusAreas.flatMap((a) => a.measures.flatMap((m) => m.responsible.map((r) => [r.organisationId, r.organisation] as const))));
	const withStaff = new Set((await staffOfOrganisations(db, plan.municipalityId, [...names.keys()])).map((s) => s.organisationId));
	const without = [...names].filter(([id]) => !withStaff.has(id)).map(([id, name]) => ({ organisationId: id, organisation: name }));
	return { asked: withStaff.size, withoutUsers: without.sort((a, b) => a.organisation.localeCompare(b.organisation, 'sv')) };
}

const roundNotFound = () => new NotFoundError('plans.round_not_found');

async function loadRound(db: Db, actor: Principal, roundId: string) {
	const round = isUuid(roundId) ? await findRound(db, roundId) : undefined;
	if (!round) throw roundNotFound();
	const plan = await getPlan({ db, actor, planId: round.planId });
	// Public pages see what closed rounds of a published plan reported, never an open round.
	requireAccess(actor, 'round.read', { municipalityId: plan.municipalityId, id: round.id, published: round.status === 'stangd' });
	return { round, plan };
}

const toView = (a: AnswerRow | AnswerPartRow) => ({
	status: a.status,
	done: a.done,
	nextSteps: a.nextSteps,
	indicatorValues: a.indicatorValues,
	updatedAt: a.updatedAt.toISOString()
});

/** The lead of a shared measure: the party marked huvudansvarig, else the first named (the import lists the lead first). */
const leadOf = (responsible: { organisationId: string; lead: boolean }[]) => (responsible.find((r) => r.lead) ?? responsible[0])?.organisationId ?? null;

/** The round with every measure, who may answer what, the roll-up and who has not answered. */
export async function getFollowUpRound(options: { db: Db; actor: Principal; roundId: string }) {
	const { db, actor } = options;
	const { round, plan } = await loadRound(db, actor, options.roundId);
	const answers = new Map((await listAnswers(db, round.id)).map((a) => [a.measureId, a]));
	const partsByMeasure = new Map<string, AnswerPartRow[]>();
	for (const part of await listAnswerParts(db, round.id)) partsByMeasure.set(part.measureId, [...(partsByMeasure.get(part.measureId) ?? []), part]);
	// Answering a measure without naming its organisations is what only the coordinator (and set-up) may do.
	const canManage = decide(actor, 'round.answer', { municipalityId: plan.municipalityId }).allowed;
	const isOwn = (organisationId: string) =>
		isPerson(actor) &&
		actor.memberships.some((m) => m.organisationId === organisationId) &&
		decide(actor, 'round.answer', { municipalityId: plan.municipalityId, organisationIds: [organisationId] }).allowed;
	const focusAreas = plan.focusAreas.map((area) => {
		const rows = area.measures.map((m) => {
			const answer = answers.get(m.id);
			const shared = m.responsible.length > 1;
			const lead = leadOf(m.responsible);
			const parts = partsByMeasure.get(m.id) ?? [];
			// A member of the lead answers as the lead; one of several co-responsible organisations answers its own part.
			const ownIds = m.responsible.map((r) => r.organisationId).filter(isOwn);
			const ownOrganisationId = ownIds.includes(lead ?? '') ? lead : (ownIds[0] ?? null);
			const open = round.status === 'oppen';
			// The coordinator answers for any measure, also those whose responsible party is not yet known, and settles a shared one.
			const editable = open && (canManage || ownOrganisationId !== null);
			const setsStatus = editable && (!shared || canManage || ownOrganisationId === lead);
			const ownPart = shared && ownOrganisationId ? parts.find((p) => p.organisationId === ownOrganisationId) : undefined;
			const answeredBy = m.responsible
				.map((r) => r.organisationId)
				.filter((id) => parts.some((p) => p.organisationId === id) || (!!answer && (!shared || id === lead)));
			return {
				id: m.id,
				title: m.title,
				responsible: m.responsible,
				indicators: m.indicators,
				editable,
				shared,
				leadOrganisationId: lead,
				ownOrganisationId,
				/** True when what the actor saves is the measure's status of record, not only their part. */
				setsStatus,
				answer: answer ? toView(answer) : null,
				/** What the actor's form starts from: their own part of a shared measure, else the measure's answer. */
				ownAnswer: shared && ownOrganisationId && !setsStatus ? (ownPart ? toView(ownPart) : null) : answer ? toView(answer) : null,
				parts: parts.map((p) => ({
					organisationId: p.organisationId,
					organisation: m.responsible.find((r) => r.organisationId === p.organisationId)?.organisation ?? '',
					...toView(p)
				})),
				answeredBy
			};
		});
		return { id: area.id, title: area.title, measures: rows, rollUp: rollUpStatuses(rows.map((r) => r.answer?.status)) };
	});
	const unanswered = new Map<string, { organisationId: string; organisation: string; measures: number }>();
	for (const m of focusAreas.flatMap((a) => a.measures)) {
		for (const r of m.responsible) {
			if (m.answeredBy.includes(r.organisationId)) continue;
			unanswered.set(r.organisationId, {
				organisationId: r.organisationId,
				organisation: r.organisation,
				measures: (unanswered.get(r.organisationId)?.measures ?? 0) + 1
			});
		}
	}
	return {
		round: { id: round.id, name: round.name, dueDate: round.dueDate, status: round.status, closedAt: round.closedAt?.toISOString() ?? null },
		plan: { id: plan.id, title: plan.title, municipalityId: plan.municipalityId },
		focusAreas,
		rollUp: rollUpStatuses(focusAreas.flatMap((a) => a.measures.map((m) => m.answer?.status))),
		overdue: round.status === 'oppen' && round.dueDate < new Date().toISOString().slice(0, 10),
		unanswered: [...unanswered.values()].sort((a, b) => a.organisation.localeCompare(b.organisation, 'sv')),
		canManage
	};
}

export type FollowUpView = Awaited<ReturnType<typeof getFollowUpRound>>;
type MeasureView = FollowUpView['focusAreas'][number]['measures'][number];

/**
 * Checks each answer of a grid on its own. Untouched forms (no status, no text, no value) and
 * answers equal to what is stored are skipped; every message names its measure.
 */
function checkAnswers(view: FollowUpView, raws: unknown[]) {
	const measuresById = new Map(view.focusAreas.flatMap((a) => a.measures).map((m) => [m.id, m]));
	const fieldErrors: Record<string, FieldCode> = {};
	const valid: { answer: z.infer<typeof answerSchema>; measure: MeasureView }[] = [];
	for (const raw of raws) {
		const input = (raw ?? {}) as { measureId?: unknown; status?: unknown; done?: unknown; nextSteps?: unknown; indicatorValues?: unknown };
		const measureId = typeof input.measureId === 'string' ? input.measureId : '';
		const measure = measuresById.get(measureId);
		if (!measure) throw new NotFoundError('plans.measure_not_found');
		if (!measure.editable) throw new ForbiddenError('not_own_organisation');
		const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
		const values = (input.indicatorValues ?? {}) as Record<string, unknown>;
		if (blank(input.status) && blank(input.done) && blank(input.nextSteps) && Object.keys(values).length === 0) continue;
		const parsed = answerSchema.safeParse(raw);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const field = String(issue.path[0]);
			fieldErrors[`status-${measureId}`] =
				field === 'status'
					? { code: 'plans.answer_status_missing', params: { title: measure.title } }
					: field === 'indicatorValues'
						? { code: 'plans.answer_value_not_number', params: { indicator: String(issue.path[1] ?? ''), title: measure.title } }
						: { code: 'plans.answer_text_too_long', params: { title: measure.title, maximum: 10_000 } };
			continue;
		}
		const known = new Set(measure.indicators.map((i) => i.name));
		if (Object.keys(parsed.data.indicatorValues ?? {}).some((name) => !known.has(name))) {
			fieldErrors[`status-${measureId}`] = { code: 'plans.answer_indicator_unknown', params: { title: measure.title } };
			continue;
		}
		const before = measure.ownAnswer;
		const indicatorValues = parsed.data.indicatorValues ?? before?.indicatorValues ?? {};
		const unchanged =
			before &&
			before.status === parsed.data.status &&
			before.done === parsed.data.done &&
			before.nextSteps === parsed.data.nextSteps &&
			JSON.stringify(before.indicatorValues) === JSON.stringify(indicatorValues);
		if (!unchanged) valid.push({ answer: { ...parsed.data, indicatorValues }, measure });
	}
	return { valid, fieldErrors };
}

/**
 * Writes checked answers. The measure's answer is the status of record: written by the only
 * responsible party, the lead of a shared measure or the coordinator. A co-responsible
 * organisation of a shared measure writes its own part, which the lead sees.
 */
async function writeAnswers(db: Db, actor: Actor, view: FollowUpView, valid: ReturnType<typeof checkAnswers>['valid'], ip: string | null) {
	await db.transaction(async (tx) => {
		for (const { answer, measure } of valid) {
			const organisationId = measure.ownOrganisationId;
			const values = {
				roundId: view.round.id,
				measureId: answer.measureId,
				status: answer.status,
				done: answer.done,
				nextSteps: answer.nextSteps,
				indicatorValues: answer.indicatorValues ?? {},
				updatedBy: actor.userId
			};
			if (measure.shared && organisationId) await upsertAnswerPart(tx, { ...values, organisationId });
			if (measure.setsStatus) await upsertAnswer(tx, { ...values, organisationId });
			const before = measure.ownAnswer;
			await recordAudit(
				tx,
				{ actor, ip },
				{
					action: 'plans.round.answered',
					entityType: 'measure',
					entityId: answer.measureId,
					municipalityId: view.plan.municipalityId,
					organisationId,
					changes: {
						status: { before: before?.status ?? null, after: answer.status },
						done: { before: before?.done ?? null, after: answer.done },
						nextSteps: { before: before?.nextSteps ?? null, after: answer.nextSteps },
						indicatorValues: { before: before?.indicatorValues ?? null, after: values.indicatorValues },
						...(measure.setsStatus ? {} : { part: { before: null, after: organisationId } })
					}
				}
			);
		}
	});
}

async function openRoundView(db: Db, actor: Actor, roundId: string) {
	const view = await getFollowUpRound({ db, actor, roundId });
	if (view.round.status !== 'oppen') throw new AppError('plans.round_closed', 409, {});
	return view;
}

/** Saves a whole grid of answers: all of them, or none when one is wrong or not the actor's to answer (the sheet upload, the demo). */
export async function answerFollowUp(options: { db: Db; actor: Actor; roundId: string; answers: unknown[]; ip: string | null }) {
	const { db, actor } = options;
	const view = await openRoundView(db, actor, options.roundId);
	const { valid, fieldErrors } = checkAnswers(view, options.answers);
	if (Object.keys(fieldErrors).length) throw codedValidationError(fieldErrors);
	await writeAnswers(db, actor, view, valid, options.ip);
	return valid.length;
}

/**
 * The answer form: saves every filled-in measure that is right and returns the others' messages,
 * so a partner who can answer one of six measures today keeps that one. A measure that is not the
 * actor's still refuses the whole post (a forged form).
 */
export async function saveFollowUpAnswers(options: { db: Db; actor: Actor; roundId: string; answers: unknown[]; ip: string | null }) {
	const { db, actor } = options;
	const view = await openRoundView(db, actor, options.roundId);
	const { valid, fieldErrors } = checkAnswers(view, options.answers);
	await writeAnswers(db, actor, view, valid, options.ip);
	return { saved: valid.map((v) => v.answer.measureId), fieldErrors: codedValidationError(fieldErrors).fieldErrors };
}

/** Closes the round and freezes what was answered. */
export async function closeFollowUpRound(options: { db: Db; actor: Actor; roundId: string; ip: string | null }) {
	const { db, actor } = options;
	const view = await getFollowUpRound({ db, actor, roundId: options.roundId });
	requireAccess(actor, 'round.close', { municipalityId: view.plan.municipalityId });
	if (view.round.status !== 'oppen') throw new AppError('plans.round_already_closed', 409, {});
	await db.transaction(async (tx) => {
		await closeRoundRow(tx, view.round.id, { focusAreas: view.focusAreas, rollUp: view.rollUp });
		// A closed round is the measure's status of record (the API's `status`) until the next one closes.
		for (const m of view.focusAreas.flatMap((a) => a.measures)) if (m.answer) await updateMeasureRow(tx, m.id, { status: m.answer.status });
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'plans.round.closed',
				entityType: 'follow_up_round',
				entityId: view.round.id,
				municipalityId: view.plan.municipalityId,
				changes: { status: { before: 'oppen', after: 'stangd' } }
			}
		);
	});
}

export async function listFollowUpRounds(options: { db: Db; actor: Actor; planId: string }) {
	const plan = await getPlan({ db: options.db, actor: options.actor, planId: options.planId });
	return (await listRounds(options.db, plan.id)).map((r) => ({ id: r.id, name: r.name, dueDate: r.dueDate, status: r.status }));
}

export const REPORT_FORMATS = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf'
} as const;
export type ReportFormat = keyof typeof REPORT_FORMATS;

export function isReportFormat(value: string): value is ReportFormat {
	return Object.hasOwn(REPORT_FORMATS, value);
}

const toAnswer = (a: AnswerRow | AnswerPartRow | undefined): ReportAnswer | null => (a ? { status: a.status, done: a.done, nextSteps: a.nextSteps } : null);

/** Everything the report needs: the plan's columns, this round's answers, and the previous closed round's for comparison. */
export async function followUpReportInput(options: {
	db: Db;
	actor: Actor;
	roundId: string;
	municipalityName: string;
	today?: Date;
}): Promise<FollowUpReportInput> {
	const { db, actor } = options;
	const { round, plan } = await loadRound(db, actor, options.roundId);
	const previousRound = (await listRounds(db, plan.id)).find((r) => r.status === 'stangd' && r.id !== round.id && r.openedAt < round.openedAt);
	const answers = new Map((await listAnswers(db, round.id)).map((a) => [a.measureId, a]));
	const parts = await listAnswerParts(db, round.id);
	const previous = new Map(previousRound ? (await listAnswers(db, previousRound.id)).map((a) => [a.measureId, a]) : []);
	const forums = [...new Set(plan.focusAreas.flatMap((a) => a.measures.flatMap((m) => m.followUpForums)))];
	return {
		municipalityName: options.municipalityName,
		planTitle: plan.title,
		planPeriod: plan.period,
		roundName: round.name,
		dueDate: round.dueDate,
		closedOn: round.closedAt ? round.closedAt.toISOString().slice(0, 10) : null,
		generatedOn: (options.today ?? new Date()).toISOString().slice(0, 10),
		forums,
		previousRoundName: previousRound?.name ?? null,
		focusAreas: plan.focusAreas.map((area) => ({
			title: area.title,
			measures: area.measures.map((m) => ({
				title: m.title,
				...measureColumns(m),
				answer: toAnswer(answers.get(m.id)),
				previous: toAnswer(previous.get(m.id)),
				indicators: m.indicators.map((i) => ({ ...i, value: answers.get(m.id)?.indicatorValues[i.name] ?? null })),
				parts: m.responsible.flatMap((r) =>
					parts
						.filter((p) => p.measureId === m.id && p.organisationId === r.organisationId)
						.map((p) => ({ ...toAnswer(p)!, organisation: r.organisation, lead: r.organisationId === leadOf(m.responsible) }))
				)
			}))
		}))
	};
}

/** The report for BRÅ and KS as Word or PDF; every download is audited like any export. */
export async function generateFollowUpReport(options: {
	db: Db;
	actor: Actor;
	roundId: string;
	planId: string;
	municipality: { id: string; officialName: string };
	format: ReportFormat;
	ip: string | null;
}) {
	const { db, actor, format } = options;
	const { round, plan } = await loadRound(db, actor, options.roundId);
	if (plan.id !== options.planId || plan.municipalityId !== options.municipality.id) throw roundNotFound();
	const input = await followUpReportInput({ db, actor, roundId: options.roundId, municipalityName: options.municipality.officialName });
	const docx = await renderFollowUpReportDocx(input);
	const body = format === 'pdf' ? await convertDocxToPdf(docx) : docx;
	await db.transaction((tx) =>
		recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'plans.round_report.exported',
				entityType: 'follow_up_round',
				entityId: round.id,
				municipalityId: plan.municipalityId,
				changes: { format: { before: null, after: format } }
			}
		)
	);
	return { body, contentType: REPORT_FORMATS[format], fileName: downloadName(`Uppföljning ${round.name}`, format) };
}

/** An uploaded follow-up sheet with wrong rows: nothing was saved; every row and why is listed. */
export class SheetImportError extends AppError {
	constructor(readonly rowErrors: SheetRowError[]) {
		super('plans.sheet_invalid', 400, {}, { rowErrors });
	}
}

async function roundOfPlan(options: { db: Db; actor: Actor; roundId: string; planId: string; municipalityId: string }) {
	const view = await getFollowUpRound(options);
	if (view.plan.id !== options.planId || view.plan.municipalityId !== options.municipalityId) throw roundNotFound();
	return view;
}

/** The round as a spreadsheet: the actor's own measures to fill in (all of them for whoever answers none, to read). */
export async function exportFollowUpSheet(options: {
	db: Db;
	actor: Actor;
	roundId: string;
	planId: string;
	municipality: { id: string; officialName: string };
	ip: string | null;
}) {
	const { db, actor } = options;
	const view = await roundOfPlan({ ...options, municipalityId: options.municipality.id });
	const all = view.focusAreas.flatMap((area) => area.measures.map((m) => ({ area: area.title, m })));
	const own = all.filter(({ m }) => m.editable);
	const rows = (own.length ? own : all).map(({ area, m }) => ({
		measureId: m.id,
		focusArea: area,
		title: m.title,
		responsible: m.responsible.map((r) => r.organisation).join(', '),
		status: m.ownAnswer?.status ?? null,
		done: m.ownAnswer?.done ?? '',
		nextSteps: m.ownAnswer?.nextSteps ?? ''
	}));
	const body = await writeFollowUpSheet(rows, { roundName: view.round.name, dueDate: view.round.dueDate, municipalityName: options.municipality.officialName });
	await db.transaction((tx) =>
		recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'plans.round_sheet.exported',
				entityType: 'follow_up_round',
				entityId: view.round.id,
				municipalityId: view.plan.municipalityId,
				changes: { measures: { before: null, after: rows.length } }
			}
		)
	);
	return { body, contentType: EXPORT_FORMATS.xlsx.contentType, fileName: downloadName(`Uppföljning ${view.round.name}`, 'xlsx') };
}

/** Reads a filled-in sheet and saves every answer in it, or nothing when any row is wrong. */
export async function importFollowUpSheet(options: {
	db: Db;
	actor: Actor;
	roundId: string;
	planId: string;
	municipalityId: string;
	data: Uint8Array;
	ip: string | null;
}) {
	// Who may answer, and whether the round exists and is open, is settled before the file is read.
	const view = await roundOfPlan(options);
	if (view.round.status !== 'oppen') throw new AppError('plans.round_closed', 409, {});
	if (!view.focusAreas.some((a) => a.measures.some((m) => m.editable))) throw new ForbiddenError('no measure of the round to answer');
	if (options.data.byteLength > MAX_IMPORT_BYTES)
		throw new SheetImportError([sheetRowError(0, 'plans.sheet_too_large', { megabytes: MAX_IMPORT_BYTES / (1024 * 1024) })]);
	if (options.data.byteLength === 0) throw new SheetImportError([sheetRowError(0, 'plans.sheet_missing')]);
	let rows: string[][];
	try {
		rows = await readXlsxRows(options.data);
	} catch (error) {
		if (error instanceof PlanImportError) throw new SheetImportError([{ row: 0, message: error.message, text: error.text }]);
		throw error;
	}
	const { answers, errors } = parseFollowUpSheet(rows);
	const measures = new Map(view.focusAreas.flatMap((a) => a.measures).map((m) => [m.id, m]));
	for (const answer of answers) {
		const measure = measures.get(answer.measureId);
		if (!measure) errors.push(sheetRowError(answer.row, 'plans.sheet_measure_unknown'));
		else if (!measure.editable) errors.push(sheetRowError(answer.row, 'plans.sheet_measure_not_yours', { title: measure.title }));
	}
	if (errors.length) throw new SheetImportError(errors.sort((a, b) => a.row - b.row));
	if (answers.length === 0) throw new SheetImportError([sheetRowError(0, 'plans.sheet_empty')]);
	return answerFollowUp({
		db: options.db,
		actor: options.actor,
		roundId: options.roundId,
		answers: answers.map(({ row: _row, ...answer }) => answer),
		ip: options.ip
	});
}

/**
 * Each measure's latest reported status: from the newest closed round that answered it, with that
 * round's name and closing date. A round that left a measure unanswered never hides an earlier report.
 */
export async function latestReportedStatuses(db: Db, planId: string) {
	const reported = new Map<string, { status: string; roundName: string; reportedOn: string | null }>();
	for (const round of (await listRounds(db, planId)).filter((r) => r.status === 'stangd')) {
		for (const answer of await listAnswers(db, round.id)) {
			if (!reported.has(answer.measureId))
				reported.set(answer.measureId, { status: answer.status, roundName: round.name, reportedOn: round.closedAt?.toISOString().slice(0, 10) ?? null });
		}
	}
	return reported;
}

/**
 * Where the plan stands. In the app: the roll-up of the latest closed round (a frozen snapshot),
 * else of the open one. `closedOnly` (public pages): each measure's latest reported status over
 * the closed rounds, so closing a round with few answers never turns the public picture into
 * "Ej rapporterad". Public pages ask as the `public-site` system actor, which reads closed rounds only.
 */
export async function latestPlanProgress(options: { db: Db; actor: Principal; planId: string; closedOnly?: boolean }) {
	const rounds = await listRounds(options.db, options.planId);
	const round = rounds.find((r) => r.status === 'stangd') ?? (options.closedOnly ? undefined : rounds[0]);
	if (!round) return null;
	const view = await getFollowUpRound({ db: options.db, actor: options.actor, roundId: round.id });
	if (!options.closedOnly)
		return { round: view.round, rollUp: view.rollUp, focusAreas: view.focusAreas.map((a) => ({ id: a.id, title: a.title, rollUp: a.rollUp })) };
	const reported = await latestReportedStatuses(options.db, options.planId);
	const statusesOf = (measures: { id: string }[]) => measures.map((m) => reported.get(m.id)?.status);
	return {
		round: view.round,
		rollUp: rollUpStatuses(statusesOf(view.focusAreas.flatMap((a) => a.measures))),
		focusAreas: view.focusAreas.map((a) => ({ id: a.id, title: a.title, rollUp: rollUpStatuses(statusesOf(a.measures)) }))
	};
}

/** The in-app side of the follow-up request: open rounds of the municipality's plans where the actor still has measures to answer. */
export async function pendingFollowUps(options: { db: Db; actor: Actor; municipalityId: string }) {
	const { db, actor } = options;
	const pending: { planId: string; planTitle: string; roundId: string; roundName: string; dueDate: string; overdue: boolean; toAnswer: number }[] = [];
	for (const round of await listOpenRounds(db, options.municipalityId)) {
		const view = await getFollowUpRound({ db, actor, roundId: round.id }).catch(() => null);
		if (!view) continue;
		// The coordinator can answer everything; for the overview, what is theirs is what has no answer at all.
		const toAnswer = view.focusAreas
			.flatMap((a) => a.measures)
			.filter((m) => m.editable && (m.ownOrganisationId ? !m.answeredBy.includes(m.ownOrganisationId) : !m.answer)).length;
		if (toAnswer > 0)
			pending.push({
				planId: view.plan.id,
				planTitle: view.plan.title,
				roundId: view.round.id,
				roundName: view.round.name,
				dueDate: view.round.dueDate,
				overdue: view.overdue,
				toAnswer
			});
	}
	return pending;
}
