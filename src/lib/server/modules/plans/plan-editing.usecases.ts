/**
 * Changing a plan after import: a measure's columns and their interpretation (dates, amount,
 * target areas, indicators, factors), its responsible parties and the problems it answers;
 * the plan's status; and its decision history (steps, remiss answers, attached documents).
 * A change to a decided plan first stores the plan as it stood as a revision, so what the
 * board decided stays readable and can be compared with what the plan says now.
 */
import { z } from 'zod';
import { FACTOR_LABELS, DECISION_KINDS, PLAN_STATUSES } from '$lib/modules/plans/constants';
import type { Db, DbOrTx } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { requireAccess } from '../../platform/access';
import { isUuid } from '../../platform/ids';
import { codedValidationError, NotFoundError, validationErrorFromIssues, type FieldCode } from '../../platform/errors';
import { recordAudit } from '../audit/public';
import { listOrganisationsOfMunicipality } from '../organisations/public';
import { listAreaRows } from '../situation/public';
import { findPlaceNames } from './plans.models';
import { diffPlans, type PlanSnapshot } from './plan-diff';
import {
	findDecision,
	findDecisionDocument,
	findRevision,
	insertDecisionDocument,
	insertDecisionResponse,
	insertDecisions,
	insertRevision,
	listRevisionsOfPlan,
	nextDecisionSortOrder,
	replaceMeasureProblems,
	replaceMeasureResponsibles,
	updateMeasureRow,
	updatePlanRow
} from './plans.repository';
import { getPlan, type PlanView } from './plans.usecases';

const isoDate = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'plans.date_invalid' })]);
const longText = () => z.string().max(10_000, { message: 'plans.text_too_long' });
const optionalNumber = (message: string) =>
	z.union([
		z.literal(''),
		z
			.string()
			.trim()
			.transform((v) => v.replace(/\s/g, '').replace(',', '.'))
			.pipe(z.string().regex(/^-?\d+(\.\d+)?$/, { message }))
	]);

export const updateMeasureSchema = z
	.object({
		title: z.string().trim().min(1, { message: 'plans.measure_title_missing' }).max(300, { message: 'plans.title_too_long' }),
		description: longText(),
		time: longText(),
		startDate: isoDate,
		endDate: isoDate,
		ongoing: z.boolean(),
		scope: longText(),
		targetAreas: z.array(z.string().trim().min(1).max(200)).max(50),
		cost: longText(),
		costAmount: optionalNumber('Ange beloppet i hela kronor, t.ex. 557000.'),
		fundingSource: z.string().trim().max(300),
		goal: longText(),
		indicators: z
			.array(
				z.object({
					name: z.string().trim().min(1, { message: 'plans.indicator_name_missing' }).max(200),
					unit: z.string().trim().max(50),
					baseline: optionalNumber('Utgångsläget ska vara ett tal.'),
					target: optionalNumber('Målvärdet ska vara ett tal.')
				})
			)
			.max(10),
		followUp: longText(),
		responsible: z.array(z.object({ organisationId: z.string().refine(isUuid), lead: z.boolean() })).max(30),
		problemIds: z.array(z.string().refine(isUuid)).max(50),
		factors: z.array(z.string().refine((code) => Object.hasOwn(FACTOR_LABELS, code), { message: 'plans.factor_unknown' })).max(40),
		reason: z.string().trim().max(1000)
	})
	.superRefine((value, ctx) => {
		if (value.startDate && value.endDate && value.startDate > value.endDate)
			ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'plans.end_before_start' });
		if (value.responsible.filter((r) => r.lead).length > 1) ctx.addIssue({ code: 'custom', path: ['responsible'], message: 'plans.lead_more_than_one' });
		if (value.costAmount !== '' && !/^\d+$/.test(value.costAmount))
			ctx.addIssue({ code: 'custom', path: ['costAmount'], message: 'plans.cost_amount_invalid' });
	});

export type UpdateMeasureInput = z.input<typeof updateMeasureSchema>;

/** Measure fields are named by their path with dots (`responsible.0.organisationId`). */
const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.');

const snapshotOf = (plan: PlanView): PlanSnapshot => ({ title: plan.title, period: plan.period, status: plan.status, focusAreas: plan.focusAreas });

/** A decided plan keeps what was decided: store it as a revision and count the plan up. Returns the plan's new revision. */
async function reviseIfDecided(tx: DbOrTx, actor: Actor, plan: PlanView, reason: string): Promise<number> {
	if (plan.status !== 'beslutad') return plan.revision;
	await insertRevision(tx, { planId: plan.id, revision: plan.revision, reason, snapshot: snapshotOf(plan), createdBy: actor.userId });
	await updatePlanRow(tx, plan.id, { revision: plan.revision + 1 });
	return plan.revision + 1;
}

export async function updateMeasure(options: {
	db: Db;
	actor: Actor;
	planId: string;
	measureId: string;
	municipalityId: string;
	input: UpdateMeasureInput;
	ip: string | null;
}) {
	const { db, actor } = options;
	const plan = await getPlan({ db, actor, planId: options.planId, municipalityId: options.municipalityId });
	requireAccess(actor, 'plan.edit', { municipalityId: plan.municipalityId });
	const measure = plan.focusAreas.flatMap((a) => a.measures).find((m) => m.id === options.measureId);
	if (!measure) throw new NotFoundError('plans.measure_not_found');
	const parsed = updateMeasureSchema.safeParse(options.input);
	// Every problem at once: a decided plan's missing reason is reported together with the field errors.
	const missingReason = plan.status === 'beslutad' && String(options.input.reason ?? '').trim() === '';
	const reasonError: FieldCode = { code: 'plans.revision_reason_missing' };
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues, dotted, missingReason ? { reason: reasonError } : {});
	const input = parsed.data;
	const errors: Record<string, FieldCode> = {};
	const organisations = new Map((await listOrganisationsOfMunicipality(db, plan.municipalityId)).map((o) => [o.id, o]));
	if (input.responsible.some((r) => !organisations.has(r.organisationId))) errors.responsible = { code: 'plans.responsible_not_in_municipality' };
	const problemIds = new Set(plan.focusAreas.flatMap((a) => a.problems.map((p) => p.id)));
	if (input.problemIds.some((id) => !problemIds.has(id))) errors.problemIds = { code: 'plans.problem_not_in_plan' };
	if (missingReason) errors.reason = reasonError;
	if (Object.keys(errors).length) throw codedValidationError(errors);

	const values = {
		title: input.title,
		description: input.description,
		timeText: input.time,
		startDate: input.startDate || null,
		endDate: input.endDate || null,
		ongoing: input.ongoing,
		scope: input.scope,
		targetAreas: input.targetAreas,
		costText: input.cost,
		costAmount: input.costAmount === '' ? null : Number(input.costAmount),
		fundingSource: input.fundingSource || null,
		goal: input.goal,
		indicators: input.indicators.map((i) => ({
			name: i.name,
			unit: i.unit,
			baseline: i.baseline === '' ? null : Number(i.baseline),
			target: i.target === '' ? null : Number(i.target)
		})),
		followUpText: input.followUp,
		factors: input.factors,
		responsibleText: measure.responsibleText
	};
	await db.transaction(async (tx) => {
		const revision = await reviseIfDecided(tx, actor, plan, input.reason);
		await updateMeasureRow(tx, measure.id, values);
		await replaceMeasureResponsibles(tx, measure.id, input.responsible);
		await replaceMeasureProblems(tx, measure.id, input.problemIds);
		const after = await getPlan({ db: tx as Db, actor, planId: plan.id });
		const changed = diffPlans(snapshotOf(plan), snapshotOf(after)).measures.find((m) => m.measureId === measure.id)?.fields ?? [];
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'plans.measure.updated',
				entityType: 'measure',
				entityId: measure.id,
				municipalityId: plan.municipalityId,
				changes: Object.fromEntries([
					...changed.map((f) => [f.field, { before: f.before, after: f.after }]),
					...(revision !== plan.revision ? [['revision', { before: plan.revision, after: revision }]] : [])
				])
			}
		);
	});
}

export const planDetailsSchema = z.object({
	title: z.string().trim().min(1, { message: 'plans.plan_title_missing' }).max(300, { message: 'plans.title_too_long' }),
	period: z.string().trim().max(50, { message: 'plans.period_too_long' }),
	status: z.enum(PLAN_STATUSES, { message: 'plans.status_missing' })
});

/** Title, period and status. A decided plan whose title or period changes keeps the decided wording as a revision. */
export async function updatePlanDetails(options: { db: Db; actor: Actor; planId: string; municipalityId: string; input: unknown; ip: string | null }) {
	const { db, actor } = options;
	const plan = await getPlan({ db, actor, planId: options.planId, municipalityId: options.municipalityId });
	requireAccess(actor, 'plan.edit', { municipalityId: plan.municipalityId });
	const parsed = planDetailsSchema.safeParse(options.input);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues, dotted);
	const next = { title: parsed.data.title, period: parsed.data.period || null, status: parsed.data.status };
	const changes: Record<string, { before: unknown; after: unknown }> = Object.fromEntries(
		(['title', 'period', 'status'] as const).filter((k) => (plan[k] ?? null) !== next[k]).map((k) => [k, { before: plan[k] ?? null, after: next[k] }])
	);
	if (Object.keys(changes).length === 0) return;
	await db.transaction(async (tx) => {
		const wordingChanged = 'title' in changes || 'period' in changes;
		const revision = wordingChanged ? await reviseIfDecided(tx, actor, plan, 'Planens titel eller period ändrades.') : plan.revision;
		await updatePlanRow(tx, plan.id, next);
		if (revision !== plan.revision) changes.revision = { before: plan.revision, after: revision };
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{ action: 'plans.plan.updated', entityType: 'plan', entityId: plan.id, municipalityId: plan.municipalityId, changes }
		);
	});
}

/** Only the status, keeping title and period. */
export async function setPlanStatus(options: { db: Db; actor: Actor; planId: string; municipalityId: string; status: string; ip: string | null }) {
	const plan = await getPlan({ db: options.db, actor: options.actor, planId: options.planId, municipalityId: options.municipalityId });
	return updatePlanDetails({ ...options, input: { title: plan.title, period: plan.period ?? '', status: options.status } });
}

export const addDecisionSchema = z.object({
	body: z.string().trim().min(1, { message: 'plans.decision_body_missing' }).max(200, { message: 'plans.name_too_long' }),
	date: isoDate,
	kind: z.enum(DECISION_KINDS, { message: 'plans.decision_kind_missing' }),
	reference: z.string().trim().max(100, { message: 'plans.reference_too_long' }),
	text: longText()
});

export async function addDecision(options: { db: Db; actor: Actor; planId: string; municipalityId: string; input: unknown; ip: string | null }) {
	const { db, actor } = options;
	const plan = await getPlan({ db, actor, planId: options.planId, municipalityId: options.municipalityId });
	requireAccess(actor, 'plan.edit', { municipalityId: plan.municipalityId });
	const parsed = addDecisionSchema.safeParse(options.input);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues, dotted);
	await db.transaction(async (tx) => {
		const sortOrder = await nextDecisionSortOrder(tx, plan.id);
		const [row] = await insertDecisions(tx, [
			{
				planId: plan.id,
				body: parsed.data.body,
				date: parsed.data.date || null,
				kind: parsed.data.kind,
				reference: parsed.data.reference || null,
				text: parsed.data.text,
				sortOrder
			}
		]);
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'plans.decision.added',
				entityType: 'plan_decision',
				entityId: row.id,
				municipalityId: plan.municipalityId,
				changes: {
					body: { before: null, after: parsed.data.body },
					kind: { before: null, after: parsed.data.kind },
					date: { before: null, after: parsed.data.date || null }
				}
			}
		);
	});
}

async function decisionOfPlan(db: Db, actor: Actor, planId: string, municipalityId: string, decisionId: string) {
	const plan = await getPlan({ db, actor, planId, municipalityId });
	requireAccess(actor, 'plan.edit', { municipalityId: plan.municipalityId });
	const decision = isUuid(decisionId) ? await findDecision(db, decisionId) : undefined;
	if (!decision || decision.planId !== plan.id) throw new NotFoundError('plans.decision_not_found');
	return { plan, decision };
}

export const addResponseSchema = z.object({
	body: z.string().trim().min(1, { message: 'plans.consultation_body_missing' }).max(200, { message: 'plans.name_too_long' }),
	receivedOn: isoDate,
	answer: z.string().trim().min(1, { message: 'plans.consultation_text_missing' }).max(20_000, { message: 'plans.consultation_text_too_long' })
});

/** A remiss collects one answer per consulted body. */
export async function addDecisionResponse(options: {
	db: Db;
	actor: Actor;
	planId: string;
	municipalityId: string;
	decisionId: string;
	input: unknown;
	ip: string | null;
}) {
	const { db, actor } = options;
	const { plan, decision } = await decisionOfPlan(db, actor, options.planId, options.municipalityId, options.decisionId);
	if (decision.kind !== 'remiss') throw codedValidationError({ body: { code: 'plans.remiss_answer_needs_remiss' } });
	const parsed = addResponseSchema.safeParse(options.input);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues, dotted);
	await db.transaction(async (tx) => {
		const row = await insertDecisionResponse(tx, {
			decisionId: decision.id,
			body: parsed.data.body,
			receivedOn: parsed.data.receivedOn || null,
			answer: parsed.data.answer
		});
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'plans.remiss_answer.added',
				entityType: 'decision_response',
				entityId: row.id,
				municipalityId: plan.municipalityId,
				changes: { body: { before: null, after: row.body } }
			}
		);
	});
}

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const DOCUMENT_TYPES: Record<string, { mediaType: string; magic?: number[] }> = {
	pdf: { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
	docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [0x50, 0x4b] },
	xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [0x50, 0x4b] },
	odt: { mediaType: 'application/vnd.oasis.opendocument.text', magic: [0x50, 0x4b] },
	txt: { mediaType: 'text/plain; charset=utf-8' }
};

/** Attaches a document (protokollsutdrag, remissvar) to a decision step; the file must be what its name says. */
export async function addDecisionDocument(options: {
	db: Db;
	actor: Actor;
	planId: string;
	municipalityId: string;
	decisionId: string;
	fileName: string;
	data: Uint8Array;
	ip: string | null;
}) {
	const { db, actor, data } = options;
	const { plan, decision } = await decisionOfPlan(db, actor, options.planId, options.municipalityId, options.decisionId);
	const fileName = options.fileName.replace(/[\\/]/g, '_').trim().slice(0, 200);
	const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
	const type = DOCUMENT_TYPES[extension];
	if (data.byteLength === 0) throw codedValidationError({ document: { code: 'plans.document_missing' } });
	if (data.byteLength > MAX_DOCUMENT_BYTES)
		throw codedValidationError({ document: { code: 'plans.document_too_large', params: { megabytes: MAX_DOCUMENT_BYTES / (1024 * 1024) } } });
	if (!type) throw codedValidationError({ document: { code: 'plans.document_type' } });
	if (type.magic && !type.magic.every((byte, i) => data[i] === byte))
		throw codedValidationError({ document: { code: 'plans.document_not_what_named', params: { type: extension.toUpperCase() } } });
	await db.transaction(async (tx) => {
		const row = await insertDecisionDocument(tx, {
			decisionId: decision.id,
			fileName,
			mediaType: type.mediaType,
			contentBase64: Buffer.from(data).toString('base64'),
			size: data.byteLength
		});
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'plans.decision_document.added',
				entityType: 'decision_document',
				entityId: row.id,
				municipalityId: plan.municipalityId,
				changes: { fileName: { before: null, after: fileName }, size: { before: null, after: data.byteLength } }
			}
		);
	});
}

export async function getDecisionDocument(options: { db: Db; actor: Actor; planId: string; municipalityId: string; documentId: string }) {
	const plan = await getPlan({ db: options.db, actor: options.actor, planId: options.planId, municipalityId: options.municipalityId });
	const row = isUuid(options.documentId) ? await findDecisionDocument(options.db, options.documentId) : undefined;
	if (!row || row.planId !== plan.id) throw new NotFoundError('plans.document_not_found');
	return { body: new Uint8Array(Buffer.from(row.document.contentBase64, 'base64')), contentType: row.document.mediaType, fileName: row.document.fileName };
}

export async function listPlanRevisions(options: { db: Db; actor: Actor; planId: string; municipalityId: string }) {
	const plan = await getPlan(options);
	return { plan, revisions: (await listRevisionsOfPlan(options.db, plan.id)).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
}

/** A stored revision next to the plan as it is now: what changed since. */
export async function compareRevision(options: { db: Db; actor: Actor; planId: string; municipalityId: string; revision: number }) {
	const plan = await getPlan(options);
	const row = Number.isInteger(options.revision) ? await findRevision(options.db, plan.id, options.revision) : undefined;
	if (!row) throw new NotFoundError('plans.revision_not_found');
	const before = row.snapshot as PlanSnapshot;
	return {
		plan: { id: plan.id, title: plan.title, revision: plan.revision },
		revision: { number: row.revision, reason: row.reason, createdAt: row.createdAt.toISOString(), snapshot: before },
		diff: diffPlans(before, snapshotOf(plan))
	};
}

/** Places of the municipality's lägesbild that a measure's own text names: offered as target areas on the edit page. */
export async function suggestTargetAreas(options: { db: Db; actor: Actor; municipalityId: string; text: string }) {
	requireAccess(options.actor, 'plan.edit', { municipalityId: options.municipalityId });
	const places = (await listAreaRows(options.db, options.municipalityId)).filter((a) => a.kind !== 'kommun').map((a) => a.name);
	return findPlaceNames(options.text, places);
}
