import { and, asc, count, desc, eq, inArray, lt, notInArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { measures, plans } from '../plans/plans.table';
import {
	promiseActivities,
	promiseActivityMeasures,
	promiseDialogues,
	promiseExtensions,
	promiseFeedback,
	promiseFocusAreas,
	promiseFollowUpCorrections,
	promiseFollowUps,
	promiseImportDrafts,
	promiseLines,
	promiseOutcomes,
	promiseParties,
	promiseSignatories,
	promises
} from './promises.table';

export type PromiseRow = typeof promises.$inferSelect;
export type ActivityRow = typeof promiseActivities.$inferSelect;
export type FeedbackRow = typeof promiseFeedback.$inferSelect;

export async function insertPromise(db: DbOrTx, values: typeof promises.$inferInsert): Promise<PromiseRow> {
	const [row] = await db.insert(promises).values(values).returning();
	return row;
}

export async function updatePromiseRow(db: DbOrTx, id: string, values: Partial<typeof promises.$inferInsert>): Promise<PromiseRow> {
	const [row] = await db
		.update(promises)
		.set({ ...values, updatedAt: new Date() })
		.where(eq(promises.id, id))
		.returning();
	return row;
}

export async function findPromise(db: DbOrTx, id: string): Promise<PromiseRow | undefined> {
	const [row] = await db.select().from(promises).where(eq(promises.id, id));
	return row;
}

export async function findPromiseBySlug(db: DbOrTx, municipalityId: string, slug: string): Promise<PromiseRow | undefined> {
	const [row] = await db
		.select()
		.from(promises)
		.where(and(eq(promises.municipalityId, municipalityId), eq(promises.slug, slug)));
	return row;
}

export async function slugsOfMunicipality(db: DbOrTx, municipalityId: string): Promise<string[]> {
	const rows = await db.select({ slug: promises.slug }).from(promises).where(eq(promises.municipalityId, municipalityId));
	return rows.map((r) => r.slug);
}

export function listPromisesOfMunicipality(db: DbOrTx, municipalityId: string, statuses?: string[]) {
	const where = statuses ? and(eq(promises.municipalityId, municipalityId), inArray(promises.status, statuses)) : eq(promises.municipalityId, municipalityId);
	return db.select().from(promises).where(where).orderBy(desc(promises.periodStart), desc(promises.createdAt));
}

/** Parties with their lines, signatories, dialogues and focus areas are replaced as a whole on every save. */
export async function replacePromiseLists(
	db: DbOrTx,
	promiseId: string,
	lists: {
		parties: { key: string; name: string; lines: string[] }[];
		signatories: { name: string; title: string; partyKey: string | null; signedOn: string | null; signedOnPrecision: string | null }[];
		dialogues: {
			text: string;
			kind: string;
			count: number | null;
			respondents: number | null;
			respondentsApprox: boolean;
			share: number | null;
			held: string | null;
		}[];
		focusAreas: string[];
	}
) {
	await db.delete(promiseParties).where(eq(promiseParties.promiseId, promiseId));
	await db.delete(promiseSignatories).where(eq(promiseSignatories.promiseId, promiseId));
	await db.delete(promiseDialogues).where(eq(promiseDialogues.promiseId, promiseId));
	await db.delete(promiseFocusAreas).where(eq(promiseFocusAreas.promiseId, promiseId));
	for (const [index, party] of lists.parties.entries()) {
		const [row] = await db
			.insert(promiseParties)
			.values({ promiseId, key: party.key, name: party.name, sortOrder: index })
			.returning({ id: promiseParties.id });
		if (party.lines.length) await db.insert(promiseLines).values(party.lines.map((text, i) => ({ partyId: row.id, text, sortOrder: i })));
	}
	if (lists.signatories.length) await db.insert(promiseSignatories).values(lists.signatories.map((s, i) => ({ promiseId, ...s, sortOrder: i })));
	if (lists.dialogues.length) await db.insert(promiseDialogues).values(lists.dialogues.map((d, i) => ({ promiseId, ...d, sortOrder: i })));
	if (lists.focusAreas.length) await db.insert(promiseFocusAreas).values(lists.focusAreas.map((title, i) => ({ promiseId, title, sortOrder: i })));
}

export async function activitiesOf(db: DbOrTx, promiseId: string): Promise<ActivityRow[]> {
	return db.select().from(promiseActivities).where(eq(promiseActivities.promiseId, promiseId)).orderBy(asc(promiseActivities.sortOrder));
}

export async function insertActivity(db: DbOrTx, values: typeof promiseActivities.$inferInsert): Promise<ActivityRow> {
	const [row] = await db.insert(promiseActivities).values(values).returning();
	return row;
}

export async function updateActivity(db: DbOrTx, id: string, values: Partial<typeof promiseActivities.$inferInsert>) {
	await db.update(promiseActivities).set(values).where(eq(promiseActivities.id, id));
}

/** Removes the activities not kept; follow-up snapshots keep their copy of the text. */
export async function deleteActivitiesExcept(db: DbOrTx, promiseId: string, keep: string[]) {
	const where = keep.length
		? and(eq(promiseActivities.promiseId, promiseId), notInArray(promiseActivities.id, keep))
		: eq(promiseActivities.promiseId, promiseId);
	await db.delete(promiseActivities).where(where);
}

export async function setActivityMeasures(db: DbOrTx, activityId: string, measureIds: string[]) {
	await db.delete(promiseActivityMeasures).where(eq(promiseActivityMeasures.activityId, activityId));
	if (measureIds.length)
		await db
			.insert(promiseActivityMeasures)
			.values(measureIds.map((measureId) => ({ activityId, measureId })))
			.onConflictDoNothing();
}

/** Measures of the municipality's action plans, to link activities to. */
export function measuresOfMunicipality(db: DbOrTx, municipalityId: string) {
	return db
		.select({ id: measures.id, title: measures.title, planTitle: plans.title })
		.from(measures)
		.innerJoin(plans, eq(plans.id, measures.planId))
		.where(eq(plans.municipalityId, municipalityId))
		.orderBy(asc(plans.createdAt), asc(measures.sortOrder));
}

export async function insertExtension(db: DbOrTx, values: typeof promiseExtensions.$inferInsert) {
	const [row] = await db.insert(promiseExtensions).values(values).returning();
	return row;
}

/** Everything a promise page, the exports and the feeds show, in a handful of queries. */
export async function loadPromiseContents(db: DbOrTx, promiseId: string) {
	const [parties, signatories, extensions, dialogues, focusAreas, activities, followUps] = await Promise.all([
		db.select().from(promiseParties).where(eq(promiseParties.promiseId, promiseId)).orderBy(asc(promiseParties.sortOrder)),
		db.select().from(promiseSignatories).where(eq(promiseSignatories.promiseId, promiseId)).orderBy(asc(promiseSignatories.sortOrder)),
		db.select().from(promiseExtensions).where(eq(promiseExtensions.promiseId, promiseId)).orderBy(asc(promiseExtensions.toYear)),
		db.select().from(promiseDialogues).where(eq(promiseDialogues.promiseId, promiseId)).orderBy(asc(promiseDialogues.sortOrder)),
		db.select().from(promiseFocusAreas).where(eq(promiseFocusAreas.promiseId, promiseId)).orderBy(asc(promiseFocusAreas.sortOrder)),
		activitiesOf(db, promiseId),
		db.select().from(promiseFollowUps).where(eq(promiseFollowUps.promiseId, promiseId)).orderBy(desc(promiseFollowUps.heldOn), desc(promiseFollowUps.createdAt))
	]);
	const partyIds = parties.map((p) => p.id);
	const activityIds = activities.map((a) => a.id);
	const followUpIds = followUps.map((f) => f.id);
	const [lines, links, outcomes, corrections] = await Promise.all([
		partyIds.length ? db.select().from(promiseLines).where(inArray(promiseLines.partyId, partyIds)).orderBy(asc(promiseLines.sortOrder)) : [],
		activityIds.length
			? db
					.select({ activityId: promiseActivityMeasures.activityId, measureId: measures.id, title: measures.title, planId: measures.planId })
					.from(promiseActivityMeasures)
					.innerJoin(measures, eq(measures.id, promiseActivityMeasures.measureId))
					.where(inArray(promiseActivityMeasures.activityId, activityIds))
			: [],
		followUpIds.length ? db.select().from(promiseOutcomes).where(inArray(promiseOutcomes.followUpId, followUpIds)).orderBy(asc(promiseOutcomes.sortOrder)) : [],
		followUpIds.length
			? db
					.select()
					.from(promiseFollowUpCorrections)
					.where(inArray(promiseFollowUpCorrections.followUpId, followUpIds))
					.orderBy(asc(promiseFollowUpCorrections.correctedAt))
			: []
	]);
	return { parties, lines, signatories, extensions, dialogues, focusAreas, activities, links, followUps, outcomes, corrections };
}

export async function insertFollowUp(db: DbOrTx, values: typeof promiseFollowUps.$inferInsert) {
	const [row] = await db.insert(promiseFollowUps).values(values).returning();
	return row;
}

export async function insertOutcomes(db: DbOrTx, values: (typeof promiseOutcomes.$inferInsert)[]) {
	if (values.length) await db.insert(promiseOutcomes).values(values);
}

export async function findFollowUp(db: DbOrTx, id: string) {
	const [row] = await db.select().from(promiseFollowUps).where(eq(promiseFollowUps.id, id));
	return row;
}

export async function outcomesOfFollowUp(db: DbOrTx, followUpId: string) {
	return db.select().from(promiseOutcomes).where(eq(promiseOutcomes.followUpId, followUpId)).orderBy(asc(promiseOutcomes.sortOrder));
}

export async function updateFollowUpRow(db: DbOrTx, id: string, values: Partial<typeof promiseFollowUps.$inferInsert>) {
	await db.update(promiseFollowUps).set(values).where(eq(promiseFollowUps.id, id));
}

export async function updateOutcomeRow(db: DbOrTx, id: string, values: Partial<typeof promiseOutcomes.$inferInsert>) {
	await db.update(promiseOutcomes).set(values).where(eq(promiseOutcomes.id, id));
}

export async function insertCorrection(db: DbOrTx, values: typeof promiseFollowUpCorrections.$inferInsert) {
	const [row] = await db.insert(promiseFollowUpCorrections).values(values).returning();
	return row;
}

export async function setFollowUpPublished(db: DbOrTx, id: string, published: boolean) {
	await db
		.update(promiseFollowUps)
		.set({ published, publishedAt: published ? new Date() : null })
		.where(eq(promiseFollowUps.id, id));
}

/** Published follow-ups of the municipality's public promises, newest first (feeds). */
export function publicFollowUpsOfMunicipality(db: DbOrTx, municipalityId: string, statuses: string[]) {
	return db
		.select({ followUp: promiseFollowUps, promise: { id: promises.id, slug: promises.slug, title: promises.title } })
		.from(promiseFollowUps)
		.innerJoin(promises, eq(promises.id, promiseFollowUps.promiseId))
		.where(and(eq(promises.municipalityId, municipalityId), inArray(promises.status, statuses), eq(promiseFollowUps.published, true)))
		.orderBy(desc(promiseFollowUps.heldOn));
}

export async function insertFeedback(db: DbOrTx, values: typeof promiseFeedback.$inferInsert): Promise<FeedbackRow> {
	const [row] = await db.insert(promiseFeedback).values(values).returning();
	return row;
}

export function feedbackOfPromise(db: DbOrTx, promiseId: string) {
	return db.select().from(promiseFeedback).where(eq(promiseFeedback.promiseId, promiseId)).orderBy(desc(promiseFeedback.createdAt));
}

export function publishedAnswersOfPromise(db: DbOrTx, promiseId: string) {
	return db
		.select({ id: promiseFeedback.id, message: promiseFeedback.message, answer: promiseFeedback.answer, answeredAt: promiseFeedback.answeredAt })
		.from(promiseFeedback)
		.where(and(eq(promiseFeedback.promiseId, promiseId), eq(promiseFeedback.answerPublished, true)))
		.orderBy(desc(promiseFeedback.answeredAt));
}

export async function findFeedback(db: DbOrTx, id: string): Promise<FeedbackRow | undefined> {
	const [row] = await db.select().from(promiseFeedback).where(eq(promiseFeedback.id, id));
	return row;
}

export async function updateFeedback(db: DbOrTx, id: string, values: Partial<typeof promiseFeedback.$inferInsert>) {
	await db.update(promiseFeedback).set(values).where(eq(promiseFeedback.id, id));
}

export async function countNewFeedback(db: DbOrTx, promiseIds: string[]) {
	if (promiseIds.length === 0) return [];
	return db
		.select({ promiseId: promiseFeedback.promiseId, n: count() })
		.from(promiseFeedback)
		.where(and(inArray(promiseFeedback.promiseId, promiseIds), eq(promiseFeedback.status, 'ny')))
		.groupBy(promiseFeedback.promiseId);
}

export async function insertImportDraft(db: DbOrTx, values: typeof promiseImportDrafts.$inferInsert): Promise<string> {
	// Drafts older than a day are abandoned previews.
	await db.delete(promiseImportDrafts).where(lt(promiseImportDrafts.createdAt, new Date(Date.now() - 86_400_000)));
	const [row] = await db.insert(promiseImportDrafts).values(values).returning({ id: promiseImportDrafts.id });
	return row.id;
}

export async function takeImportDraft(db: DbOrTx, id: string, userId: string, municipalityId: string) {
	const [row] = await db
		.delete(promiseImportDrafts)
		.where(and(eq(promiseImportDrafts.id, id), eq(promiseImportDrafts.userId, userId), eq(promiseImportDrafts.municipalityId, municipalityId)))
		.returning();
	return row;
}
