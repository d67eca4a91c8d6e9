import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { memberships, users } from '../users/users.table';
import { municipalities, organisations } from '../organisations/organisations.table';
import { followUpAnswerParts, followUpAnswers, followUpReminders, followUpRounds } from './follow-up.table';
import { measureResponsibles, measures, plans } from './plans.table';

export type RoundRow = typeof followUpRounds.$inferSelect;
export type AnswerRow = typeof followUpAnswers.$inferSelect;
export type AnswerPartRow = typeof followUpAnswerParts.$inferSelect;

export async function insertRound(db: DbOrTx, values: typeof followUpRounds.$inferInsert): Promise<RoundRow> {
	const [row] = await db.insert(followUpRounds).values(values).returning();
	return row;
}

export async function findRound(db: DbOrTx, id: string): Promise<RoundRow | undefined> {
	const [row] = await db.select().from(followUpRounds).where(eq(followUpRounds.id, id));
	return row;
}

export function listRounds(db: DbOrTx, planId: string) {
	return db.select().from(followUpRounds).where(eq(followUpRounds.planId, planId)).orderBy(desc(followUpRounds.openedAt));
}

export async function closeRoundRow(db: DbOrTx, id: string, snapshot: unknown): Promise<void> {
	await db.update(followUpRounds).set({ status: 'stangd', closedAt: new Date(), snapshot }).where(eq(followUpRounds.id, id));
}

export function listAnswers(db: DbOrTx, roundId: string): Promise<AnswerRow[]> {
	return db.select().from(followUpAnswers).where(eq(followUpAnswers.roundId, roundId));
}

export async function upsertAnswer(db: DbOrTx, values: typeof followUpAnswers.$inferInsert): Promise<void> {
	await db
		.insert(followUpAnswers)
		.values(values)
		.onConflictDoUpdate({
			target: [followUpAnswers.roundId, followUpAnswers.measureId],
			set: {
				status: values.status,
				done: values.done,
				nextSteps: values.nextSteps,
				indicatorValues: values.indicatorValues,
				organisationId: values.organisationId,
				updatedAt: new Date(),
				updatedBy: values.updatedBy
			}
		});
}

export function listAnswerParts(db: DbOrTx, roundId: string): Promise<AnswerPartRow[]> {
	return db.select().from(followUpAnswerParts).where(eq(followUpAnswerParts.roundId, roundId)).orderBy(asc(followUpAnswerParts.updatedAt));
}

export async function upsertAnswerPart(db: DbOrTx, values: typeof followUpAnswerParts.$inferInsert): Promise<void> {
	await db
		.insert(followUpAnswerParts)
		.values(values)
		.onConflictDoUpdate({
			target: [followUpAnswerParts.roundId, followUpAnswerParts.measureId, followUpAnswerParts.organisationId],
			set: {
				status: values.status,
				done: values.done,
				nextSteps: values.nextSteps,
				indicatorValues: values.indicatorValues,
				updatedAt: new Date(),
				updatedBy: values.updatedBy
			}
		});
}

/** measure → organisations responsible for it, for one plan. */
export async function responsibilitiesOfPlan(db: DbOrTx, planId: string) {
	return db
		.select({ measureId: measureResponsibles.measureId, organisationId: measureResponsibles.organisationId })
		.from(measureResponsibles)
		.innerJoin(measures, eq(measures.id, measureResponsibles.measureId))
		.where(eq(measures.planId, planId))
		.orderBy(asc(measures.sortOrder));
}

/** The staff (medarbetare) of these organisations in the municipality: who gets the follow-up request. */
export async function staffOfOrganisations(db: DbOrTx, municipalityId: string, organisationIds: string[]) {
	if (organisationIds.length === 0) return [];
	return db
		.select({ email: users.email, name: users.name, organisationId: memberships.organisationId })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.municipalityId, municipalityId), eq(memberships.role, 'medarbetare'), inArray(memberships.organisationId, organisationIds)));
}

/** Open rounds with their plan's municipality (all of them for the reminder job, one municipality's for its overview). */
export function listOpenRounds(db: DbOrTx, municipalityId?: string) {
	const open = eq(followUpRounds.status, 'oppen');
	return db
		.select({ id: followUpRounds.id, dueDate: followUpRounds.dueDate, municipalitySlug: municipalities.slug })
		.from(followUpRounds)
		.innerJoin(plans, eq(plans.id, followUpRounds.planId))
		.innerJoin(municipalities, eq(municipalities.id, plans.municipalityId))
		.where(municipalityId ? and(open, eq(plans.municipalityId, municipalityId)) : open);
}

/** Claims a reminder; false when this kind was already sent to the organisation for the round. */
export async function claimReminder(db: DbOrTx, values: { roundId: string; organisationId: string; kind: string; recipients: number }): Promise<boolean> {
	const rows = await db.insert(followUpReminders).values(values).onConflictDoNothing().returning({ id: followUpReminders.id });
	return rows.length > 0;
}

export function listReminders(db: DbOrTx, roundId: string) {
	return db
		.select({ organisation: organisations.name, kind: followUpReminders.kind, recipients: followUpReminders.recipients, sentAt: followUpReminders.sentAt })
		.from(followUpReminders)
		.innerJoin(organisations, eq(organisations.id, followUpReminders.organisationId))
		.where(eq(followUpReminders.roundId, roundId))
		.orderBy(asc(followUpReminders.sentAt));
}
