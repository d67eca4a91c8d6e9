import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { estReportClientIds } from './est.offline.table';

/** The report already stored under this client id in the municipality, if any. */
export async function findReportIdByClientId(db: DbOrTx, municipalityId: string, clientId: string): Promise<string | null> {
	const [row] = await db
		.select({ reportId: estReportClientIds.reportId })
		.from(estReportClientIds)
		.where(and(eq(estReportClientIds.municipalityId, municipalityId), eq(estReportClientIds.clientId, clientId)));
	return row?.reportId ?? null;
}

/** Ties a new report to its client id; a second report with the same id fails on the primary key. */
export async function insertReportClientId(db: DbOrTx, values: { municipalityId: string; clientId: string; reportId: string }): Promise<void> {
	await db.insert(estReportClientIds).values(values);
}
