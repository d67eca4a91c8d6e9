import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { estCycleSettings, estReports } from './est.table';

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

export async function listReportsOfMunicipality(db: DbOrTx, municipalityId: string, limit: number) {
	return db
		.select()
		.from(estReports)
		.where(eq(estReports.municipalityId, municipalityId))
		.orderBy(desc(estReports.occurredOn), desc(estReports.reportedAt))
		.limit(limit);
}
