import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { estCategories, estCycleSettings, estParticipants, estReports } from './est.table';

export async function findCycleSettings(db: DbOrTx, municipalityId: string) {
	const [row] = await db.select().from(estCycleSettings).where(eq(estCycleSettings.municipalityId, municipalityId));
	return row ?? null;
}

export async function upsertCycleSettings(db: DbOrTx, values: typeof estCycleSettings.$inferInsert): Promise<void> {
	await db
		.insert(estCycleSettings)
		.values(values)
		.onConflictDoUpdate({
			target: estCycleSettings.municipalityId,
			set: { cadence: values.cadence, firstCycleStart: values.firstCycleStart, updatedAt: new Date(), updatedBy: values.updatedBy }
		});
}

/** The municipality's stored categories in order ([] when it still uses the defaults). */
export async function listStoredCategories(db: DbOrTx, municipalityId: string): Promise<string[]> {
	const rows = await db
		.select({ name: estCategories.name })
		.from(estCategories)
		.where(eq(estCategories.municipalityId, municipalityId))
		.orderBy(asc(estCategories.position));
	return rows.map((row) => row.name);
}

export async function replaceCategories(db: DbOrTx, municipalityId: string, names: string[]): Promise<void> {
	await db.delete(estCategories).where(eq(estCategories.municipalityId, municipalityId));
	if (names.length) await db.insert(estCategories).values(names.map((name, position) => ({ municipalityId, name, position })));
}

export async function listParticipantIds(db: DbOrTx, municipalityId: string): Promise<string[]> {
	const rows = await db.select({ id: estParticipants.organisationId }).from(estParticipants).where(eq(estParticipants.municipalityId, municipalityId));
	return rows.map((row) => row.id);
}

export async function replaceParticipants(db: DbOrTx, municipalityId: string, organisationIds: string[]): Promise<void> {
	await db.delete(estParticipants).where(eq(estParticipants.municipalityId, municipalityId));
	if (organisationIds.length) await db.insert(estParticipants).values(organisationIds.map((organisationId) => ({ municipalityId, organisationId })));
}

export type ReportInsert = typeof estReports.$inferInsert;

export async function insertReport(db: DbOrTx, values: ReportInsert): Promise<{ id: string }> {
	const [row] = await db.insert(estReports).values(values).returning({ id: estReports.id });
	return row;
}

export async function insertReports(db: DbOrTx, values: ReportInsert[]): Promise<void> {
	for (let i = 0; i < values.length; i += 500) await db.insert(estReports).values(values.slice(i, i + 500));
}

/** The report columns lists and pictures need (never the photo's bytes). */
const reportColumns = {
	id: estReports.id,
	category: estReports.category,
	place: estReports.place,
	areaId: estReports.areaId,
	latitude: estReports.latitude,
	longitude: estReports.longitude,
	occurredOn: estReports.occurredOn,
	timeOfDay: estReports.timeOfDay,
	effect: estReports.effect,
	description: estReports.description,
	hasPhoto: sql<boolean>`${estReports.photo} is not null`,
	status: estReports.status,
	channel: estReports.channel,
	organisationId: estReports.organisationId,
	reportedAt: estReports.reportedAt,
	reportedBy: estReports.reportedBy
};

export type ReportRow = Awaited<ReturnType<typeof listReportsOfMunicipality>>[number];

export async function listReportsOfMunicipality(db: DbOrTx, municipalityId: string, limit: number) {
	return db
		.select(reportColumns)
		.from(estReports)
		.where(eq(estReports.municipalityId, municipalityId))
		.orderBy(desc(estReports.occurredOn), desc(estReports.reportedAt))
		.limit(limit);
}

/** Reports that happened between two dates (inclusive). */
export async function listReportsBetween(db: DbOrTx, municipalityId: string, from: string, to: string) {
	return db
		.select(reportColumns)
		.from(estReports)
		.where(and(eq(estReports.municipalityId, municipalityId), gte(estReports.occurredOn, from), lte(estReports.occurredOn, to)))
		.orderBy(desc(estReports.occurredOn), desc(estReports.reportedAt));
}

export async function listReportsOfReporter(db: DbOrTx, municipalityId: string, userId: string, limit: number) {
	return db
		.select(reportColumns)
		.from(estReports)
		.where(and(eq(estReports.municipalityId, municipalityId), eq(estReports.reportedBy, userId)))
		.orderBy(desc(estReports.reportedAt))
		.limit(limit);
}

export async function findReport(db: DbOrTx, id: string) {
	const [row] = await db
		.select({ ...reportColumns, municipalityId: estReports.municipalityId, photoWidth: estReports.photoWidth, photoHeight: estReports.photoHeight })
		.from(estReports)
		.where(eq(estReports.id, id));
	return row ?? null;
}

export async function findReportPhoto(db: DbOrTx, id: string) {
	const [row] = await db.select({ municipalityId: estReports.municipalityId, photo: estReports.photo }).from(estReports).where(eq(estReports.id, id));
	return row ?? null;
}
