import { and, asc, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { Membership, Role } from '../../platform/authz';
import { municipalityIdsOfOrganisations } from '../organisations/public';
import { municipalities, organisations } from '../organisations/organisations.table';
import { apiTokens, memberships, passwordResetTokens, sessions, users } from './users.table';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
	const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
	return row;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
	const [row] = await db.select().from(users).where(eq(users.id, id));
	return row;
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert): Promise<UserRow> {
	const [row] = await db
		.insert(users)
		.values({ ...values, email: values.email.trim().toLowerCase() })
		.returning();
	return row;
}

export async function updateUser(db: DbOrTx, id: string, values: Partial<typeof users.$inferInsert>): Promise<void> {
	await db.update(users).set(values).where(eq(users.id, id));
}

export async function incrementFailedLogins(db: DbOrTx, id: string): Promise<number> {
	const [row] = await db
		.update(users)
		.set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
		.where(eq(users.id, id))
		.returning({ count: users.failedLoginCount });
	return row.count;
}

export async function findMemberships(db: DbOrTx, userId: string): Promise<Membership[]> {
	const rows = await db
		.select({ role: memberships.role, organisationId: memberships.organisationId, municipalityId: memberships.municipalityId })
		.from(memberships)
		.where(eq(memberships.userId, userId));
	// An organisation-wide membership (no municipality: a police area's staff) counts in every municipality the organisation serves.
	const wide = rows.filter((row) => row.municipalityId === null && row.organisationId !== null);
	const served = wide.length ? await municipalityIdsOfOrganisations(db, [...new Set(wide.map((row) => row.organisationId!))]) : new Map<string, string[]>();
	return rows.flatMap((row) =>
		row.municipalityId === null && row.organisationId !== null
			? (served.get(row.organisationId) ?? []).map((municipalityId) => ({ ...row, municipalityId, role: row.role as Role }))
			: [{ ...row, role: row.role as Role }]
	);
}

export async function insertMembership(db: DbOrTx, values: typeof memberships.$inferInsert) {
	const [row] = await db.insert(memberships).values(values).onConflictDoNothing().returning();
	return row;
}

export async function deleteMembership(db: DbOrTx, id: string) {
	const [row] = await db.delete(memberships).where(eq(memberships.id, id)).returning();
	return row;
}

export async function listUsersWithMemberships(db: DbOrTx, municipalityId?: string) {
	const rows = await db
		.select({
			userId: users.id,
			email: users.email,
			name: users.name,
			disabled: users.disabled,
			totpEnabled: users.totpEnabled,
			membershipId: memberships.id,
			role: memberships.role,
			organisationName: organisations.name,
			municipalityName: municipalities.name,
			municipalityId: memberships.municipalityId
		})
		.from(users)
		.leftJoin(memberships, eq(memberships.userId, users.id))
		.leftJoin(organisations, eq(organisations.id, memberships.organisationId))
		.leftJoin(municipalities, eq(municipalities.id, memberships.municipalityId))
		.orderBy(asc(users.name));
	if (!municipalityId) return rows;
	const inMunicipality = new Set(rows.filter((r) => r.municipalityId === municipalityId).map((r) => r.userId));
	return rows.filter((r) => inMunicipality.has(r.userId) && r.municipalityId === municipalityId);
}

export async function insertSession(db: DbOrTx, values: typeof sessions.$inferInsert): Promise<void> {
	await db.insert(sessions).values(values);
}

export async function findSession(db: DbOrTx, id: string): Promise<SessionRow | undefined> {
	const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
	return row;
}

export async function touchSession(db: DbOrTx, id: string, at: Date): Promise<void> {
	await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function updateSession(db: DbOrTx, id: string, values: Partial<typeof sessions.$inferInsert>): Promise<void> {
	await db.update(sessions).set(values).where(eq(sessions.id, id));
}

export async function deleteSession(db: DbOrTx, id: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteSessionsOfUser(db: DbOrTx, userId: string): Promise<number> {
	const rows = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
	return rows.length;
}

export async function deleteOtherSessions(db: DbOrTx, userId: string, keepSessionId: string): Promise<void> {
	await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)));
}

export async function deleteExpiredSessions(db: DbOrTx, now: Date): Promise<void> {
	await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function insertResetToken(db: DbOrTx, values: typeof passwordResetTokens.$inferInsert): Promise<void> {
	await db.insert(passwordResetTokens).values(values);
}

export async function consumeResetToken(db: DbOrTx, tokenHash: string, now: Date) {
	const [row] = await db
		.update(passwordResetTokens)
		.set({ usedAt: now })
		.where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt)))
		.returning();
	if (!row || row.expiresAt < now) return null;
	return row;
}

export async function findUsersByIds(db: DbOrTx, ids: string[]) {
	if (ids.length === 0) return [];
	return db.select().from(users).where(inArray(users.id, ids));
}

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertApiToken(db: DbOrTx, values: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
	const [row] = await db.insert(apiTokens).values(values).returning();
	return row;
}

export async function findApiTokenByHash(db: DbOrTx, tokenHash: string): Promise<ApiTokenRow | undefined> {
	const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
	return row;
}

export function listApiTokensOfUser(db: DbOrTx, userId: string): Promise<ApiTokenRow[]> {
	return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(asc(apiTokens.createdAt));
}

export async function revokeApiTokenRow(db: DbOrTx, userId: string, id: string): Promise<ApiTokenRow | undefined> {
	const [row] = await db
		.update(apiTokens)
		.set({ revokedAt: new Date() })
		.where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
		.returning();
	return row;
}

export async function touchApiToken(db: DbOrTx, id: string, at: Date): Promise<void> {
	await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}

/** Every reset link of the user still open is spent: a newer password makes all of them stale. */
export async function spendResetTokensOfUser(db: DbOrTx, userId: string, now: Date): Promise<number> {
	const rows = await db
		.update(passwordResetTokens)
		.set({ usedAt: now })
		.where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)))
		.returning({ tokenHash: passwordResetTokens.tokenHash });
	return rows.length;
}

export async function revokeApiTokensOfUser(db: DbOrTx, userId: string, now: Date): Promise<ApiTokenRow[]> {
	return db
		.update(apiTokens)
		.set({ revokedAt: now })
		.where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
		.returning();
}
