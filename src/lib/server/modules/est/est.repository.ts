import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { organisations } from '../organisations/organisations.table';
import { memberships, users } from '../users/users.table';
import { estCategories, estCycleSettings, estMeetings, estParticipants, estPriorities, estReports, estTaskChecks, estTasks } from './est.table';

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
			set: {
				cadence: values.cadence,
				firstCycleStart: values.firstCycleStart,
				...(values.retentionMonths !== undefined ? { retentionMonths: values.retentionMonths } : {}),
				updatedAt: new Date(),
				updatedBy: values.updatedBy
			}
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

/**
 * Only what the compiled picture counts (category, place, point, area, date, effect) between two
 * dates: the six-cycle window and last year's period are read with these, so a large history
 * does not carry its free text through the page's load.
 */
export async function listPictureReportsBetween(db: DbOrTx, municipalityId: string, from: string, to: string) {
	return db
		.select({
			id: estReports.id,
			category: estReports.category,
			place: estReports.place,
			areaId: estReports.areaId,
			latitude: estReports.latitude,
			longitude: estReports.longitude,
			occurredOn: estReports.occurredOn,
			effect: estReports.effect
		})
		.from(estReports)
		.where(and(eq(estReports.municipalityId, municipalityId), gte(estReports.occurredOn, from), lte(estReports.occurredOn, to)));
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

export async function insertMeeting(db: DbOrTx, values: typeof estMeetings.$inferInsert): Promise<{ id: string }> {
	const [row] = await db.insert(estMeetings).values(values).returning({ id: estMeetings.id });
	return row;
}

export async function listMeetings(db: DbOrTx, municipalityId: string) {
	return db.select().from(estMeetings).where(eq(estMeetings.municipalityId, municipalityId)).orderBy(desc(estMeetings.heldOn), desc(estMeetings.createdAt));
}

export async function findMeeting(db: DbOrTx, id: string) {
	const [row] = await db.select().from(estMeetings).where(eq(estMeetings.id, id));
	return row ?? null;
}

export async function insertPriority(db: DbOrTx, values: typeof estPriorities.$inferInsert): Promise<{ id: string }> {
	const [row] = await db.insert(estPriorities).values(values).returning({ id: estPriorities.id });
	return row;
}

export async function findPriority(db: DbOrTx, id: string) {
	const [row] = await db.select().from(estPriorities).where(eq(estPriorities.id, id));
	return row ?? null;
}

export async function releasePriority(db: DbOrTx, id: string, meetingId: string): Promise<void> {
	await db.update(estPriorities).set({ releasedMeetingId: meetingId }).where(eq(estPriorities.id, id));
}

/** Places prioritised and not released, oldest first. */
export async function listActivePriorities(db: DbOrTx, municipalityId: string) {
	return db
		.select({ id: estPriorities.id, place: estPriorities.place, reason: estPriorities.reason, meetingId: estPriorities.meetingId, since: estMeetings.heldOn })
		.from(estPriorities)
		.innerJoin(estMeetings, eq(estMeetings.id, estPriorities.meetingId))
		.where(and(eq(estPriorities.municipalityId, municipalityId), isNull(estPriorities.releasedMeetingId)))
		.orderBy(asc(estMeetings.heldOn));
}

export async function insertTask(db: DbOrTx, values: typeof estTasks.$inferInsert): Promise<{ id: string }> {
	const [row] = await db.insert(estTasks).values(values).returning({ id: estTasks.id });
	return row;
}

export async function findTask(db: DbOrTx, id: string) {
	const [row] = await db.select().from(estTasks).where(eq(estTasks.id, id));
	return row ?? null;
}

export async function updateTask(db: DbOrTx, id: string, values: { status: string; comment: string }): Promise<void> {
	await db
		.update(estTasks)
		.set({ ...values, updatedAt: new Date() })
		.where(eq(estTasks.id, id));
}

const taskColumns = {
	id: estTasks.id,
	meetingId: estTasks.meetingId,
	decidedOn: estMeetings.heldOn,
	what: estTasks.what,
	place: estTasks.place,
	organisationId: estTasks.organisationId,
	organisationName: organisations.name,
	dueOn: estTasks.dueOn,
	status: estTasks.status,
	comment: estTasks.comment
};

/** The municipality's tasks (or one organisation's), newest decision first. */
export async function listTasks(db: DbOrTx, municipalityId: string, filter: { organisationIds?: string[]; openOnly?: boolean } = {}) {
	const conditions = [eq(estTasks.municipalityId, municipalityId)];
	if (filter.organisationIds) conditions.push(filter.organisationIds.length ? inArray(estTasks.organisationId, filter.organisationIds) : sql`false`);
	if (filter.openOnly) conditions.push(ne(estTasks.status, 'klar'));
	return db
		.select(taskColumns)
		.from(estTasks)
		.innerJoin(estMeetings, eq(estMeetings.id, estTasks.meetingId))
		.innerJoin(organisations, eq(organisations.id, estTasks.organisationId))
		.where(and(...conditions))
		.orderBy(asc(estTasks.dueOn), asc(estTasks.createdAt));
}

export async function insertTaskCheck(db: DbOrTx, values: typeof estTaskChecks.$inferInsert): Promise<void> {
	await db
		.insert(estTaskChecks)
		.values(values)
		.onConflictDoUpdate({
			target: [estTaskChecks.taskId, estTaskChecks.meetingId],
			set: { status: values.status, comment: values.comment, checkedAt: new Date() }
		});
}

export async function listChecksOfMeeting(db: DbOrTx, meetingId: string) {
	return db.select().from(estTaskChecks).where(eq(estTaskChecks.meetingId, meetingId));
}

/** Reports whose status may move on, for the feedback to reporters (with the reporter's address when they asked for e-mail). */
export async function listReportsForFeedback(db: DbOrTx, municipalityId: string, statuses: string[], since: string) {
	return db
		.select({
			id: estReports.id,
			place: estReports.place,
			latitude: estReports.latitude,
			longitude: estReports.longitude,
			areaId: estReports.areaId,
			category: estReports.category,
			occurredOn: estReports.occurredOn,
			status: estReports.status,
			notifyReporter: estReports.notifyReporter,
			reporterEmail: users.email
		})
		.from(estReports)
		.leftJoin(users, eq(users.id, estReports.reportedBy))
		.where(and(eq(estReports.municipalityId, municipalityId), inArray(estReports.status, statuses), gte(estReports.occurredOn, since)));
}

export async function setReportStatus(db: DbOrTx, ids: string[], status: string): Promise<void> {
	for (let i = 0; i < ids.length; i += 1000)
		await db
			.update(estReports)
			.set({ status })
			.where(inArray(estReports.id, ids.slice(i, i + 1000)));
}

/** E-mail addresses of the organisation's staff in the municipality (who get its tasks). */
export async function listStaffEmails(db: DbOrTx, municipalityId: string, organisationId: string): Promise<string[]> {
	const rows = await db
		.selectDistinct({ email: users.email })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			and(
				eq(memberships.municipalityId, municipalityId),
				eq(memberships.organisationId, organisationId),
				inArray(memberships.role, ['samordnare', 'medarbetare']),
				eq(users.disabled, false)
			)
		);
	return rows.map((row) => row.email);
}

/** Tasks of the municipality that some meeting has already confirmed as done. */
export async function listTasksCheckedDone(db: DbOrTx, municipalityId: string): Promise<{ taskId: string; meetingId: string }[]> {
	return db
		.select({ taskId: estTaskChecks.taskId, meetingId: estTaskChecks.meetingId })
		.from(estTaskChecks)
		.innerJoin(estTasks, eq(estTasks.id, estTaskChecks.taskId))
		.where(and(eq(estTasks.municipalityId, municipalityId), eq(estTaskChecks.status, 'klar')));
}

/** Municipalities with reports, and their retention time (24 months unless set). */
export async function listRetentionTimes(db: DbOrTx): Promise<{ municipalityId: string; months: number }[]> {
	const rows = await db
		.selectDistinct({ municipalityId: estReports.municipalityId, months: estCycleSettings.retentionMonths })
		.from(estReports)
		.leftJoin(estCycleSettings, eq(estCycleSettings.municipalityId, estReports.municipalityId));
	return rows.map((row) => ({ municipalityId: row.municipalityId, months: row.months ?? 24 }));
}

/** Removes free text and photo of the municipality's reports that happened before `before`; the rows (and counts) stay. */
export async function removeReportContent(db: DbOrTx, municipalityId: string, before: string): Promise<number> {
	const rows = await db
		.update(estReports)
		.set({ description: '', photo: null, photoWidth: null, photoHeight: null, contentRemovedAt: new Date() })
		.where(and(eq(estReports.municipalityId, municipalityId), sql`${estReports.occurredOn} < ${before}`, isNull(estReports.contentRemovedAt)))
		.returning({ id: estReports.id });
	return rows.length;
}
