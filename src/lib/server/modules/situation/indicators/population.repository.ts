import { sql } from 'drizzle-orm';
import { queryRows, toNumber, type DbOrTx } from '../../../db/client';

export interface AreaPopulationSummary {
	areaId: string;
	year: number;
	total: number | null;
	women: number | null;
	men: number | null;
	/** How many age groups besides 'totalt' the year has. */
	ageGroups: number;
}

/** Per area its latest year with a population: the total, women and men, and how many age groups. */
export async function latestPopulationSummaries(db: DbOrTx, municipalityId: string): Promise<AreaPopulationSummary[]> {
	const rows = await queryRows<{ area_id: string; year: unknown; total: unknown; women: unknown; men: unknown; age_groups: unknown }>(
		db,
		sql`with latest as (
				select p.area_id, max(p.year) as year from area_populations p join areas a on a.id = p.area_id
				where a.municipality_id = ${municipalityId} group by p.area_id
			)
			select p.area_id, p.year,
				max(p.population) filter (where p.sex = 'T' and p.age_group = 'totalt') as total,
				max(p.population) filter (where p.sex = 'K' and p.age_group = 'totalt') as women,
				max(p.population) filter (where p.sex = 'M' and p.age_group = 'totalt') as men,
				count(distinct p.age_group) filter (where p.age_group <> 'totalt') as age_groups
			from area_populations p join latest l on l.area_id = p.area_id and l.year = p.year
			group by p.area_id, p.year`
	);
	const orNull = (v: unknown) => (v === null || v === undefined ? null : toNumber(v));
	return rows.map((r) => ({
		areaId: r.area_id,
		year: toNumber(r.year),
		total: orNull(r.total),
		women: orNull(r.women),
		men: orNull(r.men),
		ageGroups: toNumber(r.age_groups)
	}));
}
