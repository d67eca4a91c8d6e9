import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { municipalities } from '../../organisations/organisations.table';
import { focusAreas, planFocusAreas, plans, problems } from '../../plans/plans.table';
import { memberships, users } from '../../users/users.table';
import { planSituationReports, situationReportFocusAreas, situationReportProblems, situationReportReminders, situationReports } from './situation-report.table';

export type ReportRow = typeof situationReports.$inferSelect;
export type ReportFocusAreaRow = typeof situationReportFocusAreas.$inferSelect;
export type ReportProblemRow = typeof situationReportProblems.$inferSelect;

export async function insertReport(db: DbOrTx, values: typeof situationReports.$inferInsert): Promise<ReportRow> {
	const [row] = await db.insert(situationReports).values(values).returning();
	return row;
}

export async function findReport(db: DbOrTx, id: string): Promise<ReportRow | undefined> {
	const [row] = await db.select().from(situationReports).where(eq(situationReports.id, id));
	return row;
}

export function listReportsOfMunicipality(db: DbOrTx, municipalityId: string) {
	return db
		.select({
			id: situationReports.id,
			title: situationReports.title,
			periodFrom: situationReports.periodFrom,
			periodTo: situationReports.periodTo,
			status: situationReports.status,
			adoptedOn: situationReports.adoptedOn,
			adoptedBody: situationReports.adoptedBody,
			published: situationReports.published,
			demo: situationReports.demo,
			updatedAt: situationReports.updatedAt
		})
		.from(situationReports)
		.where(eq(situationReports.municipalityId, municipalityId))
		.orderBy(desc(situationReports.periodTo), desc(situationReports.createdAt));
}

export async function updateReportRow(db: DbOrTx, id: string, values: Partial<typeof situationReports.$inferInsert>): Promise<void> {
	await db
		.update(situationReports)
		.set({ ...values, updatedAt: new Date() })
		.where(eq(situationReports.id, id));
}

/** Writes only while still a draft: an adopted lägesbild can never be changed, even by a request that raced the adoption. */
export async function updateDraftRow(db: DbOrTx, id: string, values: Partial<typeof situationReports.$inferInsert>): Promise<boolean> {
	const rows = await db
		.update(situationReports)
		.set({ ...values, updatedAt: new Date() })
		.where(and(eq(situationReports.id, id), eq(situationReports.status, 'utkast')))
		.returning({ id: situationReports.id });
	return rows.length > 0;
}

export async function deleteReportRow(db: DbOrTx, id: string): Promise<void> {
	await db.delete(situationReports).where(eq(situationReports.id, id));
}

export function listReportFocusAreas(db: DbOrTx, reportId: string) {
	return db.select().from(situationReportFocusAreas).where(eq(situationReportFocusAreas.reportId, reportId)).orderBy(asc(situationReportFocusAreas.sortOrder));
}

export async function listReportProblems(db: DbOrTx, focusAreaIds: string[]): Promise<ReportProblemRow[]> {
	if (focusAreaIds.length === 0) return [];
	return db
		.select()
		.from(situationReportProblems)
		.where(inArray(situationReportProblems.reportFocusAreaId, focusAreaIds))
		.orderBy(asc(situationReportProblems.sortOrder));
}

export async function insertReportFocusArea(db: DbOrTx, values: typeof situationReportFocusAreas.$inferInsert): Promise<ReportFocusAreaRow> {
	const [row] = await db.insert(situationReportFocusAreas).values(values).returning();
	return row;
}

export async function updateReportFocusArea(db: DbOrTx, id: string, values: Partial<typeof situationReportFocusAreas.$inferInsert>): Promise<void> {
	await db.update(situationReportFocusAreas).set(values).where(eq(situationReportFocusAreas.id, id));
}

export async function deleteReportFocusArea(db: DbOrTx, id: string): Promise<void> {
	await db.delete(situationReportFocusAreas).where(eq(situationReportFocusAreas.id, id));
}

export async function replaceReportProblems(db: DbOrTx, reportFocusAreaId: string, rows: { text: string; problemId: string | null }[]): Promise<void> {
	await db.delete(situationReportProblems).where(eq(situationReportProblems.reportFocusAreaId, reportFocusAreaId));
	if (rows.length)
		await db.insert(situationReportProblems).values(rows.map((r, i) => ({ reportFocusAreaId, text: r.text, problemId: r.problemId, sortOrder: i })));
}

export async function setReportProblemLink(db: DbOrTx, id: string, problemId: string): Promise<void> {
	await db.update(situationReportProblems).set({ problemId }).where(eq(situationReportProblems.id, id));
}

// --- the municipality's focus areas and problems (owned by the plans module's tables) ---

export function listMunicipalityFocusAreas(db: DbOrTx, municipalityId: string) {
	return db
		.select({ id: focusAreas.id, title: focusAreas.title })
		.from(focusAreas)
		.where(eq(focusAreas.municipalityId, municipalityId))
		.orderBy(asc(focusAreas.createdAt));
}

export async function listProblemsOf(db: DbOrTx, focusAreaIds: string[]) {
	if (focusAreaIds.length === 0) return [];
	return db.select().from(problems).where(inArray(problems.focusAreaId, focusAreaIds)).orderBy(asc(problems.sortOrder));
}

export async function insertMunicipalityFocusArea(db: DbOrTx, values: { municipalityId: string; title: string; summary: string }): Promise<string> {
	const [row] = await db.insert(focusAreas).values(values).returning({ id: focusAreas.id });
	return row.id;
}

export async function renameMunicipalityFocusArea(db: DbOrTx, id: string, title: string): Promise<void> {
	await db.update(focusAreas).set({ title }).where(eq(focusAreas.id, id));
}

export async function insertProblem(db: DbOrTx, values: { focusAreaId: string; text: string; sortOrder: number }): Promise<string> {
	const [row] = await db.insert(problems).values(values).returning({ id: problems.id });
	return row.id;
}

export async function updateProblemText(db: DbOrTx, id: string, text: string, sortOrder: number): Promise<void> {
	await db.update(problems).set({ text, sortOrder }).where(eq(problems.id, id));
}

// --- plans based on a lägesbild ---

export async function linkPlanToReport(db: DbOrTx, planId: string, reportId: string): Promise<void> {
	await db.insert(planSituationReports).values({ planId, reportId }).onConflictDoUpdate({ target: planSituationReports.planId, set: { reportId } });
}

export async function unlinkPlan(db: DbOrTx, planId: string): Promise<void> {
	await db.delete(planSituationReports).where(eq(planSituationReports.planId, planId));
}

export async function reportOfPlan(db: DbOrTx, planId: string) {
	const [row] = await db
		.select({
			id: situationReports.id,
			title: situationReports.title,
			status: situationReports.status,
			adoptedOn: situationReports.adoptedOn,
			municipalityId: situationReports.municipalityId
		})
		.from(planSituationReports)
		.innerJoin(situationReports, eq(situationReports.id, planSituationReports.reportId))
		.where(eq(planSituationReports.planId, planId));
	return row;
}

export function plansOfReport(db: DbOrTx, reportId: string) {
	return db
		.select({ id: plans.id, title: plans.title, status: plans.status })
		.from(planSituationReports)
		.innerJoin(plans, eq(plans.id, planSituationReports.planId))
		.where(eq(planSituationReports.reportId, reportId));
}

export function plansOfMunicipality(db: DbOrTx, municipalityId: string) {
	return db
		.select({ id: plans.id, title: plans.title, status: plans.status })
		.from(plans)
		.where(eq(plans.municipalityId, municipalityId))
		.orderBy(desc(plans.createdAt));
}

export async function planFocusAreaIds(db: DbOrTx, planId: string): Promise<{ focusAreaId: string; sortOrder: number }[]> {
	return db
		.select({ focusAreaId: planFocusAreas.focusAreaId, sortOrder: planFocusAreas.sortOrder })
		.from(planFocusAreas)
		.where(eq(planFocusAreas.planId, planId));
}

export async function addPlanFocusArea(db: DbOrTx, planId: string, focusAreaId: string, sortOrder: number): Promise<void> {
	await db.insert(planFocusAreas).values({ planId, focusAreaId, sortOrder }).onConflictDoNothing();
}

/**
 * The lägesbild behind a municipality focus area: the plan's own lägesbild when it has one,
 * else the latest adopted one that names the focus area.
 */
export async function evidenceRowsOfFocusArea(db: DbOrTx, focusAreaId: string) {
	return db
		.select({
			reportFocusArea: situationReportFocusAreas,
			report: {
				id: situationReports.id,
				title: situationReports.title,
				status: situationReports.status,
				adoptedOn: situationReports.adoptedOn,
				municipalityId: situationReports.municipalityId
			}
		})
		.from(situationReportFocusAreas)
		.innerJoin(situationReports, eq(situationReports.id, situationReportFocusAreas.reportId))
		.where(eq(situationReportFocusAreas.focusAreaId, focusAreaId))
		.orderBy(desc(situationReports.adoptedOn), desc(situationReports.updatedAt));
}

// --- renewal ---

/** Each municipality's latest adopted lägesbild: the one whose renewal is due. */
export async function latestAdoptedReports(db: DbOrTx, municipalityId?: string) {
	const rows = await db
		.select({
			id: situationReports.id,
			title: situationReports.title,
			adoptedOn: situationReports.adoptedOn,
			municipalityId: situationReports.municipalityId,
			slug: municipalities.slug
		})
		.from(situationReports)
		.innerJoin(municipalities, eq(municipalities.id, situationReports.municipalityId))
		.where(
			and(
				eq(situationReports.status, 'antagen'),
				isNotNull(situationReports.adoptedOn),
				municipalityId ? eq(situationReports.municipalityId, municipalityId) : sql`true`
			)
		)
		.orderBy(desc(situationReports.adoptedOn), desc(situationReports.updatedAt));
	const latest = new Map<string, (typeof rows)[number]>();
	for (const row of rows) if (!latest.has(row.municipalityId)) latest.set(row.municipalityId, row);
	return [...latest.values()];
}

export async function claimRenewalReminder(db: DbOrTx, values: { reportId: string; dueOn: string; recipients: number }): Promise<boolean> {
	const rows = await db.insert(situationReportReminders).values(values).onConflictDoNothing().returning({ reportId: situationReportReminders.reportId });
	return rows.length > 0;
}

export async function findRenewalReminder(db: DbOrTx, reportId: string) {
	const [row] = await db.select().from(situationReportReminders).where(eq(situationReportReminders.reportId, reportId));
	return row;
}

export function coordinatorsOf(db: DbOrTx, municipalityId: string) {
	return db
		.selectDistinct({ email: users.email, name: users.name })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.municipalityId, municipalityId), eq(memberships.role, 'samordnare'), eq(users.disabled, false)));
}
