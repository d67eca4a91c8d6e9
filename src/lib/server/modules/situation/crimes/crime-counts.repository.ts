import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import type { GroupBy } from '../situation.models';
import { WHOLE_MUNICIPALITY } from '../situation.table';

/**
 * The upkeep and the reading of the pre-aggregated crime counts (situation.table: crime_area_month_counts,
 * crime_year_counts, crime_time_counts). Every write of crime_events goes through here in the same
 * statement, so the counts are exactly the events; a query is answered from whole years and whole
 * months of the aggregates plus the events of the partial months at the period's edges.
 */

/**
 * CTEs that subtract the events of the CTE `changed` (category, year, month, weekday, hour,
 * area_ids) from every count table; appended to the statement that deletes them.
 */
export function countRemovalCtes(municipalityId: string): SQL {
	return sql`area_month_upkeep as (
		insert into crime_area_month_counts as c (municipality_id, year, month, area_id, category, count)
		select ${municipalityId}::uuid, ch.year, ch.month, a.area_id, ch.category, -count(*)::int
		from changed ch cross join lateral unnest(ch.area_ids) as a(area_id)
		group by ch.year, ch.month, a.area_id, ch.category
		on conflict (municipality_id, year, month, area_id, category) do update set count = c.count + excluded.count
	), year_upkeep as (
		insert into crime_year_counts as c (municipality_id, year, category, area_id, count)
		${yearCountsSelect(municipalityId, sql`changed`, -1)}
		on conflict (municipality_id, year, category, area_id) do update set count = c.count + excluded.count
	), time_upkeep as (
		insert into crime_time_counts as c (municipality_id, year, month, category, weekday, hour, count)
		${timeCountsSelect(municipalityId, sql`changed`, -1)}
		on conflict (municipality_id, year, month, category, weekday, hour) do update set count = c.count + excluded.count
	)`;
}

/**
 * The rows of crime_time_counts for a set of events `ch`: per month and category, and rolled
 * up to the whole year (month 0) and to all categories (category ''), so a year's weekday × hour
 * grid reads 175 rows instead of thousands.
 */
function timeCountsSelect(municipalityId: string, source: SQL, sign: 1 | -1): SQL {
	const n = sql.raw(sign === 1 ? 'count(*)::int' : '-count(*)::int');
	return sql`select ${municipalityId}::uuid, t.year, coalesce(t.month, 0), coalesce(t.category, ''), t.weekday, t.hour, ${n}
		from (select ch.year, ch.month, ch.category, ch.weekday, coalesce(ch.hour, -1)::smallint as hour from ${source} ch) t
		group by grouping sets ((t.year, t.month, t.category, t.weekday, t.hour), (t.year, t.month, t.weekday, t.hour), (t.year, t.category, t.weekday, t.hour), (t.year, t.weekday, t.hour))`;
}

/**
 * The rows of crime_year_counts for a set of events `ch`: per area and year (all categories),
 * and for the whole municipality per year by category and in all.
 */
function yearCountsSelect(municipalityId: string, source: SQL, sign: 1 | -1): SQL {
	const n = sql.raw(sign === 1 ? 'count(*)::int' : '-count(*)::int');
	return sql`select ${municipalityId}::uuid, ch.year, '', a.area_id, ${n}
		from ${source} ch cross join lateral unnest(ch.area_ids) as a(area_id)
		group by ch.year, a.area_id
		union all
		select ${municipalityId}::uuid, ch.year, coalesce(ch.category, ''), ${WHOLE_MUNICIPALITY}::uuid, ${n}
		from ${source} ch
		group by grouping sets ((ch.year, ch.category), (ch.year))`;
}

/**
 * Adds the events one import wrote to every count table, in the import's transaction: one
 * grouped statement per table after the last batch costs a fraction of upkeep per batch
 * (measured: 0.7 s instead of 4 s for 100,000 events on PostgreSQL). Only rows the import
 * actually wrote carry its id, so duplicates skipped by the insert are not counted.
 */
export async function addImportToCounts(db: DbOrTx, municipalityId: string, importId: string) {
	// A table with no counts of the municipality yet (its first import) cannot conflict with the
	// grouped rows, which are distinct: a plain insert there spares the upsert's speculative
	// insertion, about a fifth of this step on PostgreSQL.
	const [present] = await queryRows<{ area_month: boolean; years: boolean; times: boolean }>(
		db,
		sql`select exists (select 1 from crime_area_month_counts where municipality_id = ${municipalityId}) as area_month,
			exists (select 1 from crime_year_counts where municipality_id = ${municipalityId}) as years,
			exists (select 1 from crime_time_counts where municipality_id = ${municipalityId}) as times`
	);
	const upsert = (present: unknown, target: string) =>
		present === true || present === 't' ? sql.raw(`on conflict (${target}) do update set count = c.count + excluded.count`) : sql``;
	// One read of the import's events feeds all three tables.
	await db.execute(sql`with ev as materialized (
			select year, month, category, weekday, hour, area_ids from crime_events where municipality_id = ${municipalityId} and import_id = ${importId}
		), area_month as (
			insert into crime_area_month_counts as c (municipality_id, year, month, area_id, category, count)
			select ${municipalityId}::uuid, ch.year, ch.month, a.area_id, ch.category, count(*)::int
			from ev ch cross join lateral unnest(ch.area_ids) as a(area_id)
			group by ch.year, ch.month, a.area_id, ch.category
			${upsert(present.area_month, 'municipality_id, year, month, area_id, category')}
		), years as (
			insert into crime_year_counts as c (municipality_id, year, category, area_id, count)
			${yearCountsSelect(municipalityId, sql`ev`, 1)}
			${upsert(present.years, 'municipality_id, year, category, area_id')}
		)
		insert into crime_time_counts as c (municipality_id, year, month, category, weekday, hour, count)
		${timeCountsSelect(municipalityId, sql`ev`, 1)}
		${upsert(present.times, 'municipality_id, year, month, category, weekday, hour')}`);
}

/** After a subtraction: counts that reached zero are removed, so the tables hold only what exists. */
export async function dropEmptyCounts(db: DbOrTx, municipalityId: string) {
	for (const table of ['crime_area_month_counts', 'crime_year_counts', 'crime_time_counts'])
		await db.execute(sql`delete from ${sql.identifier(table)} where municipality_id = ${municipalityId} and count = 0`);
}

/** Recomputes the per-area counts from the events, after the events were assigned to new areas. */
export async function rebuildAreaCounts(db: DbOrTx, municipalityId: string) {
	await db.execute(sql`delete from crime_area_month_counts where municipality_id = ${municipalityId}`);
	await db.execute(sql`delete from crime_year_counts where municipality_id = ${municipalityId}`);
	await db.execute(sql`insert into crime_area_month_counts (municipality_id, year, month, area_id, category, count)
		select e.municipality_id, e.year, e.month, a.area_id, e.category, count(*)::int
		from crime_events e cross join lateral unnest(e.area_ids) as a(area_id)
		where e.municipality_id = ${municipalityId}
		group by e.municipality_id, e.year, e.month, a.area_id, e.category`);
	await db.execute(sql`insert into crime_year_counts (municipality_id, year, category, area_id, count)
		${yearCountsSelect(municipalityId, sql`(select * from crime_events where municipality_id = ${municipalityId})`, 1)}`);
}

/** Recomputes every count of the municipality from its events (a repair; the upkeep keeps them right). */
export async function rebuildCrimeCounts(db: DbOrTx, municipalityId: string) {
	await rebuildAreaCounts(db, municipalityId);
	await db.execute(sql`delete from crime_time_counts where municipality_id = ${municipalityId}`);
	await db.execute(sql`insert into crime_time_counts (municipality_id, year, month, category, weekday, hour, count)
		${timeCountsSelect(municipalityId, sql`(select * from crime_events where municipality_id = ${municipalityId})`, 1)}`);
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

/** A month as one number: year * 12 + month - 1. */
const monthIndex = (year: number, month: number) => year * 12 + month - 1;
const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const dateOf = (index: number, day: 'first' | 'last') => {
	const year = Math.floor(index / 12);
	const month = (index % 12) + 1;
	return `${year}-${pad(month)}-${pad(day === 'first' ? 1 : lastDayOf(year, month))}`;
};

/** Whole months as month indexes; null bounds are open. */
export interface MonthSpan {
	from: number | null;
	to: number | null;
}

export interface PeriodPlan {
	/** Whole years, answered by crime_year_counts; null when none. */
	years: { from: number | null; to: number | null } | null;
	/** Whole months (outside the whole years), answered by the month tables. */
	months: MonthSpan[];
	/** Day ranges (inclusive, YYYY-MM-DD) of partial months, read from the events. */
	days: { from: string; to: string }[];
}

/**
 * Splits a period (inclusive days, null = open) into whole years, whole months and the partial
 * months at its edges. `yearsUsable` false (grouping by month, weekday or hour) keeps whole
 * years as months.
 */
export function planPeriod(from: string | null, to: string | null, yearsUsable: boolean): PeriodPlan {
	const f = from ? { y: Number(from.slice(0, 4)), m: Number(from.slice(5, 7)), d: Number(from.slice(8, 10)) } : null;
	const t = to ? { y: Number(to.slice(0, 4)), m: Number(to.slice(5, 7)), d: Number(to.slice(8, 10)) } : null;
	const first = f ? monthIndex(f.y, f.m) + (f.d === 1 ? 0 : 1) : null;
	const last = t ? monthIndex(t.y, t.m) - (t.d === lastDayOf(t.y, t.m) ? 0 : 1) : null;
	if (first !== null && last !== null && first > last) return { years: null, months: [], days: from! <= to! ? [{ from: from!, to: to! }] : [] };
	const days: PeriodPlan['days'] = [];
	if (f && f.d !== 1) days.push({ from: from!, to: dateOf(monthIndex(f.y, f.m), 'last') });
	if (t && t.d !== lastDayOf(t.y, t.m)) days.push({ from: dateOf(monthIndex(t.y, t.m), 'first'), to: to! });
	if (!yearsUsable) return { years: null, months: [{ from: first, to: last }], days };
	// The first year whose January is in the span, the last whose December is.
	const firstYear = first === null ? null : Math.ceil(first / 12);
	const lastYear = last === null ? null : Math.floor((last + 1) / 12) - 1;
	if (firstYear !== null && lastYear !== null && firstYear > lastYear) return { years: null, months: [{ from: first, to: last }], days };
	const months: MonthSpan[] = [];
	if (first !== null && first < firstYear! * 12) months.push({ from: first, to: firstYear! * 12 - 1 });
	if (last !== null && last > lastYear! * 12 + 11) months.push({ from: (lastYear! + 1) * 12, to: last });
	return { years: { from: firstYear, to: lastYear }, months, days };
}

export interface CountQuery {
	municipalityId: string;
	from: string | null;
	to: string | null;
	areaKind?: string | null;
	categories?: string[] | null;
	/** Only these areas (when grouping by area). */
	areaIds?: string[] | null;
}

const RAW_DIMENSION: Record<GroupBy, string> = {
	area: 'a.area_id',
	category: 'e.category',
	year: 'e.year::int',
	month: 'e.month::int',
	weekday: 'e.weekday::int',
	hour: 'e.hour::int'
};

function select(groupBy: GroupBy[], expression: (g: GroupBy) => string, count: string): SQL {
	return sql.raw([...groupBy.map((g) => `${expression(g)} as "${g}"`), `${count} as n`].join(', '));
}

function monthCondition(span: MonthSpan, alias: string): SQL {
	// Within one year: equality on the year and a range on the month, which the primary key
	// (municipality, year, month, …) answers directly, area filters included.
	if (span.from !== null && span.to !== null && Math.floor(span.from / 12) === Math.floor(span.to / 12))
		return sql.raw(`${alias}.year = ${Math.floor(span.from / 12)} and ${alias}.month between ${(span.from % 12) + 1} and ${(span.to % 12) + 1}`);
	const parts: SQL[] = [];
	// The year bound lets the primary key (municipality, year, month, …) narrow the scan.
	if (span.from !== null) parts.push(sql.raw(`${alias}.year >= ${Math.floor(span.from / 12)} and ${alias}.year * 12 + ${alias}.month - 1 >= ${span.from}`));
	if (span.to !== null) parts.push(sql.raw(`${alias}.year <= ${Math.floor(span.to / 12)} and ${alias}.year * 12 + ${alias}.month - 1 <= ${span.to}`));
	return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

function rawPart(groupBy: GroupBy[], q: CountQuery, range: { from: string | null; to: string | null }): SQL {
	const conditions = [sql`e.municipality_id = ${q.municipalityId}`];
	if (range.from) conditions.push(sql`e.occurred_on >= ${range.from}`);
	// occurred_on is 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM': anything of the last day sorts below its '~'.
	if (range.to) conditions.push(sql`e.occurred_on <= ${`${range.to}~`}`);
	if (q.categories?.length) conditions.push(sql`e.category = any(${sql.param(q.categories)}::text[])`);
	const byArea = groupBy.includes('area');
	if (byArea) conditions.push(areaCondition('a', q));
	const unnest = byArea ? sql`cross join lateral unnest(e.area_ids) as a(area_id)` : sql``;
	const group = groupBy.length ? sql.raw(`group by ${groupBy.map((g) => RAW_DIMENSION[g]).join(', ')}`) : sql``;
	return sql`select ${select(groupBy, (g) => RAW_DIMENSION[g], 'count(*)')} from crime_events e ${unnest} where ${sql.join(conditions, sql` and `)} ${group}`;
}

function areaCondition(alias: string, q: CountQuery): SQL {
	return q.areaIds ? sql`${sql.raw(alias)}.area_id = any(${sql.param(q.areaIds)}::uuid[])` : sql`true`;
}

function categoryCondition(alias: string, q: CountQuery): SQL {
	return q.categories?.length ? sql`${sql.raw(alias)}.category = any(${sql.param(q.categories)}::text[])` : sql`true`;
}

/**
 * Counts of events grouped by the given dimensions, exactly as a scan of crime_events would give
 * them (each event once per area containing it when grouped by area), from the aggregates where
 * they can answer and from the events for the rest. The column names are the dimension names.
 */
export async function countFromAggregates(db: DbOrTx, groupBy: GroupBy[], q: CountQuery): Promise<Record<string, unknown>[]> {
	const byArea = groupBy.includes('area');
	const byTime = groupBy.includes('weekday') || groupBy.includes('hour');
	const parts: SQL[] = [];
	if (byArea && byTime) {
		// No aggregate keeps area with weekday and hour (it would be as large as the events).
		parts.push(rawPart(groupBy, q, { from: q.from, to: q.to }));
	} else {
		// crime_year_counts has areas only for all categories together.
		const categoriesMatter = groupBy.includes('category') || !!q.categories?.length;
		const plan = planPeriod(q.from, q.to, !groupBy.includes('month') && !(byArea && categoriesMatter));
		for (const range of plan.days) parts.push(rawPart(groupBy, q, range));
		const group = (expression: (g: GroupBy) => string) => (groupBy.length ? sql.raw(`group by ${groupBy.map(expression).join(', ')}`) : sql``);
		// Category '' is every category together: the row to read unless categories matter.
		const rolledCategory = categoriesMatter ? sql`c.category <> '' and ${categoryCondition('c', q)}` : sql`c.category = ''`;
		const yearRange = (years: { from: number | null; to: number | null }) =>
			sql.join([sql`c.year >= ${years.from ?? -32768}`, sql`c.year <= ${years.to ?? 32767}`], sql` and `);
		const timeDimension = (g: GroupBy) => (g === 'hour' ? 'nullif(c.hour, -1)::int' : `c.${g}${g === 'category' ? '' : '::int'}`);
		for (const span of plan.months) {
			if (byArea && q.areaIds && span.from !== null && span.to !== null && q.areaIds.length * (span.to - span.from + 1) <= 50_000) {
				// A few areas (the page's top areas): one primary-key probe per area and month
				// instead of scanning every area's counts of the period.
				const dim = (g: GroupBy) => (g === 'area' ? 'c.area_id' : `c.${g}${g === 'category' ? '' : '::int'}`);
				parts.push(sql`select ${select(groupBy, dim, 'sum(c.count)')} from unnest(${sql.param(q.areaIds)}::uuid[]) as wanted(area_id)
					cross join generate_series(${span.from}::int, ${span.to}::int) as mi(i)
					join crime_area_month_counts c on c.municipality_id = ${q.municipalityId} and c.year = mi.i / 12 and c.month = mi.i % 12 + 1 and c.area_id = wanted.area_id
					where ${categoryCondition('c', q)} ${group(dim)}`);
			} else if (byArea) {
				const dim = (g: GroupBy) => (g === 'area' ? 'c.area_id' : `c.${g}${g === 'category' ? '' : '::int'}`);
				parts.push(sql`select ${select(groupBy, dim, 'sum(c.count)')} from crime_area_month_counts c
					where c.municipality_id = ${q.municipalityId} and ${monthCondition(span, 'c')} and ${categoryCondition('c', q)} and ${areaCondition('c', q)} ${group(dim)}`);
			} else {
				parts.push(sql`select ${select(groupBy, timeDimension, 'sum(c.count)')} from crime_time_counts c
					where c.municipality_id = ${q.municipalityId} and c.month > 0 and ${monthCondition(span, 'c')} and ${rolledCategory} ${group(timeDimension)}`);
			}
		}
		if (plan.years && byTime) {
			// Month 0 is the whole year.
			parts.push(sql`select ${select(groupBy, timeDimension, 'sum(c.count)')} from crime_time_counts c
				where c.municipality_id = ${q.municipalityId} and c.month = 0 and ${yearRange(plan.years)} and ${rolledCategory} ${group(timeDimension)}`);
		} else if (plan.years) {
			const dim = (g: GroupBy) => (g === 'area' ? 'c.area_id' : g === 'year' ? 'c.year::int' : `c.${g}`);
			const where = byArea ? sql`c.area_id <> ${WHOLE_MUNICIPALITY}::uuid and ${areaCondition('c', q)}` : sql`c.area_id = ${WHOLE_MUNICIPALITY}::uuid`;
			parts.push(sql`select ${select(groupBy, dim, 'sum(c.count)')} from crime_year_counts c
				where c.municipality_id = ${q.municipalityId} and ${yearRange(plan.years)} and ${rolledCategory} and ${where} ${group(dim)}`);
		}
	}
	if (parts.length === 0) parts.push(rawPart(groupBy, q, { from: '9999-12-31', to: '0000-01-01' }));
	const union = sql.join(parts, sql` union all `);
	const kindJoin = byArea && q.areaKind ? sql`join areas ar on ar.id = u.area and ar.kind = ${q.areaKind}` : sql``;
	if (groupBy.length === 0) return queryRows(db, sql`select coalesce(sum(u.n), 0)::int as "count" from (${union}) u`);
	const dims = groupBy.map((g) => `u."${g}"`).join(', ');
	return queryRows(
		db,
		sql`select ${sql.raw(groupBy.map((g) => `u."${g}" as "${g}"`).join(', '))}, sum(u.n)::int as "count" from (${union}) u ${kindJoin} group by ${sql.raw(dims)} order by ${sql.raw(dims)}`
	);
}

/** The same counts straight from the events: the reference the aggregates must equal (tests, repair checks). */
export async function countFromEvents(db: DbOrTx, groupBy: GroupBy[], q: CountQuery): Promise<Record<string, unknown>[]> {
	const raw = rawPart(groupBy, q, { from: q.from, to: q.to });
	if (groupBy.length === 0) return queryRows(db, sql`select coalesce(sum(u.n), 0)::int as "count" from (${raw}) u`);
	const dims = groupBy.map((g) => `u."${g}"`).join(', ');
	const kindJoin = groupBy.includes('area') && q.areaKind ? sql`join areas ar on ar.id = u.area and ar.kind = ${q.areaKind}` : sql``;
	return queryRows(
		db,
		sql`select ${sql.raw(groupBy.map((g) => `u."${g}" as "${g}"`).join(', '))}, sum(u.n)::int as "count" from (${raw}) u ${kindJoin} group by ${sql.raw(dims)} order by ${sql.raw(dims)}`
	);
}
