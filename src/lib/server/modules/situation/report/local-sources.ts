/** The lägesbild's local sources read from the walks and EST modules (through their public.ts); the rules are in local-sources.models.ts. */
import type { DbOrTx } from '../../../db/client';
import { listEstReportsBetween } from '../../est/public';
import { listWalkFindingsForSituation } from '../../walks/public';
import { listAreaRows } from '../areas/areas.repository';
import type { IndicatorTable } from './situation-report.models';
import { LOCAL_SOURCES, NO_AREA, localSourceTable } from './local-sources.models';

const stockholmDay = (date: Date) =>
	new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

/** The walks' findings and the EST reports of the period as count tables (only the sources with counts). */
export async function localSourceTables(db: DbOrTx, municipalityId: string, period: { from: string; to: string }): Promise<IndicatorTable[]> {
	const areaName = new Map((await listAreaRows(db, municipalityId)).map((a) => [a.id, a.name]));
	const findings = (await listWalkFindingsForSituation(db, municipalityId, period.from, period.to)).flatMap((f) => {
		const day = stockholmDay(f.walkAt);
		if (day < period.from || day > period.to) return [];
		return [{ area: (f.areaId && areaName.get(f.areaId)) || f.areaName || NO_AREA, category: f.category, month: day.slice(0, 7) }];
	});
	const reports = (await listEstReportsBetween(db, municipalityId, period.from, period.to)).map((r) => ({
		area: (r.areaId && areaName.get(r.areaId)) || NO_AREA,
		category: r.category,
		month: r.occurredOn.slice(0, 7)
	}));
	return [
		localSourceTable(LOCAL_SOURCES.walks, findings, period, 'Brister från trygghetsvandringar'),
		localSourceTable(LOCAL_SOURCES.est, reports, period, 'EST-rapporter')
	].filter((t): t is IndicatorTable => t !== null);
}
