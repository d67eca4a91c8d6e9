import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { organisations } from '../organisations/organisations.table';
import {
	focusAreas,
	measureProblems,
	measureResponsibles,
	measures,
	planDecisions,
	planFocusAreas,
	planImportDrafts,
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
	if (values.length) await db.insert(planDecisions).values(values);
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
					.select({ measureId: measureResponsibles.measureId, organisationId: organisations.id, name: organisations.name, lead: measureResponsibles.lead, needsConfirmation: organisations.needsConfirmation })
					.from(measureResponsibles)
					.innerJoin(organisations, eq(organisations.id, measureResponsibles.organisationId))
					.where(inArray(measureResponsibles.measureId, measureIds))
			: [],
		measureIds.length ? db.select().from(measureProblems).where(inArray(measureProblems.measureId, measureIds)) : []
	]);
	return { areas, decisions, measures: measureRows, problems: problemRows, responsibles: responsibleRows, problemLinks: linkRows };
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
