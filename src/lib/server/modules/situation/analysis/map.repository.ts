import { sql, type SQL } from 'drizzle-orm';
import { queryRows, toNumber, type DbOrTx } from '../../../db/client';
import type { GridSpec } from '../../../platform/geo/grid';
import { pgArray } from '../crimes/crimes.repository';

/**
 * The lägesbild map's reads of individual events: only events with a real place (easting set).
 * Events placed by area code or Polisen's municipality-level events have no coordinates and
 * never become points or grid cells.
 */

export interface EventFilter {
	municipalityId: string;
	from: string;
	to: string;
	categories: string[] | null;
	/** Only events in at least one of these areas; null: every located event of the municipality. */
	areaIds?: string[] | null;
}

function conditions(filter: EventFilter): SQL {
	const parts = [sql`e.municipality_id = ${filter.municipalityId}`, sql`e.occurred_on >= ${filter.from}`, sql`e.occurred_on <= ${`${filter.to}~`}`];
	if (filter.categories?.length) parts.push(sql`e.category = any(${pgArray(filter.categories)}::text[])`);
	if (filter.areaIds) parts.push(sql`e.area_ids && ${pgArray(filter.areaIds)}::uuid[]`);
	return sql.join(parts, sql` and `);
}

/**
 * Located events counted per grid cell in the database, so a year of a large city comes back
 * as a few thousand cells, not as its events. The cell arithmetic is hotspots.models' cellOf:
 * squares by floor, hexagons by axial coordinates and cube rounding (floor(v + 0.5) rounds
 * halves up as Math.round does).
 */
export async function countEventsInCells(db: DbOrTx, filter: EventFilter, spec: GridSpec): Promise<{ i: number; j: number; count: number }[]> {
	const located = sql`${conditions(filter)} and e.easting is not null and e.northing is not null`;
	const radius = spec.size / Math.sqrt(3);
	const query =
		spec.shape === 'ruta'
			? sql`select floor(e.easting / ${spec.size}::float8)::bigint as i, floor(e.northing / ${spec.size}::float8)::bigint as j, count(*) as count
				from crime_events e where ${located} group by 1, 2`
			: sql`with axial as (
					select (sqrt(3.0) / 3 * e.easting - e.northing / 3) / ${radius}::float8 as x, (2.0 / 3 * e.northing) / ${radius}::float8 as z
					from crime_events e where ${located}
				), rounded as (
					select x, z, -x - z as y, floor(x + 0.5) as rx, floor(-x - z + 0.5) as ry, floor(z + 0.5) as rz from axial
				), cells as (
					select case when abs(rx - x) > abs(ry - y) and abs(rx - x) > abs(rz - z) then -ry - rz else rx end as i,
						case when abs(rx - x) > abs(ry - y) and abs(rx - x) > abs(rz - z) then rz when abs(ry - y) <= abs(rz - z) then -rx - ry else rz end as j
					from rounded
				)
				select i::bigint as i, j::bigint as j, count(*) as count from cells group by 1, 2`;
	const rows = await queryRows<{ i: unknown; j: unknown; count: unknown }>(db, query);
	return rows.map((r) => ({ i: toNumber(r.i), j: toNumber(r.j), count: toNumber(r.count) }));
}

/** How many events of the period have a place and how many have none (those are never drawn). */
export async function countLocatedEvents(db: DbOrTx, filter: EventFilter): Promise<{ located: number; unlocated: number }> {
	const [row] = await queryRows<{ located: unknown; unlocated: unknown }>(
		db,
		sql`select count(*) filter (where e.easting is not null) as located, count(*) filter (where e.easting is null) as unlocated from crime_events e where ${conditions(filter)}`
	);
	return { located: toNumber(row?.located), unlocated: toNumber(row?.unlocated) };
}

export interface EventPoint {
	id: number;
	category: string;
	occurredOn: string;
	longitude: number;
	latitude: number;
}

/** Located events of the period in WGS84, oldest first, at most `limit`. */
export async function listEventPoints(db: DbOrTx, filter: EventFilter, limit: number): Promise<EventPoint[]> {
	const rows = await queryRows<{ id: unknown; category: string; occurred_on: string; longitude: unknown; latitude: unknown }>(
		db,
		sql`select e.id, e.category, e.occurred_on, e.longitude, e.latitude from crime_events e
			where ${conditions(filter)} and e.easting is not null and e.latitude is not null and e.longitude is not null
			order by e.occurred_on, e.id limit ${limit}`
	);
	return rows.map((r) => ({
		id: toNumber(r.id),
		category: r.category,
		occurredOn: r.occurred_on,
		longitude: toNumber(r.longitude),
		latitude: toNumber(r.latitude)
	}));
}
