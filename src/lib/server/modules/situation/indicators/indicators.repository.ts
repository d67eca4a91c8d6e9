import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { areas, indicatorValues } from '../situation.table';

export async function upsertIndicatorValues(db: DbOrTx, values: (typeof indicatorValues.$inferInsert)[]): Promise<number> {
	let n = 0;
	for (let i = 0; i < values.length; i += 500) {
		const rows = await db
			.insert(indicatorValues)
			.values(values.slice(i, i + 500))
			.onConflictDoUpdate({
				target: [
					indicatorValues.municipalityId,
					indicatorValues.indicator,
					indicatorValues.regionCode,
					indicatorValues.areaId,
					indicatorValues.period,
					indicatorValues.sex,
					indicatorValues.ageGroup
				],
				set: {
					value: sql`excluded.value`,
					unit: sql`excluded.unit`,
					respondents: sql`excluded.respondents`,
					source: sql`excluded.source`,
					licence: sql`excluded.licence`,
					name: sql`excluded.name`
				}
			})
			.returning({ id: indicatorValues.id });
		n += rows.length;
	}
	return n;
}

export function listIndicatorValues(db: DbOrTx, municipalityId: string) {
	return db
		.select({
			id: indicatorValues.id,
			areaId: indicatorValues.areaId,
			areaName: areas.name,
			regionCode: indicatorValues.regionCode,
			indicator: indicatorValues.indicator,
			name: indicatorValues.name,
			period: indicatorValues.period,
			sex: indicatorValues.sex,
			ageGroup: indicatorValues.ageGroup,
			value: indicatorValues.value,
			unit: indicatorValues.unit,
			respondents: indicatorValues.respondents,
			source: indicatorValues.source,
			licence: indicatorValues.licence,
			demo: indicatorValues.demo
		})
		.from(indicatorValues)
		.leftJoin(areas, eq(areas.id, indicatorValues.areaId))
		.where(eq(indicatorValues.municipalityId, municipalityId))
		.orderBy(asc(indicatorValues.indicator), asc(indicatorValues.regionCode), asc(areas.name), asc(indicatorValues.period), asc(indicatorValues.sex));
}
