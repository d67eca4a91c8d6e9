import {
	answerFeedbackSchema,
	extendPromiseSchema,
	feedbackInputSchema,
	followUpCorrectionSchema,
	followUpInputSchema,
	promiseContentSchema,
	type PromiseContent
} from '$lib/modules/promises/schemas';
import { PUBLIC_PROMISE_STATUSES, type PromiseStatus } from '$lib/modules/promises/constants';
import { formatLooseDate, type LooseDate } from '$lib/modules/promises/loose-date';
import type { Db, DbOrTx } from '../../db/client';
import { isPerson, systemActor, type Actor, type Principal } from '../../platform/authz';
import { requireAccess } from '../../platform/access';
import { codedValidationError, validationErrorFromIssues, type FieldCode } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { knownPublicStamp } from '../../platform/shared/page-cache';
import { recordAudit, type AuditEventType } from '../audit/public';
import { convertDocxToPdf } from '../../platform/documents/pdf';
import { renderPosterDocx, renderPromiseDocx } from './promise-documents';
import { renderYearlyReportDocx, reportYears } from './promise-yearly-report';
import { parsePromiseText, type PromiseDraft } from './promise-import';
import { effectiveEnd, outcomeStatus, periodLabel, slugify, summariseFollowUp, targetKindOf, targetMet, uniqueSlug } from './promises.models';
import {
	extensionNotLater,
	feedbackNotFound,
	followUpNotFound,
	importDraftGone,
	importEmpty,
	importNothingFound,
	promiseNotEditable,
	promiseNotFound
} from './promises.errors';
import {
	activitiesOf,
	countNewFeedback,
	deleteActivitiesExcept,
	feedbackOfPromise,
	findFeedback,
	findFollowUp,
	findPromise,
	findPromiseBySlug,
	insertActivity,
	insertCorrection,
	insertExtension,
	insertFeedback,
	insertFollowUp,
	insertImportDraft,
	insertOutcomes,
	insertPromise,
	listPromisesOfMunicipality,
	loadPromiseContents,
	measuresOfMunicipality,
	outcomesOfFollowUp,
	publicFollowUpsOfMunicipality,
	publishedAnswersOfPromise,
	replacePromiseLists,
	setActivityMeasures,
	setFollowUpPublished,
	slugsOfMunicipality,
	takeImportDraft,
	updateActivity,
	updateFeedback,
	updateFollowUpRow,
	updateOutcomeRow,
	updatePromiseRow,
	type PromiseRow
} from './promises.repository';

function validate<T>(result: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } }): T {
	if (!result.success) throw validationErrorFromIssues(result.error.issues);
	return result.data;
}

async function promiseOrFail(db: DbOrTx, promiseId: string, municipalityId?: string): Promise<PromiseRow> {
	const row = isUuid(promiseId) ? await findPromise(db, promiseId) : undefined;
	if (!row || (municipalityId && row.municipalityId !== municipalityId)) throw promiseNotFound();
	return row;
}

// ---------------------------------------------------------------------------------------------
// Import

/** The parsed text as the content a coordinator would have typed: nothing the parser found is left out. */
export function contentFromDraft(draft: PromiseDraft): PromiseContent {
	return {
		title: draft.title.slice(0, 300),
		periodStart: draft.periodStart,
		periodEnd: draft.periodEnd,
		introduction: draft.introduction,
		problemPicture: draft.problemPicture,
		commitment: draft.commitment,
		timeframe: draft.timeframe ?? '',
		followUpForum: draft.followUpForum ?? '',
		nextFollowUpOn: null,
		signedOn: null,
		internalNotes: '',
		parties: draft.partyPromises.map((p) => ({ key: p.party, name: p.partyName, lines: p.items })),
		signatories: draft.signatories.map((s) => ({ name: s.name, title: s.title, partyKey: s.party, signedOn: null })),
		dialogues: draft.dialogueBasis.map((d) => ({
			text: d.text,
			kind: 'dialog' as const,
			count: d.count ?? null,
			respondents: d.respondents ?? null,
			respondentsApprox: false,
			share: null,
			held: d.when ?? null
		})),
		focusAreas: draft.focusAreas,
		activities: draft.activities.map((a) => ({
			id: null,
			activity: a.activity,
			group: a.group,
			scope: a.scope ?? '',
			when: a.when ?? '',
			responsible: a.responsible ?? '',
			followUp: a.followUp ?? '',
			targetKind: a.target ? (a.target.kind ?? 'at_least') : null,
			targetValue: a.target ? Math.round(a.target.value) : null,
			targetUnit: a.target?.unit ?? null,
			measureIds: [],
			answers: []
		}))
	};
}

/** Reads the pasted text and keeps the result as a draft for the coordinator to check. Nothing is saved to a promise yet. */
export async function previewPromiseImport(options: { db: Db; actor: Actor; municipality: { id: string; name: string }; text: string }) {
	const { db, actor, municipality } = options;
	requireAccess(actor, 'promise.import', { municipalityId: municipality.id });
	if (!options.text.trim()) throw importEmpty();
	const draft = parsePromiseText(options.text, { municipalityName: municipality.name });
	const draftId = await insertImportDraft(db, { municipalityId: municipality.id, userId: actor.userId, parsed: draft });
	return { draftId, draft };
}

/** Saves a previewed draft as a new promise (utkast): all of it, or nothing. */
export async function confirmPromiseImport(options: { db: Db; actor: Actor; municipalityId: string; draftId: string; title?: string; ip: string | null }) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'promise.import', { municipalityId });
	return changePublic(db, async (tx) => {
		const row = isUuid(options.draftId) ? await takeImportDraft(tx, options.draftId, actor.userId, municipalityId) : undefined;
		if (!row) throw importDraftGone();
		const draft = row.parsed as PromiseDraft;
		if (options.title?.trim()) draft.title = options.title.trim();
		return saveImported(tx, { actor, municipalityId, draft, ip: options.ip, source: 'inklistrad text' });
	});
}

/** Imports in one step (demo data, CLI): the same path the browser's confirmation takes. */
export async function importPromise(options: { db: Db; actor: Principal; municipalityId: string; draft: PromiseDraft; source: string; ip?: string | null }) {
	requireAccess(options.actor, 'promise.import', { municipalityId: options.municipalityId });
	return changePublic(options.db, (tx) => saveImported(tx, { ...options, ip: options.ip ?? null }));
}

async function saveImported(tx: DbOrTx, options: { actor: Principal; municipalityId: string; draft: PromiseDraft; ip: string | null; source: string }) {
	const { draft } = options;
	if (draft.partyPromises.length === 0 && draft.activities.length === 0) throw importNothingFound();
	const content = validate(promiseContentSchema.safeParse(contentForSchema(contentFromDraft(draft))));
	const promise = await savePromise(tx, {
		actor: options.actor,
		municipalityId: options.municipalityId,
		content,
		ip: options.ip,
		source: options.source,
		action: 'promises.promise.imported'
	});
	const periodEnd = draft.periodEnd;
	for (const extension of draft.extensions) {
		await insertExtension(tx, { promiseId: promise.id, fromYear: periodEnd, toYear: extension.toYear, text: extension.text });
	}
	if (draft.extensions.length) {
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'promises.promise.extended',
				entityType: 'promise',
				entityId: promise.id,
				municipalityId: options.municipalityId,
				changes: { extendedTo: { before: periodEnd, after: Math.max(...draft.extensions.map((e) => e.toYear)) } }
			}
		);
	}
	return promise.id;
}

/** The schema takes form-shaped input (strings for numbers); content already typed goes through it unchanged in meaning. */
function contentForSchema(content: PromiseContent) {
	return {
		...content,
		nextFollowUpOn: looseText(content.nextFollowUpOn),
		signedOn: looseText(content.signedOn),
		periodStart: content.periodStart ?? '',
		periodEnd: content.periodEnd ?? '',
		signatories: content.signatories.map((s) => ({ ...s, signedOn: looseText(s.signedOn) })),
		activities: content.activities.map((a) => ({
			...a,
			id: a.id ?? '',
			group: a.group ?? '',
			targetKind: a.targetKind ?? '',
			targetValue: a.targetValue === null ? '' : String(a.targetValue),
			targetUnit: a.targetUnit ?? ''
		}))
	};
}

/** A stored loose date back as the text the schema reads. */
const looseText = (value: LooseDate | null) => (value ? formatLooseDate(value.date, value.precision) : '');

// ---------------------------------------------------------------------------------------------
// Writing by hand

async function savePromise(
	tx: DbOrTx,
	options: { actor: Principal; municipalityId: string; content: PromiseContent; ip: string | null; source: string; action: AuditEventType }
): Promise<PromiseRow> {
	const { content, municipalityId } = options;
	const name = content.title.replace(/^medborgarlöfte\s*[-–:]?\s*/i, '');
	// The period makes the address unique over the years, unless the title already names it.
	const withPeriod =
		content.periodStart !== null && name.includes(String(content.periodStart)) ? name : `${name} ${periodLabel(content.periodStart, content.periodEnd)}`;
	const base = slugify(withPeriod);
	const slug = uniqueSlug(base, await slugsOfMunicipality(tx, municipalityId));
	const promise = await insertPromise(tx, { municipalityId, slug, status: 'utkast', source: options.source, ...promiseColumns(content) });
	await writeChildren(tx, promise.id, municipalityId, content);
	await recordAudit(
		tx,
		{ actor: options.actor, ip: options.ip },
		{
			action: options.action,
			entityType: 'promise',
			entityId: promise.id,
			municipalityId,
			changes: {
				title: { before: null, after: promise.title },
				source: { before: null, after: options.source },
				promiseLines: { before: null, after: content.parties.reduce((n, p) => n + p.lines.length, 0) },
				activities: { before: null, after: content.activities.length }
			}
		}
	);
	return promise;
}

function promiseColumns(content: PromiseContent) {
	return {
		title: content.title,
		periodStart: content.periodStart,
		periodEnd: content.periodEnd,
		introduction: content.introduction,
		problemPicture: content.problemPicture,
		commitment: content.commitment,
		timeframe: content.timeframe,
		followUpForum: content.followUpForum,
		nextFollowUpOn: content.nextFollowUpOn?.date ?? null,
		nextFollowUpPrecision: content.nextFollowUpOn?.precision ?? null,
		signedOn: content.signedOn?.date ?? null,
		signedOnPrecision: content.signedOn?.precision ?? null,
		internalNotes: content.internalNotes
	};
}

async function writeChildren(tx: DbOrTx, promiseId: string, municipalityId: string, content: PromiseContent) {
	await replacePromiseLists(tx, promiseId, {
		...content,
		signatories: content.signatories.map((s) => ({ ...s, signedOn: s.signedOn?.date ?? null, signedOnPrecision: s.signedOn?.precision ?? null }))
	});
	const existing = new Map((await activitiesOf(tx, promiseId)).map((a) => [a.id, a]));
	const linkable = new Set((await measuresOfMunicipality(tx, municipalityId)).map((m) => m.id));
	const kept: string[] = [];
	for (const [index, a] of content.activities.entries()) {
		const values = {
			sortOrder: index,
			activity: a.activity,
			groupText: a.group,
			scope: a.scope,
			timeText: a.when,
			responsible: a.responsible,
			followUp: a.followUp,
			targetKind: a.targetKind,
			targetValue: a.targetValue,
			targetUnit: a.targetUnit,
			// Only positions the promise's dialogue basis has.
			answers: [...new Set(a.answers)].filter((n) => n < content.dialogues.length).sort((x, y) => x - y)
		};
		let id: string;
		if (a.id && existing.has(a.id)) {
			id = a.id;
			await updateActivity(tx, id, values);
		} else {
			id = (await insertActivity(tx, { promiseId, ...values })).id;
		}
		kept.push(id);
		// Only the municipality's own measures can be linked; anything else in the form is ignored.
		await setActivityMeasures(
			tx,
			id,
			a.measureIds.filter((m) => linkable.has(m))
		);
	}
	await deleteActivitiesExcept(tx, promiseId, kept);
}

export async function createPromise(options: { db: Db; actor: Actor; municipalityId: string; input: unknown; ip: string | null }) {
	requireAccess(options.actor, 'promise.edit', { municipalityId: options.municipalityId });
	const content = validate(promiseContentSchema.safeParse(options.input));
	return changePublic(
		options.db,
		async (tx) =>
			(
				await savePromise(tx, {
					actor: options.actor,
					municipalityId: options.municipalityId,
					content,
					ip: options.ip,
					source: 'skrivet för hand',
					action: 'promises.promise.created'
				})
			).id
	);
}

export async function updatePromise(options: { db: Db; actor: Actor; municipalityId: string; promiseId: string; input: unknown; ip: string | null }) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'promise.edit', { municipalityId });
	const before = await promiseOrFail(db, options.promiseId, municipalityId);
	if (before.status === 'avslutat') throw promiseNotEditable();
	const content = validate(promiseContentSchema.safeParse(options.input));
	await changePublic(db, async (tx) => {
		const after = await updatePromiseRow(tx, before.id, promiseColumns(content));
		await writeChildren(tx, before.id, municipalityId, content);
		const changes: Record<string, { before: unknown; after: unknown }> = {};
		for (const key of [
			'title',
			'periodStart',
			'periodEnd',
			'followUpForum',
			'nextFollowUpOn',
			'nextFollowUpPrecision',
			'signedOn',
			'signedOnPrecision'
		] as const) {
			if (before[key] !== after[key]) changes[key] = { before: before[key], after: after[key] };
		}
		changes.activities = { before: null, after: content.activities.length };
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{ action: 'promises.promise.updated', entityType: 'promise', entityId: before.id, municipalityId, changes }
		);
	});
}

/** Moves a promise through utkast → undertecknat → publicerat → avslutat (any step may be taken back but avslutat). */
export async function setPromiseStatus(options: { db: Db; actor: Actor; municipalityId: string; promiseId: string; status: PromiseStatus; ip: string | null }) {
	const { db, actor, municipalityId, status } = options;
	requireAccess(actor, 'promise.publish', { municipalityId });
	const before = await promiseOrFail(db, options.promiseId, municipalityId);
	if (before.status === status) return;
	await changePublic(db, async (tx) => {
		await updatePromiseRow(tx, before.id, { status, publishedAt: status === 'publicerat' ? (before.publishedAt ?? new Date()) : before.publishedAt });
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: status === 'publicerat' ? 'promises.promise.published' : 'promises.promise.status_changed',
				entityType: 'promise',
				entityId: before.id,
				municipalityId,
				changes: { status: { before: before.status, after: status } }
			}
		);
	});
}

/** "Förlängt till 2024": the period stays as it was signed; the extension is added as history. */
export async function extendPromise(options: { db: Db; actor: Actor; municipalityId: string; promiseId: string; input: unknown; ip: string | null }) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'promise.edit', { municipalityId });
	const promise = await promiseOrFail(db, options.promiseId, municipalityId);
	const input = validate(extendPromiseSchema.safeParse(options.input));
	const contents = await loadPromiseContents(db, promise.id);
	const end = effectiveEnd(promise.periodEnd, contents.extensions);
	const toYear = input.toYear as number;
	if (end !== null && toYear <= end) throw codedValidationError({ toYear: { code: extensionNotLater(end).code, params: { end: String(end) } } });
	await changePublic(db, async (tx) => {
		const row = await insertExtension(tx, { promiseId: promise.id, fromYear: end, toYear, decidedOn: input.decidedOn, text: input.text });
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'promises.promise.extended',
				entityType: 'promise',
				entityId: promise.id,
				municipalityId,
				changes: { extendedTo: { before: end, after: row.toYear } }
			}
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Follow-up

/** Records a follow-up as a dated snapshot of every activity's outcome. */
export async function recordFollowUp(options: { db: Db; actor: Actor; municipalityId: string; promiseId: string; input: unknown; ip: string | null }) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'promise.edit', { municipalityId });
	const promise = await promiseOrFail(db, options.promiseId, municipalityId);
	const input = validate(followUpInputSchema.safeParse(options.input));
	const activities = await activitiesOf(db, promise.id);
	const byId = new Map(input.outcomes.map((o) => [o.activityId, o]));
	const errors: Record<string, FieldCode> = {};
	for (const outcome of input.outcomes) {
		if (!activities.some((a) => a.id === outcome.activityId)) errors.form = { code: 'promises.activity_not_in_promise' };
	}
	if (Object.keys(errors).length) throw codedValidationError(errors);
	return changePublic(db, async (tx) => {
		const followUp = await insertFollowUp(tx, {
			promiseId: promise.id,
			heldOn: input.heldOn!.date,
			heldOnPrecision: input.heldOn!.precision,
			forum: input.forum,
			summary: input.summary,
			published: input.publish,
			publishedAt: input.publish ? new Date() : null,
			createdBy: actor.userId
		});
		const rows = activities.map((a, index) => {
			const o = byId.get(a.id);
			const achieved = o?.achieved ?? null;
			const kind = targetKindOf(a.targetKind, a.targetValue);
			return {
				followUpId: followUp.id,
				activityId: a.id,
				sortOrder: index,
				activityText: a.activity,
				targetKind: kind,
				targetValue: a.targetValue,
				// A result without a target keeps the unit it was reported in ("303 kontroller").
				targetUnit: a.targetUnit ?? (kind === null && achieved !== null ? (o?.unit ?? null) : null),
				achieved,
				status: outcomeStatus(o?.status ?? null, a.targetValue, achieved, kind),
				done: o?.done ?? ''
			};
		});
		await insertOutcomes(tx, rows);
		const summary = summariseFollowUp(rows.map((r) => r.status as never));
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'promises.follow_up.recorded',
				entityType: 'promise_follow_up',
				entityId: followUp.id,
				municipalityId,
				changes: {
					heldOn: { before: null, after: followUp.heldOn },
					forum: { before: null, after: followUp.forum },
					published: { before: null, after: followUp.published },
					uppfyllt: { before: null, after: summary.uppfyllt },
					notReported: { before: null, after: summary.notReported }
				}
			}
		);
		return followUp.id;
	});
}

/** One corrected value of a follow-up; statuses are codes, dates as written, so each reader sees them in their language. */
export interface CorrectionChange {
	field: 'heldOn' | 'forum' | 'summary' | 'status' | 'achieved' | 'done';
	/** The activity's text for an outcome's field, null for the follow-up's own. */
	activity: string | null;
	before: string | number | null;
	after: string | number | null;
}

/**
 * Corrects a saved follow-up (published or not): the follow-up shows the corrected values and the
 * correction — when, why, each value before and after — is kept and shown with it, publicly too.
 */
export async function correctFollowUp(options: { db: Db; actor: Actor; municipalityId: string; followUpId: string; input: unknown; ip: string | null }) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'promise.edit', { municipalityId });
	const followUp = isUuid(options.followUpId) ? await findFollowUp(db, options.followUpId) : undefined;
	if (!followUp) throw followUpNotFound();
	await promiseOrFail(db, followUp.promiseId, municipalityId);
	const input = validate(followUpCorrectionSchema.safeParse(options.input));
	const rows = await outcomesOfFollowUp(db, followUp.id);
	const byId = new Map(input.outcomes.map((o) => [o.outcomeId, o]));
	const changes: CorrectionChange[] = [];
	const heldOn = input.heldOn!;
	const label = (date: string, precision: string | null) => formatLooseDate(date, precision);
	if (heldOn.date !== followUp.heldOn || heldOn.precision !== (followUp.heldOnPrecision ?? 'day')) {
		changes.push({ field: 'heldOn', activity: null, before: label(followUp.heldOn, followUp.heldOnPrecision), after: label(heldOn.date, heldOn.precision) });
	}
	if (input.forum !== followUp.forum) changes.push({ field: 'forum', activity: null, before: followUp.forum, after: input.forum });
	if (input.summary !== followUp.summary) changes.push({ field: 'summary', activity: null, before: followUp.summary, after: input.summary });
	const updates: { id: string; values: { achieved: number | null; status: string | null; done: string; targetUnit: string | null } }[] = [];
	for (const row of rows) {
		const o = byId.get(row.id);
		if (!o) continue;
		const kind = targetKindOf(row.targetKind, row.targetValue);
		const status = outcomeStatus(o.status, row.targetValue, o.achieved, kind);
		const unit = kind === null ? (o.achieved === null ? null : (o.unit ?? row.targetUnit)) : row.targetUnit;
		const before = changes.length;
		if (o.achieved !== row.achieved) changes.push({ field: 'achieved', activity: row.activityText, before: row.achieved, after: o.achieved });
		if (status !== row.status) changes.push({ field: 'status', activity: row.activityText, before: row.status, after: status });
		if (o.done !== row.done) changes.push({ field: 'done', activity: row.activityText, before: row.done, after: o.done });
		if (changes.length > before || unit !== row.targetUnit)
			updates.push({ id: row.id, values: { achieved: o.achieved, status, done: o.done, targetUnit: unit } });
	}
	for (const id of byId.keys()) if (!rows.some((r) => r.id === id)) throw followUpNotFound();
	if (changes.length === 0) throw codedValidationError({ reason: { code: 'promises.correction_unchanged' } });
	await changePublic(db, async (tx) => {
		await updateFollowUpRow(tx, followUp.id, { heldOn: heldOn.date, heldOnPrecision: heldOn.precision, forum: input.forum, summary: input.summary });
		for (const u of updates) await updateOutcomeRow(tx, u.id, u.values);
		await insertCorrection(tx, { followUpId: followUp.id, reason: input.reason, changes, correctedBy: actor.userId });
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'promises.follow_up.corrected',
				entityType: 'promise_follow_up',
				entityId: followUp.id,
				municipalityId,
				changes: Object.fromEntries(
					changes.map((c, i) => [`${i + 1}:${c.field}${c.activity ? `:${c.activity.slice(0, 60)}` : ''}`, { before: c.before, after: c.after }])
				)
			}
		);
	});
}

export async function publishFollowUp(options: { db: Db; actor: Actor; municipalityId: string; followUpId: string; published: boolean; ip: string | null }) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'promise.publish', { municipalityId });
	const followUp = isUuid(options.followUpId) ? await findFollowUp(db, options.followUpId) : undefined;
	if (!followUp) throw followUpNotFound();
	await promiseOrFail(db, followUp.promiseId, municipalityId);
	await changePublic(db, async (tx) => {
		await setFollowUpPublished(tx, followUp.id, options.published);
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'promises.follow_up.published',
				entityType: 'promise_follow_up',
				entityId: followUp.id,
				municipalityId,
				changes: { published: { before: followUp.published, after: options.published } }
			}
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listPromises(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'promise.read', { municipalityId: options.municipalityId });
	return listPromisesOfMunicipality(options.db, options.municipalityId);
}

/** The whole promise for the app (internal notes, unpublished follow-ups included). */
export async function getPromise(options: { db: Db; actor: Actor; municipalityId: string; promiseId: string }) {
	requireAccess(options.actor, 'promise.read', { municipalityId: options.municipalityId });
	const row = await promiseOrFail(options.db, options.promiseId, options.municipalityId);
	return promiseView(row, await loadPromiseContents(options.db, row.id), { public: false });
}

export async function linkableMeasures(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'promise.edit', { municipalityId: options.municipalityId });
	return measuresOfMunicipality(options.db, options.municipalityId);
}

const PUBLIC = [...PUBLIC_PROMISE_STATUSES] as string[];

/**
 * Public views are read far more often than promises change, so they are kept briefly per database.
 * Every write in this process empties the cache at once; the time limit bounds how stale another
 * server process sharing the same PostgreSQL can be.
 */
const PUBLIC_CACHE_MS = 5_000;
const publicCache = new WeakMap<DbOrTx, Map<string, { at: number; value: Promise<unknown>; refreshing: boolean; stamp: string | null }>>();

function cachedPublic<T>(db: DbOrTx, municipalityId: string, key: string, load: () => Promise<T>): Promise<T> {
	let map = publicCache.get(db);
	if (!map) publicCache.set(db, (map = new Map()));
	const entries = map;
	// A write on another app server moves the municipality's public version (platform/shared/page-cache.ts):
	// nothing loaded before it is used again, or the page cache would keep the old view under the new version.
	const stamp = knownPublicStamp(db, municipalityId);
	let hit = entries.get(key);
	if (hit && hit.stamp !== stamp) {
		entries.delete(key);
		hit = undefined;
	}
	if (hit && (Date.now() - hit.at < PUBLIC_CACHE_MS || hit.refreshing)) return hit.value as Promise<T>;
	if (hit) {
		// Past its time the old view is served while one reload runs, so visitors never queue behind it.
		hit.refreshing = true;
		const next = load();
		next.then(
			() => entries.get(key) === hit && entries.set(key, { at: Date.now(), value: next, refreshing: false, stamp }),
			() => entries.get(key) === hit && entries.delete(key)
		);
		return hit.value as Promise<T>;
	}
	const value = load();
	const entry = { at: Date.now(), value, refreshing: false, stamp };
	entries.set(key, entry);
	// A failed load (a 404, say) is not kept.
	value.catch(() => entries.get(key) === entry && entries.delete(key));
	return value;
}

/** A write that may change what citizens see: the cache is emptied once it has committed. */
async function changePublic<T>(db: Db, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
	try {
		return await db.transaction(work);
	} finally {
		publicCache.delete(db);
	}
}

/** What citizens see of a municipality: published and closed promises, current first. */
export function listPublicPromises(options: { db: Db; municipalityId: string }) {
	return cachedPublic(options.db, options.municipalityId, `list:${options.municipalityId}`, async () => {
		const rows = await listPromisesOfMunicipality(options.db, options.municipalityId, PUBLIC);
		return Promise.all(rows.map(async (row) => promiseView(row, await loadPromiseContents(options.db, row.id), { public: true })));
	});
}

/** One published promise; drafts and unknown slugs are the same 404. */
export function getPublicPromise(options: { db: Db; municipalityId: string; slug: string }) {
	return cachedPublic(options.db, options.municipalityId, `one:${options.municipalityId}:${options.slug}`, () => loadPublicPromise(options));
}

async function loadPublicPromise(options: { db: Db; municipalityId: string; slug: string }) {
	const row = await findPromiseBySlug(options.db, options.municipalityId, options.slug);
	if (!row || !PUBLIC.includes(row.status)) throw promiseNotFound();
	const [contents, answers] = await Promise.all([loadPromiseContents(options.db, row.id), publishedAnswersOfPromise(options.db, row.id)]);
	return {
		...promiseView(row, contents, { public: true }),
		answers: answers.map((a) => ({ message: a.message, answer: a.answer ?? '', answeredAt: a.answeredAt?.toISOString() ?? null }))
	};
}

export async function publicFollowUps(options: { db: Db; municipalityId: string }) {
	return publicFollowUpsOfMunicipality(options.db, options.municipalityId, PUBLIC);
}

export function promiseView(row: PromiseRow, contents: Awaited<ReturnType<typeof loadPromiseContents>>, options: { public: boolean }) {
	const followUps = contents.followUps.filter((f) => !options.public || f.published);
	const latest = followUps[0];
	const outcomesOf = (followUpId: string) => contents.outcomes.filter((o) => o.followUpId === followUpId);
	const latestOutcome = (activityId: string) => (latest ? outcomesOf(latest.id).find((o) => o.activityId === activityId) : undefined);
	const end = effectiveEnd(row.periodEnd, contents.extensions);
	return {
		id: row.id,
		municipalityId: row.municipalityId,
		slug: row.slug,
		title: row.title,
		status: row.status as PromiseStatus,
		periodStart: row.periodStart,
		periodEnd: row.periodEnd,
		effectiveEnd: end,
		period: periodLabel(row.periodStart, end),
		originalPeriod: periodLabel(row.periodStart, row.periodEnd),
		introduction: row.introduction,
		problemPicture: row.problemPicture,
		commitment: row.commitment,
		timeframe: row.timeframe,
		followUpForum: row.followUpForum,
		nextFollowUpOn: row.nextFollowUpOn,
		nextFollowUpPrecision: row.nextFollowUpPrecision,
		signedOn: row.signedOn,
		signedOnPrecision: row.signedOnPrecision,
		licence: row.licence,
		publishedAt: row.publishedAt?.toISOString() ?? null,
		updatedAt: row.updatedAt.toISOString(),
		createdAt: row.createdAt.toISOString(),
		...(options.public ? {} : { internalNotes: row.internalNotes, source: row.source }),
		parties: contents.parties.map((p) => ({ key: p.key, name: p.name, lines: contents.lines.filter((l) => l.partyId === p.id).map((l) => l.text) })),
		signatories: contents.signatories.map((s) => ({
			name: s.name,
			title: s.title,
			partyKey: s.partyKey,
			signedOn: s.signedOn,
			signedOnPrecision: s.signedOnPrecision
		})),
		extensions: contents.extensions.map((e) => ({ fromYear: e.fromYear, toYear: e.toYear, decidedOn: e.decidedOn, text: e.text })),
		dialogues: contents.dialogues.map((d) => ({
			text: d.text,
			kind: d.kind,
			count: d.count,
			respondents: d.respondents,
			respondentsApprox: d.respondentsApprox,
			share: d.share,
			held: d.held
		})),
		focusAreas: contents.focusAreas.map((f) => f.title),
		activities: contents.activities.map((a) => {
			const outcome = latestOutcome(a.id);
			return {
				id: a.id,
				activity: a.activity,
				group: a.groupText,
				scope: a.scope,
				when: a.timeText,
				responsible: a.responsible,
				followUp: a.followUp,
				targetKind: targetKindOf(a.targetKind, a.targetValue),
				targetValue: a.targetValue,
				targetUnit: a.targetUnit,
				measures: contents.links.filter((l) => l.activityId === a.id).map((l) => ({ id: l.measureId, title: l.title, planId: l.planId })),
				/** "Ni sa": the dialogue basis items this activity answers, by position, and their texts. */
				answers: (a.answers ?? []).filter((n) => n < contents.dialogues.length),
				said: (a.answers ?? []).filter((n) => n < contents.dialogues.length).map((n) => contents.dialogues[n].text),
				latest: outcome
					? {
							status: outcome.status,
							achieved: outcome.achieved,
							done: outcome.done,
							unit: outcome.targetUnit,
							met: targetMet(outcome.targetValue, outcome.achieved, outcome.targetKind),
							heldOn: latest!.heldOn,
							heldOnPrecision: latest!.heldOnPrecision
						}
					: null
			};
		}),
		followUps: followUps.map((f) => {
			const outcomes = outcomesOf(f.id);
			return {
				id: f.id,
				heldOn: f.heldOn,
				heldOnPrecision: f.heldOnPrecision,
				forum: f.forum,
				summary: f.summary,
				published: f.published,
				publishedAt: f.publishedAt?.toISOString() ?? null,
				createdAt: f.createdAt.toISOString(),
				counts: summariseFollowUp(outcomes.map((o) => o.status as never)),
				outcomes: outcomes.map((o) => ({
					id: o.id,
					activityId: o.activityId,
					activity: o.activityText,
					targetKind: targetKindOf(o.targetKind, o.targetValue),
					targetValue: o.targetValue,
					targetUnit: o.targetUnit,
					achieved: o.achieved,
					status: o.status,
					met: targetMet(o.targetValue, o.achieved, o.targetKind),
					done: o.done
				})),
				// Who corrected is not shown publicly; when, why and what is.
				corrections: contents.corrections
					.filter((c) => c.followUpId === f.id)
					.map((c) => ({ correctedAt: c.correctedAt.toISOString(), reason: c.reason, changes: c.changes as CorrectionChange[] }))
			};
		})
	};
}

export type PromiseView = ReturnType<typeof promiseView>;

// ---------------------------------------------------------------------------------------------
// Tyck till

/** Stores a citizen's message. The caller has already passed the spam and flood checks. */
export async function submitFeedback(options: { db: Db; municipalityId: string; slug: string; input: unknown; ip: string | null }) {
	const row = await findPromiseBySlug(options.db, options.municipalityId, options.slug);
	if (!row || !PUBLIC.includes(row.status)) throw promiseNotFound();
	const input = validate(feedbackInputSchema.safeParse(options.input));
	return options.db.transaction(async (tx) => {
		const feedback = await insertFeedback(tx, { promiseId: row.id, message: input.message, name: input.name, email: input.email });
		// The audit row names no person: the sender is anonymous unless they chose to give a name.
		await recordAudit(
			tx,
			{ actor: systemActor('public-site'), ip: options.ip },
			{
				action: 'promises.feedback.received',
				entityType: 'promise_feedback',
				entityId: feedback.id,
				municipalityId: options.municipalityId,
				changes: { promise: { before: null, after: row.slug }, length: { before: null, after: input.message.length } }
			}
		);
		return feedback.id;
	});
}

/** How many unanswered messages each promise has, for the coordinator's list. */
export async function newFeedbackCounts(options: { db: Db; actor: Actor; municipalityId: string; promiseIds: string[] }): Promise<Record<string, number>> {
	requireAccess(options.actor, 'promise.feedback.moderate', { municipalityId: options.municipalityId });
	const own = new Set((await listPromisesOfMunicipality(options.db, options.municipalityId)).map((p) => p.id));
	const rows = await countNewFeedback(
		options.db,
		options.promiseIds.filter((id) => own.has(id))
	);
	return Object.fromEntries(rows.map((r) => [r.promiseId, Number(r.n)]));
}

export async function listFeedback(options: { db: Db; actor: Actor; municipalityId: string; promiseId: string }) {
	requireAccess(options.actor, 'promise.feedback.moderate', { municipalityId: options.municipalityId });
	const promise = await promiseOrFail(options.db, options.promiseId, options.municipalityId);
	return feedbackOfPromise(options.db, promise.id);
}

export async function answerFeedback(options: { db: Db; actor: Actor; municipalityId: string; feedbackId: string; input: unknown; ip: string | null }) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'promise.feedback.moderate', { municipalityId });
	const feedback = isUuid(options.feedbackId) ? await findFeedback(db, options.feedbackId) : undefined;
	if (!feedback) throw feedbackNotFound();
	await promiseOrFail(db, feedback.promiseId, municipalityId);
	const input = validate(answerFeedbackSchema.safeParse(options.input));
	if (input.publish && !input.answer) throw codedValidationError({ answer: { code: 'promises.answer_missing' } });
	if (input.publish && input.status === 'avvisad') throw codedValidationError({ status: { code: 'promises.rejected_not_publishable' } });
	await changePublic(db, async (tx) => {
		const answered = input.answer !== '' && input.answer !== (feedback.answer ?? '');
		await updateFeedback(tx, feedback.id, {
			answer: input.answer || null,
			answerPublished: input.publish,
			status: input.answer && input.status === 'ny' ? 'besvarad' : input.status,
			...(answered ? { answeredAt: new Date(), answeredBy: actor.userId } : {})
		});
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'promises.feedback.answered',
				entityType: 'promise_feedback',
				entityId: feedback.id,
				municipalityId,
				changes: {
					status: { before: feedback.status, after: input.status },
					answerPublished: { before: feedback.answerPublished, after: input.publish },
					answered: { before: feedback.answer !== null, after: input.answer !== '' }
				}
			}
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Documents

/** The signed document, the poster, or the yearly follow-up report (targets, outcomes, met or not). */
export type PromiseFileKind = 'dokument' | 'affisch' | 'uppfoljning';
export type PromiseFileFormat = 'docx' | 'pdf';

const FILE_TYPES: Record<PromiseFileFormat, string> = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf'
};

/** Generated files by content: a public PDF is made once per version of the promise, not once per visitor. */
const fileCache = new Map<string, Buffer>();

/**
 * The signed document or the poster of a promise. Called with the view the caller may see (public or
 * app); an export from the app is audited, a citizen's download is not (nobody to attribute it to).
 */
export async function promiseFile(options: {
	db: Db;
	actor: Principal;
	municipality: { id: string; officialName: string };
	promise: PromiseView;
	kind: PromiseFileKind;
	format: PromiseFileFormat;
	url: string;
	ip: string | null;
	/** The yearly report's year: one the promise has follow-ups in, else not found. */
	year?: number;
}) {
	const { promise, kind, format } = options;
	if (kind === 'uppfoljning' && (options.year === undefined || !reportYears(promise).includes(options.year))) throw followUpNotFound();
	requireAccess(options.actor, 'promise.read', { municipalityId: options.municipality.id, id: promise.id, published: PUBLIC.includes(promise.status) });
	const key = [
		kind,
		options.year ?? '',
		format,
		promise.id,
		promise.updatedAt,
		promise.status,
		promise.extensions.length,
		promise.followUps.map((f) => `${f.id}:${f.corrections.length}`).join(','),
		options.url
	].join('|');
	let body = fileCache.get(key);
	if (!body) {
		const input = { promise, municipalityName: options.municipality.officialName };
		const docx =
			kind === 'affisch'
				? await renderPosterDocx({ ...input, url: options.url })
				: kind === 'uppfoljning'
					? await renderYearlyReportDocx({ ...input, year: options.year! })
					: await renderPromiseDocx(input);
		body = format === 'pdf' ? await convertDocxToPdf(docx) : docx;
		if (fileCache.size >= 50) fileCache.delete(fileCache.keys().next().value!);
		fileCache.set(key, body);
	}
	if (isPerson(options.actor)) {
		await options.db.transaction((tx) =>
			recordAudit(
				tx,
				{ actor: options.actor, ip: options.ip },
				{
					action: 'promises.promise.exported',
					entityType: 'promise',
					entityId: promise.id,
					municipalityId: options.municipality.id,
					changes: {
						kind: { before: null, after: kind },
						format: { before: null, after: format },
						...(options.year ? { year: { before: null, after: options.year } } : {})
					}
				}
			)
		);
	}
	const name = kind === 'affisch' ? 'affisch' : kind === 'uppfoljning' ? `uppfoljning-${options.year}` : 'medborgarlofte';
	return { body, contentType: FILE_TYPES[format], fileName: `${name}-${promise.slug}.${format}` };
}
