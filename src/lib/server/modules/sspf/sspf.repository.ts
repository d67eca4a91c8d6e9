import { and, asc, desc, eq, inArray, isNotNull, isNull, like, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { auditLog } from '../audit/audit.table';
import { organisations } from '../organisations/organisations.table';
import { users } from '../users/users.table';
import { sspfCaseTeam, sspfCases, sspfConsents, sspfEntries, sspfFieldHistory, sspfGroupMembers, sspfMeetings, sspfSettings } from './sspf.table';

export type CaseRow = typeof sspfCases.$inferSelect;
export type ConsentRow = typeof sspfConsents.$inferSelect;
export type EntryRow = typeof sspfEntries.$inferSelect;

export async function groupPlacesOf(db: DbOrTx, municipalityId: string, userId: string) {
	return db
		.select({ groupKind: sspfGroupMembers.groupKind, coordinator: sspfGroupMembers.coordinator })
		.from(sspfGroupMembers)
		.where(and(eq(sspfGroupMembers.municipalityId, municipalityId), eq(sspfGroupMembers.userId, userId)));
}

export async function upsertGroupMember(db: DbOrTx, values: typeof sspfGroupMembers.$inferInsert): Promise<string> {
	const [row] = await db
		.insert(sspfGroupMembers)
		.values(values)
		.onConflictDoUpdate({
			target: [sspfGroupMembers.municipalityId, sspfGroupMembers.userId, sspfGroupMembers.groupKind],
			set: { coordinator: values.coordinator ?? false }
		})
		.returning({ id: sspfGroupMembers.id });
	return row!.id;
}

export async function listGroupMembers(db: DbOrTx, municipalityId: string) {
	return db
		.select({
			id: sspfGroupMembers.id,
			userId: sspfGroupMembers.userId,
			name: users.name,
			email: users.email,
			groupKind: sspfGroupMembers.groupKind,
			coordinator: sspfGroupMembers.coordinator
		})
		.from(sspfGroupMembers)
		.innerJoin(users, eq(users.id, sspfGroupMembers.userId))
		.where(eq(sspfGroupMembers.municipalityId, municipalityId))
		.orderBy(asc(sspfGroupMembers.groupKind), asc(users.name));
}

export async function deleteGroupMember(db: DbOrTx, municipalityId: string, memberId: string): Promise<void> {
	await db.delete(sspfGroupMembers).where(and(eq(sspfGroupMembers.municipalityId, municipalityId), eq(sspfGroupMembers.id, memberId)));
}

export async function insertCase(db: DbOrTx, values: typeof sspfCases.$inferInsert): Promise<void> {
	await db.insert(sspfCases).values(values);
}

export async function findCase(db: DbOrTx, caseId: string): Promise<CaseRow | null> {
	const [row] = await db.select().from(sspfCases).where(eq(sspfCases.id, caseId));
	return row ?? null;
}

export async function updateCase(db: DbOrTx, caseId: string, values: Partial<typeof sspfCases.$inferInsert>): Promise<void> {
	await db
		.update(sspfCases)
		.set({ ...values, updatedAt: new Date() })
		.where(eq(sspfCases.id, caseId));
}

export async function listCasesOfMunicipality(db: DbOrTx, municipalityId: string): Promise<CaseRow[]> {
	return db.select().from(sspfCases).where(eq(sspfCases.municipalityId, municipalityId)).orderBy(asc(sspfCases.reference));
}

export async function casesByPersonnummerIndex(db: DbOrTx, municipalityId: string, index: string): Promise<CaseRow[]> {
	return db
		.select()
		.from(sspfCases)
		.where(and(eq(sspfCases.municipalityId, municipalityId), eq(sspfCases.personnummerIndex, index)));
}

/** The number of the next case reference in the year (SIG-2026-004). */
export async function countReferencesInYear(db: DbOrTx, municipalityId: string, year: string): Promise<number> {
	const [row] = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(sspfCases)
		.where(and(eq(sspfCases.municipalityId, municipalityId), like(sspfCases.reference, `SIG-${year}-%`)));
	return Number(row?.count ?? 0);
}

/** Every case with a key (not erased), for rotation. */
export async function casesWithKeys(db: DbOrTx) {
	return db
		.select({ id: sspfCases.id, municipalityId: sspfCases.municipalityId, wrappedKey: sspfCases.wrappedKey, sealed: sspfCases.sealed })
		.from(sspfCases)
		.where(isNotNull(sspfCases.wrappedKey));
}

/** Closed cases whose closing day is on or before `closedOnOrBefore` for their municipality's retention. */
export async function closedCasesPastRetention(db: DbOrTx, today: string) {
	return db
		.select({ id: sspfCases.id, municipalityId: sspfCases.municipalityId })
		.from(sspfCases)
		.leftJoin(sspfSettings, eq(sspfSettings.municipalityId, sspfCases.municipalityId))
		.where(
			and(
				eq(sspfCases.status, 'avslutad'),
				isNull(sspfCases.erasedAt),
				isNotNull(sspfCases.closedOn),
				sql`${sspfCases.closedOn} + make_interval(months => coalesce(${sspfSettings.retentionMonths}, 24)) <= ${today}::date`
			)
		);
}

export async function retentionMonthsOf(db: DbOrTx, municipalityId: string): Promise<number> {
	const [row] = await db.select().from(sspfSettings).where(eq(sspfSettings.municipalityId, municipalityId));
	return row?.retentionMonths ?? 24;
}

export async function setRetentionMonths(db: DbOrTx, municipalityId: string, months: number): Promise<void> {
	await db
		.insert(sspfSettings)
		.values({ municipalityId, retentionMonths: months })
		.onConflictDoUpdate({ target: sspfSettings.municipalityId, set: { retentionMonths: months } });
}

export async function teamOf(db: DbOrTx, caseId: string) {
	return db
		.select({
			userId: sspfCaseTeam.userId,
			organisationId: sspfCaseTeam.organisationId,
			unit: sspfCaseTeam.unit,
			name: users.name,
			email: users.email,
			organisation: organisations.name
		})
		.from(sspfCaseTeam)
		.innerJoin(users, eq(users.id, sspfCaseTeam.userId))
		.innerJoin(organisations, eq(organisations.id, sspfCaseTeam.organisationId))
		.where(eq(sspfCaseTeam.caseId, caseId))
		.orderBy(asc(users.name));
}

export async function addTeamMember(db: DbOrTx, values: typeof sspfCaseTeam.$inferInsert): Promise<void> {
	await db
		.insert(sspfCaseTeam)
		.values(values)
		.onConflictDoUpdate({ target: [sspfCaseTeam.caseId, sspfCaseTeam.userId], set: { organisationId: values.organisationId, unit: values.unit ?? '' } });
}

export async function removeTeamMember(db: DbOrTx, caseId: string, userId: string): Promise<void> {
	await db.delete(sspfCaseTeam).where(and(eq(sspfCaseTeam.caseId, caseId), eq(sspfCaseTeam.userId, userId)));
}

export async function casesInTeamOf(db: DbOrTx, userId: string): Promise<string[]> {
	const rows = await db.select({ caseId: sspfCaseTeam.caseId }).from(sspfCaseTeam).where(eq(sspfCaseTeam.userId, userId));
	return rows.map((row) => row.caseId);
}

export async function insertConsent(db: DbOrTx, values: typeof sspfConsents.$inferInsert): Promise<string> {
	const [row] = await db.insert(sspfConsents).values(values).returning({ id: sspfConsents.id });
	return row!.id;
}

export async function consentsOf(db: DbOrTx, caseId: string): Promise<ConsentRow[]> {
	return db.select().from(sspfConsents).where(eq(sspfConsents.caseId, caseId)).orderBy(asc(sspfConsents.validFrom));
}

export async function consentsOfCases(db: DbOrTx, caseIds: string[]): Promise<ConsentRow[]> {
	if (caseIds.length === 0) return [];
	return db.select().from(sspfConsents).where(inArray(sspfConsents.caseId, caseIds));
}

export async function findConsent(db: DbOrTx, consentId: string): Promise<ConsentRow | null> {
	const [row] = await db.select().from(sspfConsents).where(eq(sspfConsents.id, consentId));
	return row ?? null;
}

export async function updateConsent(db: DbOrTx, consentId: string, values: Partial<typeof sspfConsents.$inferInsert>): Promise<void> {
	await db.update(sspfConsents).set(values).where(eq(sspfConsents.id, consentId));
}

/** Consents in force, not withdrawn, ending on `endsOn` or earlier (for the reminder 30 days ahead). */
export async function consentsEndingBy(db: DbOrTx, endsOn: string, today: string) {
	return db
		.select({
			id: sspfConsents.id,
			caseId: sspfConsents.caseId,
			validTo: sspfConsents.validTo,
			coordinatorId: sspfCases.coordinatorId,
			municipalityId: sspfCases.municipalityId
		})
		.from(sspfConsents)
		.innerJoin(sspfCases, eq(sspfCases.id, sspfConsents.caseId))
		.where(
			and(
				isNull(sspfConsents.withdrawnAt),
				isNull(sspfCases.erasedAt),
				lte(sspfConsents.validTo, endsOn),
				sql`${sspfConsents.validTo} >= ${today}::date`,
				// A consent already renewed needs no reminder.
				sql`not exists (select 1 from sspf_consents renewal where renewal.renews_id = ${sspfConsents.id})`
			)
		);
}

export async function insertEntry(db: DbOrTx, values: typeof sspfEntries.$inferInsert): Promise<string> {
	const [row] = await db.insert(sspfEntries).values(values).returning({ id: sspfEntries.id });
	return row!.id;
}

export async function entriesOf(db: DbOrTx, caseId: string): Promise<EntryRow[]> {
	return db.select().from(sspfEntries).where(eq(sspfEntries.caseId, caseId)).orderBy(asc(sspfEntries.occurredOn), asc(sspfEntries.createdAt));
}

export async function entriesOfCases(db: DbOrTx, caseIds: string[]): Promise<EntryRow[]> {
	if (caseIds.length === 0) return [];
	return db.select().from(sspfEntries).where(inArray(sspfEntries.caseId, caseIds)).orderBy(asc(sspfEntries.occurredOn), asc(sspfEntries.createdAt));
}

export async function findEntry(db: DbOrTx, entryId: string): Promise<EntryRow | null> {
	const [row] = await db.select().from(sspfEntries).where(eq(sspfEntries.id, entryId));
	return row ?? null;
}

export async function updateEntry(db: DbOrTx, entryId: string, values: Partial<typeof sspfEntries.$inferInsert>): Promise<void> {
	await db.update(sspfEntries).set(values).where(eq(sspfEntries.id, entryId));
}

export async function insertFieldHistory(db: DbOrTx, values: typeof sspfFieldHistory.$inferInsert): Promise<void> {
	await db.insert(sspfFieldHistory).values(values);
}

export async function fieldHistoryOf(db: DbOrTx, caseId: string) {
	return db.select().from(sspfFieldHistory).where(eq(sspfFieldHistory.caseId, caseId)).orderBy(asc(sspfFieldHistory.changedAt));
}

/** Crypto-shredding's database half: the key, the index and every row with content go; the case row stays as a record. */
export async function shredCase(db: DbOrTx, caseId: string, reason: string): Promise<void> {
	await db.delete(sspfEntries).where(eq(sspfEntries.caseId, caseId));
	await db.delete(sspfFieldHistory).where(eq(sspfFieldHistory.caseId, caseId));
	await db.delete(sspfConsents).where(eq(sspfConsents.caseId, caseId));
	await db.delete(sspfCaseTeam).where(eq(sspfCaseTeam.caseId, caseId));
	await db
		.update(sspfCases)
		.set({
			wrappedKey: null,
			personnummerIndex: null,
			sealed: {},
			status: 'raderad',
			erasedAt: new Date(),
			erasureReason: reason,
			coordinatorId: null,
			planLeadOrganisationId: null,
			updatedAt: new Date()
		})
		.where(eq(sspfCases.id, caseId));
}

export async function insertMeeting(db: DbOrTx, values: typeof sspfMeetings.$inferInsert): Promise<string> {
	const [row] = await db.insert(sspfMeetings).values(values).returning({ id: sspfMeetings.id });
	return row!.id;
}

export async function meetingsOf(db: DbOrTx, municipalityId: string) {
	return db.select().from(sspfMeetings).where(eq(sspfMeetings.municipalityId, municipalityId)).orderBy(desc(sspfMeetings.meetsOn));
}

export async function findMeeting(db: DbOrTx, meetingId: string) {
	const [row] = await db.select().from(sspfMeetings).where(eq(sspfMeetings.id, meetingId));
	return row ?? null;
}

/** Who read or changed a case: the audit rows about it (references and field names only). */
export async function auditRowsOfCase(db: DbOrTx, caseId: string, from?: string, to?: string) {
	return db
		.select({ at: auditLog.at, userEmail: auditLog.userEmail, organisationId: auditLog.organisationId, action: auditLog.action, changes: auditLog.changes })
		.from(auditLog)
		.where(
			and(
				eq(auditLog.entityType, 'sspf_case'),
				eq(auditLog.entityId, caseId),
				from ? sql`${auditLog.at} >= ${from}::timestamptz` : undefined,
				to ? sql`${auditLog.at} < ${to}::timestamptz` : undefined
			)
		)
		.orderBy(desc(auditLog.id));
}

export async function userContact(db: DbOrTx, userId: string | null) {
	if (!userId) return null;
	const [row] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
	return row ?? null;
}

export async function organisationNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
	if (ids.length === 0) return new Map();
	const rows = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids));
	return new Map(rows.map((row) => [row.id, row.name]));
}

/** Open actions due on or before `dueBy` in cases not erased, with the team members of the owning organisation. */
export async function openActionsDueBy(db: DbOrTx, dueBy: string) {
	return db
		.select({
			id: sspfEntries.id,
			caseId: sspfEntries.caseId,
			dueOn: sspfEntries.dueOn,
			ownerUserId: sspfEntries.ownerUserId,
			ownerOrganisationId: sspfEntries.ownerOrganisationId,
			municipalityId: sspfCases.municipalityId
		})
		.from(sspfEntries)
		.innerJoin(sspfCases, eq(sspfCases.id, sspfEntries.caseId))
		.where(and(eq(sspfEntries.kind, 'action'), isNull(sspfEntries.doneOn), isNull(sspfCases.erasedAt), lte(sspfEntries.dueOn, dueBy)));
}
