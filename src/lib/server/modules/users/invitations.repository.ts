import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { municipalities, organisations } from '../organisations/organisations.table';
import { invitations, memberships, users } from './users.table';

export type InvitationRow = typeof invitations.$inferSelect;

export async function insertInvitation(db: DbOrTx, values: typeof invitations.$inferInsert): Promise<InvitationRow> {
	const [row] = await db.insert(invitations).values(values).returning();
	return row;
}

export async function findInvitationById(db: DbOrTx, id: string): Promise<InvitationRow | undefined> {
	const [row] = await db.select().from(invitations).where(eq(invitations.id, id));
	return row;
}

/** An open invitation by its link's hash: not accepted, not withdrawn, not expired. */
export async function findOpenInvitationByHash(db: DbOrTx, tokenHash: string, now: Date) {
	const [row] = await db
		.select({
			invitation: invitations,
			municipalityName: municipalities.name,
			municipalitySlug: municipalities.slug,
			organisationName: organisations.name
		})
		.from(invitations)
		.leftJoin(municipalities, eq(municipalities.id, invitations.municipalityId))
		.leftJoin(organisations, eq(organisations.id, invitations.organisationId))
		.where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), isNull(invitations.withdrawnAt), gt(invitations.expiresAt, now)));
	return row;
}

/** Marks the invitation accepted unless someone did so first; false when it was no longer open. */
export async function markInvitationAccepted(db: DbOrTx, id: string, now: Date): Promise<boolean> {
	const rows = await db
		.update(invitations)
		.set({ acceptedAt: now })
		.where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.withdrawnAt), gt(invitations.expiresAt, now)))
		.returning({ id: invitations.id });
	return rows.length === 1;
}

export async function updateInvitation(db: DbOrTx, id: string, values: Partial<Pick<InvitationRow, 'tokenHash' | 'expiresAt' | 'withdrawnAt'>>): Promise<void> {
	await db.update(invitations).set(values).where(eq(invitations.id, id));
}

/** Invitations not yet accepted nor withdrawn (expired ones too, so they can be sent again). */
export function listPendingInvitations(db: DbOrTx, municipalityId: string | null) {
	return db
		.select({
			id: invitations.id,
			email: invitations.email,
			name: invitations.name,
			role: invitations.role,
			municipalityId: invitations.municipalityId,
			organisationId: invitations.organisationId,
			organisationName: organisations.name,
			createdAt: invitations.createdAt,
			expiresAt: invitations.expiresAt
		})
		.from(invitations)
		.leftJoin(organisations, eq(organisations.id, invitations.organisationId))
		.where(
			and(
				municipalityId === null ? isNull(invitations.municipalityId) : eq(invitations.municipalityId, municipalityId),
				isNull(invitations.acceptedAt),
				isNull(invitations.withdrawnAt)
			)
		)
		.orderBy(asc(invitations.createdAt));
}

export async function findMembershipById(db: DbOrTx, id: string) {
	const [row] = await db
		.select({
			id: memberships.id,
			userId: memberships.userId,
			role: memberships.role,
			organisationId: memberships.organisationId,
			municipalityId: memberships.municipalityId,
			email: users.email
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.id, id));
	return row;
}

export async function updateMembershipRole(db: DbOrTx, id: string, role: string): Promise<void> {
	await db.update(memberships).set({ role }).where(eq(memberships.id, id));
}

export async function countUsers(db: DbOrTx): Promise<number> {
	const rows = await db.select({ id: users.id }).from(users).limit(1);
	return rows.length;
}

/** Serialises the first-admin check: a second set-up in flight waits, then finds the first admin. */
export async function lockUsers(db: DbOrTx): Promise<void> {
	await db.execute(sql`lock table users in share row exclusive mode`);
}
