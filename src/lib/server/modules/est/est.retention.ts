import type { Db } from '../../db/client';
import { systemActor } from '../../platform/authz';
import { recordAudit } from '../audit/public';
import { listRetentionTimes, removeReportContent } from './est.repository';

/** The first day whose reports keep their text: `months` calendar months before `today`. */
export function retentionCutoff(today: string, months: number): string {
	const date = new Date(`${today}T00:00:00Z`);
	const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, 1));
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
	target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
	return target.toISOString().slice(0, 10);
}

/**
 * The hourly retention job: free text and photos of reports older than the municipality's
 * retention time (default 24 months) are removed; category, place, date and effect stay so the
 * counts and trends do not change. Each removal is audited with how many reports it touched.
 */
export async function applyReportRetention(db: Db, today = new Date().toISOString().slice(0, 10)): Promise<number> {
	let total = 0;
	for (const { municipalityId, months } of await listRetentionTimes(db)) {
		const before = retentionCutoff(today, months);
		await db.transaction(async (tx) => {
			const removed = await removeReportContent(tx, municipalityId, before);
			if (removed === 0) return;
			total += removed;
			await recordAudit(
				tx,
				{ actor: systemActor('scheduled-job'), ip: null },
				{
					action: 'est.report_content.removed',
					entityType: 'est_report',
					municipalityId,
					changes: { reports: { before: null, after: removed }, occurredBefore: { before: null, after: before } }
				}
			);
		});
	}
	return total;
}
