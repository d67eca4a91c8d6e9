import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { estCycleSettings, estEscalationSettings, estEscalations, estMeetings, estPriorities } from './est.table';

export type EscalationRow = typeof estEscalations.$inferSelect;

export async function findEscalationSettings(db: DbOrTx, municipalityId: string) {
	const [row] = await db.select().from(estEscalationSettings).where(eq(estEscalationSettings.municipalityId, municipalityId));
	return row ?? null;
}

export async function upsertEscalationSettings(db: DbOrTx, values: typeof estEscalationSettings.$inferInsert): Promise<void> {
	await db
		.insert(estEscalationSettings)
		.values(values)
		.onConflictDoUpdate({
			target: estEscalationSettings.municipalityId,
			set: {
				repeatCycles: values.repeatCycles,
				recipientGroup: values.recipientGroup,
				recipientEmails: values.recipientEmails,
				updatedAt: new Date(),
				updatedBy: values.updatedBy
			}
		});
}

export async function insertEscalation(db: DbOrTx, values: typeof estEscalations.$inferInsert): Promise<{ id: string }> {
	const [row] = await db.insert(estEscalations).values(values).returning({ id: estEscalations.id });
	return row;
}

export async function findEscalation(db: DbOrTx, id: string): Promise<EscalationRow | null> {
	const [row] = await db.select().from(estEscalations).where(eq(estEscalations.id, id));
	return row ?? null;
}

export async function listEscalations(db: DbOrTx, municipalityId: string): Promise<EscalationRow[]> {
	return db.select().from(estEscalations).where(eq(estEscalations.municipalityId, municipalityId)).orderBy(desc(estEscalations.createdAt));
}

export async function updateEscalation(
	db: DbOrTx,
	id: string,
	values: Partial<Pick<EscalationRow, 'status' | 'outcome' | 'outcomeOn' | 'planId' | 'measureId' | 'notifiedAt'>>
): Promise<void> {
	await db.update(estEscalations).set(values).where(eq(estEscalations.id, id));
}

/** Municipalities whose EST cadence is set: the escalation routine runs for them. */
export async function listMunicipalitiesWithCycles(db: DbOrTx): Promise<{ municipalityId: string; cadence: string; firstCycleStart: string }[]> {
	return db
		.select({ municipalityId: estCycleSettings.municipalityId, cadence: estCycleSettings.cadence, firstCycleStart: estCycleSettings.firstCycleStart })
		.from(estCycleSettings);
}

/** Places prioritised and not released that no escalation has raised yet, with the day they were prioritised. */
export async function listUnescalatedPriorities(db: DbOrTx, municipalityId: string) {
	return db
		.select({ id: estPriorities.id, place: estPriorities.place, reason: estPriorities.reason, meetingId: estPriorities.meetingId, since: estMeetings.heldOn })
		.from(estPriorities)
		.innerJoin(estMeetings, eq(estMeetings.id, estPriorities.meetingId))
		.leftJoin(estEscalations, eq(estEscalations.priorityId, estPriorities.id))
		.where(and(eq(estPriorities.municipalityId, municipalityId), isNull(estPriorities.releasedMeetingId), isNull(estEscalations.id)));
}

/** Escalations already turned into a plan measure (for the plan side's link back). */
export async function listEscalationsWithMeasure(db: DbOrTx, municipalityId: string) {
	return db
		.select({ id: estEscalations.id, measureId: estEscalations.measureId, place: estEscalations.place })
		.from(estEscalations)
		.where(and(eq(estEscalations.municipalityId, municipalityId), isNotNull(estEscalations.measureId)));
}
