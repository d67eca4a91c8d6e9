import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { organisations } from '../organisations/organisations.table';
import {
	decisionDocuments,
	decisionResponses,
	focusAreas,
	measureProblems,
	measureResponsibles,
	measures,
	planDecisions,
	planFocusAreas,
	planImportDrafts,
	planRevisions,
	plans,
	problems
} from './plans.table';

export type PlanRow = typeof plans.$inferSelect;

export async function insertPlan(db: DbOrTx, values: typeof plans.$inferInsert): Promise<PlanRow> {
	const [row] = await db.insert(plans).values(values).returning();
	return row;
}

export async function insertFocusArea(db: DbOrTx, values: typeof focusAreas.$inferInsert) {
	const [row] = await db.insert(focusAreas).values(values).returning();
	return row;
}

export async function insertProblems(db: DbOrTx, values: (typeof problems.$inferInsert)[]) {
	if (values.length === 0) return [];
	return db.insert(problems).values(values).returning();
}

export async function insertPlanFocusArea(db: DbOrTx, values: typeof planFocusAreas.$inferInsert) {
	await db.insert(planFocusAreas).values(values);
}

export async function insertDecisions(db: DbOrTx, values: (typeof planDecisions.$inferInsert)[]) {
	if (values.length === 0) return [];
	return db.insert(planDecisions).values(values).returning({ id: planDecisions.id });
}

export async function insertMeasure(db: DbOrTx, values: typeof measures.$inferInsert) {
	const [row] = await db.insert(measures).values(values).returning();
	return row;
}

export async function insertMeasureResponsibles(db: DbOrTx, values: (typeof measureResponsibles.$inferInsert)[]) {
	if (values.length) await db.insert(measureResponsibles).values(values).onConflictDoNothing();
}

export function listPlansOfMunicipality(db: DbOrTx, municipalityId: string) {
	return db.select().from(plans).where(eq(plans.municipalityId, municipalityId)).orderBy(desc(plans.createdAt));
}

export async function findPlan(db: DbOrTx, planId: string): Promise<PlanRow | undefined> {
	const [row] = await db.select().from(plans).where(eq(plans.id, planId));
	return row;
}

/** Everything the plan page, the API and the exports show, in four queries. */
export async function loadPlanContents(db: DbOrTx, planId: string) {
	const [areas, decisions, measureRows] = await Promise.all([
		db
			.select({ id: focusAreas.id, title: focusAreas.title, summary: focusAreas.summary, sortOrder: planFocusAreas.sortOrder })
			.from(planFocusAreas)
			.innerJoin(focusAreas, eq(focusAreas.id, planFocusAreas.focusAreaId))
			.where(eq(planFocusAreas.planId, planId))
			.orderBy(asc(planFocusAreas.sortOrder)),
		db.select().from(planDecisions).where(eq(planDecisions.planId, planId)).orderBy(asc(planDecisions.sortOrder)),
		db.select().from(measures).where(eq(measures.planId, planId)).orderBy(asc(measures.sortOrder))
	]);
	const areaIds = areas.map((a) => a.id);
	const measureIds = measureRows.map((m) => m.id);
	const [problemRows, responsibleRows, linkRows] = await Promise.all([
		areaIds.length ? db.select().from(problems).where(inArray(problems.focusAreaId, areaIds)).orderBy(asc(problems.sortOrder)) : [],
		measureIds.length
			? db
					.select({
						measureId: measureResponsibles.measureId,
						organisationId: organisations.id,
						name: organisations.name,
						lead: measureResponsibles.lead,
						needsConfirmation: organisations.needsConfirmation
					})
					.from(measureResponsibles)
					.innerJoin(organisations, eq(organisations.id, measureResponsibles.organisationId))
					.where(inArray(measureResponsibles.measureId, measureIds))
			: [],
		measureIds.length ? db.select().from(measureProblems).where(inArray(measureProblems.measureId, measureIds)) : []
	]);
	const decisionIds = decisions.map((d) => d.id);
	const [responseRows, documentRows] = decisionIds.length
		? await Promise.all([
				db.select().from(decisionResponses).where(inArray(decisionResponses.decisionId, decisionIds)).orderBy(asc(decisionResponses.createdAt)),
				db
					.select({
						id: decisionDocuments.id,
						decisionId: decisionDocuments.decisionId,
						fileName: decisionDocuments.fileName,
						mediaType: decisionDocuments.mediaType,
						size: decisionDocuments.size
					})
					.from(decisionDocuments)
					.where(inArray(decisionDocuments.decisionId, decisionIds))
					.orderBy(asc(decisionDocuments.createdAt))
			])
		: [[], []];
	return {
		areas,
		decisions,
		measures: measureRows,
		problems: problemRows,
		responsibles: responsibleRows,
		problemLinks: linkRows,
		responses: responseRows,
		documents: documentRows
	};
}

export async function insertImportDraft(db: DbOrTx, values: typeof planImportDrafts.$inferInsert): Promise<string> {
	// Drafts older than a day are abandoned previews.
	await db.delete(planImportDrafts).where(lt(planImportDrafts.createdAt, new Date(Date.now() - 86_400_000)));
	const [row] = await db.insert(planImportDrafts).values(values).returning({ id: planImportDrafts.id });
	return row.id;
}

export async function takeImportDraft(db: DbOrTx, id: string, userId: string, municipalityId: string) {
	const [row] = await db
		.delete(planImportDrafts)
		.where(and(eq(planImportDrafts.id, id), eq(planImportDrafts.userId, userId), eq(planImportDrafts.municipalityId, municipalityId)))
		.returning();
	return row;
}

export type MeasureRow = typeof measures.$inferSelect;

export async function updatePlanRow(db: DbOrTx, planId: string, values: Partial<Pick<PlanRow, 'title' | 'period' | 'status' | 'revision'>>): Promise<void> {
	await db
		.update(plans)
		.set({ ...values, updatedAt: new Date() })
		.where(eq(plans.id, planId));
}

export async function updateMeasureRow(db: DbOrTx, measureId: string, values: Partial<typeof measures.$inferInsert>): Promise<void> {
	await db
		.update(measures)
		.set({ ...values, updatedAt: new Date() })
		.where(eq(measures.id, measureId));
}

export async function replaceMeasureResponsibles(db: DbOrTx, measureId: string, rows: { organisationId: string; lead: boolean }[]): Promise<void> {
	await db.delete(measureResponsibles).where(eq(measureResponsibles.measureId, measureId));
	if (rows.length) await db.insert(measureResponsibles).values(rows.map((r) => ({ measureId, ...r })));
}

export async function replaceMeasureProblems(db: DbOrTx, measureId: string, problemIds: string[]): Promise<void> {
	await db.delete(measureProblems).where(eq(measureProblems.measureId, measureId));
	if (problemIds.length) await db.insert(measureProblems).values(problemIds.map((problemId) => ({ measureId, problemId })));
}

export async function insertRevision(db: DbOrTx, values: typeof planRevisions.$inferInsert): Promise<void> {
	await db.insert(planRevisions).values(values);
}

export function listRevisionsOfPlan(db: DbOrTx, planId: string) {
	return db
		.select({ revision: planRevisions.revision, reason: planRevisions.reason, createdAt: planRevisions.createdAt })
		.from(planRevisions)
		.where(eq(planRevisions.planId, planId))
		.orderBy(desc(planRevisions.revision));
}

export async function findRevision(db: DbOrTx, planId: string, revision: number) {
	const [row] = await db
		.select()
		.from(planRevisions)
		.where(and(eq(planRevisions.planId, planId), eq(planRevisions.revision, revision)));
	return row;
}

export async function nextDecisionSortOrder(db: DbOrTx, planId: string): Promise<number> {
	const [row] = await db
		.select({ sortOrder: planDecisions.sortOrder })
		.from(planDecisions)
		.where(eq(planDecisions.planId, planId))
		.orderBy(desc(planDecisions.sortOrder))
		.limit(1);
	return (row?.sortOrder ?? -1) + 1;
}

export async function findDecision(db: DbOrTx, decisionId: string) {
	const [row] = await db.select().from(planDecisions).where(eq(planDecisions.id, decisionId));
	return row;
}

export async function insertDecisionResponse(db: DbOrTx, values: typeof decisionResponses.$inferInsert) {
	const [row] = await db.insert(decisionResponses).values(values).returning();
	return row;
}

export async function insertDecisionDocument(db: DbOrTx, values: typeof decisionDocuments.$inferInsert) {
	const [row] = await db.insert(decisionDocuments).values(values).returning({ id: decisionDocuments.id });
	return row;
}

export async function findDecisionDocument(db: DbOrTx, documentId: string) {
	const [row] = await db
		.select({ document: decisionDocuments, planId: planDecisions.planId })
		.from(decisionDocuments)
		.innerJoin(planDecisions, eq(planDecisions.id, decisionDocuments.decisionId))
		.where(eq(decisionDocuments.id, documentId));
	return row;
}
