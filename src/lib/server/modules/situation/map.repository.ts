import { sql, type SQL } from 'drizzle-orm';
import { queryRows, toNumber, type DbOrTx } from '../../db/client';
import { pgArray } from './situation.repository';

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

/** The metres of the lattice events are counted on in the database before binning in TypeScript. */
export const LATTICE_METRES = 10;

function conditions(filter: EventFilter): SQL {
	const parts = [sql`e.municipality_id = ${filter.municipalityId}`, sql`e.occurred_on >= ${filter.from}`, sql`e.occurred_on <= ${`${filter.to}~`}`];
	if (filter.categories?.length) parts.push(sql`e.category = any(${pgArray(filter.categories)}::text[])`);
	if (filter.areaIds) parts.push(sql`e.area_ids && ${pgArray(filter.areaIds)}::uuid[]`);
	return sql.join(parts, sql` and `);
}

/**
 * Located events counted per 10 m lattice cell: a grid of 100 m or more bins these exactly
 * (squares) or within 7 m (hexagons), and a year of a large city is a few thousand rows.
 */
export async function countEventsOnLattice(db: DbOrTx, filter: EventFilter): Promise<{ easting: number; northing: number; count: number }[]> {
	const rows = await queryRows<{ e: unknown; n: unknown; count: unknown }>(
		db,
		sql`select floor(e.easting / ${LATTICE_METRES})::bigint as e, floor(e.northing / ${LATTICE_METRES})::bigint as n, count(*) as count
			from crime_events e where ${conditions(filter)} and e.easting is not null and e.northing is not null group by 1, 2`
	);
	const half = LATTICE_METRES / 2;
	return rows.map((r) => ({ easting: toNumber(r.e) * LATTICE_METRES + half, northing: toNumber(r.n) * LATTICE_METRES + half, count: toNumber(r.count) }));
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
	return rows.map((r) => ({ id: toNumber(r.id), category: r.category, occurredOn: r.occurred_on, longitude: toNumber(r.longitude), latitude: toNumber(r.latitude) }));
}
