import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { queryRows, toNumber, type DbOrTx } from '../../../db/client';
import { crimeImportDrafts, crimeImports, crimeSources, WHOLE_MUNICIPALITY } from '../situation.table';
import type { ColumnMapping, CrimeRow, GroupBy } from '../situation.models';
import { addImportToCounts, countFromAggregates, countRemovalCtes, dropEmptyCounts, rebuildAreaCounts } from './crime-counts.repository';

export async function findCrimeSource(db: DbOrTx, municipalityId: string, name: string) {
	const [row] = await db
		.select()
		.from(crimeSources)
		.where(and(eq(crimeSources.municipalityId, municipalityId), eq(crimeSources.name, name)));
	return row;
}

export async function upsertCrimeSource(db: DbOrTx, municipalityId: string, name: string, mapping: ColumnMapping): Promise<string> {
	const [row] = await db
		.insert(crimeSources)
		.values({ municipalityId, name, mapping })
		.onConflictDoUpdate({ target: [crimeSources.municipalityId, crimeSources.name], set: { mapping, updatedAt: new Date() } })
		.returning({ id: crimeSources.id });
	return row.id;
}

export function listCrimeSources(db: DbOrTx, municipalityId: string) {
	return db.select({ name: crimeSources.name }).from(crimeSources).where(eq(crimeSources.municipalityId, municipalityId)).orderBy(asc(crimeSources.name));
}

export async function insertCrimeDraft(db: DbOrTx, values: typeof crimeImportDrafts.$inferInsert): Promise<string> {
	const [row] = await db.insert(crimeImportDrafts).values(values).returning({ id: crimeImportDrafts.id });
	return row.id;
}

export async function findCrimeDraft(db: DbOrTx, id: string, userId: string, municipalityId: string) {
	const [row] = await db
		.select()
		.from(crimeImportDrafts)
		.where(and(eq(crimeImportDrafts.id, id), eq(crimeImportDrafts.userId, userId), eq(crimeImportDrafts.municipalityId, municipalityId)));
	return row;
}

export async function setCrimeDraftMapping(db: DbOrTx, id: string, mapping: ColumnMapping) {
	await db.update(crimeImportDrafts).set({ mapping }).where(eq(crimeImportDrafts.id, id));
}

export async function deleteCrimeDraft(db: DbOrTx, id: string): Promise<boolean> {
	const rows = await db.delete(crimeImportDrafts).where(eq(crimeImportDrafts.id, id)).returning({ id: crimeImportDrafts.id });
	return rows.length > 0;
}

/** Deletes every draft created before the cutoff; returns how many went. */
export async function deleteCrimeDraftsBefore(db: DbOrTx, cutoff: Date): Promise<number> {
	const gone = await db.delete(crimeImportDrafts).where(lt(crimeImportDrafts.createdAt, cutoff)).returning({ id: crimeImportDrafts.id });
	return gone.length;
}

export async function insertCrimeImport(db: DbOrTx, values: typeof crimeImports.$inferInsert): Promise<string> {
	const [row] = await db.insert(crimeImports).values(values).returning({ id: crimeImports.id });
	return row.id;
}

export async function setCrimeImportCounts(db: DbOrTx, id: string, counts: { rowsImported: number; rowsDuplicate: number }) {
	await db.update(crimeImports).set(counts).where(eq(crimeImports.id, id));
}

/** Removes an import and its events (the event table has no foreign keys, see situation.table), and their counts. */
export async function deleteCrimeImportRows(db: DbOrTx, municipalityId: string, importId: string): Promise<number> {
	const events = await queryRows<{ n: unknown }>(
		db,
		sql`with changed as (
			delete from crime_events where municipality_id = ${municipalityId} and import_id = ${importId}
			returning category, year, month, weekday, hour, area_ids
		), ${countRemovalCtes(municipalityId)}
		select count(*) as n from changed`
	);
	if (toNumber(events[0]?.n) > 0) await dropEmptyCounts(db, municipalityId);
	const rows = await db
		.delete(crimeImports)
		.where(and(eq(crimeImports.id, importId), eq(crimeImports.municipalityId, municipalityId)))
		.returning({ id: crimeImports.id });
	return rows.length ? toNumber(events[0]?.n) : -1;
}

export function listCrimeImports(db: DbOrTx, municipalityId: string) {
	return db.select().from(crimeImports).where(eq(crimeImports.municipalityId, municipalityId)).orderBy(desc(crimeImports.createdAt)).limit(50);
}

/** Which of these hash keys the municipality already has (for the preview's duplicate count). */
export async function countExistingHashKeys(db: DbOrTx, municipalityId: string, keys: string[]): Promise<number> {
	let found = 0;
	for (let i = 0; i < keys.length; i += 5000) {
		const rows = await queryRows<{ n: unknown }>(
			db,
			sql`select count(*) as n from crime_events where municipality_id = ${municipalityId} and hash_key = any(${sql.param(keys.slice(i, i + 5000))}::text[])`
		);
		found += toNumber(rows[0]?.n);
	}
	return found;
}

export const EVENT_BATCH = 10_000;

/**
 * A PostgreSQL array literal ('{"a","b",NULL}') sent as one text parameter: both engines parse
 * it server-side, which is measurably faster on PGlite than letting the driver serialise arrays.
 */
export function pgArray(values: readonly (string | number | null)[]): string {
	const parts = new Array<string>(values.length);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		parts[i] = v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`;
	}
	return `{${parts.join(',')}}`;
}

/** The columns of one batch of events as PostgreSQL array literals, ready for insertCrimeEventBatch. */
export interface EventBatch {
	size: number;
	columns: string[];
}

/**
 * Serialises rows [start, end) with their areas (each a comma-joined list of area ids): pure
 * CPU work, done for the next batch while the database writes the previous one.
 */
export function prepareEventBatch(rows: readonly CrimeRow[], start: number, end: number, areaText: (row: CrimeRow) => string): EventBatch {
	const n = end - start;
	const cols = Array.from({ length: 13 }, () => new Array<string | number | null>(n));
	const [hash, category, code, occurred, year, month, weekday, hour, easting, northing, latitude, longitude, area] = cols;
	for (let i = 0; i < n; i++) {
		const r = rows[start + i];
		hash[i] = r.hashKey;
		category[i] = r.category;
		code[i] = r.crimeCode;
		occurred[i] = r.occurredOn;
		year[i] = r.year;
		month[i] = r.month;
		weekday[i] = r.weekday;
		hour[i] = r.hour;
		easting[i] = r.easting;
		northing[i] = r.northing;
		latitude[i] = r.latitude;
		longitude[i] = r.longitude;
		area[i] = areaText(r);
	}
	return { size: n, columns: cols.map((c) => pgArray(c)) };
}

/**
 * One `INSERT … SELECT * FROM unnest(…)` per batch: a handful of array parameters instead of a
 * parameter per cell, the same statement on PGlite and PostgreSQL. Rows already present (same
 * hash key) are skipped. Returns how many were new.
 */
async function insertCrimeEventBatch(db: DbOrTx, options: { municipalityId: string; importId: string; demo: boolean; batch: EventBatch }): Promise<number> {
	const { municipalityId, importId, demo } = options;
	const [hash, category, code, occurred, year, month, weekday, hour, easting, northing, latitude, longitude, area] = options.batch.columns;
	const result = await queryRows<{ n: unknown }>(
		db,
		sql`with changed as (
			insert into crime_events (municipality_id, import_id, demo, hash_key, category, crime_code, occurred_on, year, month, weekday, hour, easting, northing, latitude, longitude, area_ids)
			select ${municipalityId}::uuid, ${importId}::uuid, ${demo}, t.hash_key, t.category, t.crime_code, t.occurred_on, t.year, t.month, t.weekday, t.hour, t.easting, t.northing, t.latitude, t.longitude,
				case when t.area_ids = '' then '{}'::uuid[] else string_to_array(t.area_ids, ',')::uuid[] end
			from unnest(
				${hash}::text[], ${category}::text[], ${code}::text[], ${occurred}::text[],
				${year}::smallint[], ${month}::smallint[], ${weekday}::smallint[], ${hour}::smallint[],
				${easting}::float8[], ${northing}::float8[], ${latitude}::float8[], ${longitude}::float8[],
				${area}::text[]
			) as t(hash_key, category, crime_code, occurred_on, year, month, weekday, hour, easting, northing, latitude, longitude, area_ids)
			on conflict (municipality_id, hash_key) do nothing
			returning 1
		)
		select count(*) as n from changed`
	);
	return toNumber(result[0]?.n);
}

/** Where an import's time went: assigning and serialising (CPU) and waiting for the database. */
export interface ImportProfile {
	prepareMs: number;
	waitMs: number;
	/** Adding the import to the count tables. */
	countsMs: number;
}

/**
 * Writes events batch by batch, then adds them to the count tables (same transaction). The
 * areas of batch k+1 are worked out (CPU) while the database writes batch k, so on PostgreSQL
 * the assignment costs little wall time.
 */
export async function insertCrimeEvents(
	db: DbOrTx,
	options: { municipalityId: string; importId: string; demo: boolean; rows: readonly CrimeRow[]; areaText: (row: CrimeRow) => string; profile?: ImportProfile }
): Promise<number> {
	const { rows, profile } = options;
	let inserted = 0;
	let pending: Promise<number> | null = null;
	try {
		for (let start = 0; start < rows.length; start += EVENT_BATCH) {
			const prepared = performance.now();
			const batch = prepareEventBatch(rows, start, Math.min(rows.length, start + EVENT_BATCH), options.areaText);
			const waited = performance.now();
			if (pending) inserted += await pending;
			if (profile) {
				profile.prepareMs += waited - prepared;
				profile.waitMs += performance.now() - waited;
			}
			pending = insertCrimeEventBatch(db, { ...options, batch });
			// Awaited on the next turn; a failure meanwhile must not count as unhandled.
			pending.catch(() => undefined);
		}
		const waited = performance.now();
		if (pending) inserted += await pending;
		pending = null;
		if (profile) profile.waitMs += performance.now() - waited;
	} finally {
		// On an error while preparing, the statement in flight settles before the transaction rolls back.
		if (pending) await pending.catch(() => undefined);
	}
	const counted = performance.now();
	if (inserted > 0) await addImportToCounts(db, options.municipalityId, options.importId);
	if (profile) profile.countsMs += performance.now() - counted;
	return inserted;
}

/** Every located event of the municipality, for re-assignment when the areas change. */
export async function listEventLocations(db: DbOrTx, municipalityId: string) {
	const rows = await queryRows<{ id: unknown; easting: unknown; northing: unknown }>(
		db,
		sql`select id, easting, northing from crime_events where municipality_id = ${municipalityId} and easting is not null order by id`
	);
	return rows.map((r) => ({ id: toNumber(r.id), easting: toNumber(r.easting), northing: toNumber(r.northing) }));
}

/** Adds the given areas to every event without a place that lacks one of them; returns how many changed. */
export async function addAreasToUnlocatedEvents(db: DbOrTx, municipalityId: string, areaIds: string[]): Promise<number> {
	if (areaIds.length === 0) return 0;
	const [row] = await queryRows<{ n: unknown }>(
		db,
		sql`with changed as (
			update crime_events set area_ids = array(select distinct a from unnest(area_ids || ${pgArray(areaIds)}::uuid[]) as a)
			where municipality_id = ${municipalityId} and easting is null and not (area_ids @> ${pgArray(areaIds)}::uuid[])
			returning 1)
		select count(*) as n from changed`
	);
	return toNumber(row.n);
}

/** New areas for the given events; the per-area counts are then rebuilt from the events. */
export async function updateEventAreas(db: DbOrTx, municipalityId: string, ids: number[], areaIds: string[][]) {
	for (let start = 0; start < ids.length; start += EVENT_BATCH) {
		const batchIds = ids.slice(start, start + EVENT_BATCH);
		const batchAreas = areaIds.slice(start, start + EVENT_BATCH).map((a) => a.join(','));
		await db.execute(sql`update crime_events e set area_ids = case when t.area_ids = '' then '{}'::uuid[] else string_to_array(t.area_ids, ',')::uuid[] end
			from unnest(${pgArray(batchIds)}::bigint[], ${pgArray(batchAreas)}::text[]) as t(id, area_ids) where e.id = t.id and e.municipality_id = ${municipalityId}`);
	}
	await rebuildAreaCounts(db, municipalityId);
}

export interface CountFilter {
	municipalityId: string;
	from: string | null;
	to: string | null;
	/** Only areas of this kind when grouping by area. */
	areaKind?: string | null;
	categories?: string[] | null;
	/** Only these areas when grouping by area. */
	areaIds?: string[] | null;
}

/**
 * Counts of events grouped by the given dimensions; the column names are the dimension names.
 * Answered from the pre-aggregated counts (crime-counts.repository), exactly as from the events.
 */
export async function countEvents(db: DbOrTx, groupBy: GroupBy[], filter: CountFilter): Promise<Record<string, unknown>[]> {
	return countFromAggregates(db, groupBy, filter);
}

/** The years with events, how many events there are, and how many of them are demo data, from the counts. */
export async function eventYears(db: DbOrTx, municipalityId: string): Promise<{ min: number | null; max: number | null; total: number; demo: number }> {
	const [row] = await queryRows<{ min: unknown; max: unknown; total: unknown }>(
		db,
		sql`select min(year) as min, max(year) as max, coalesce(sum(count), 0) as total from crime_year_counts
			where municipality_id = ${municipalityId} and category = '' and area_id = ${WHOLE_MUNICIPALITY}::uuid and count > 0`
	);
	// Demo events come only from demo imports, whose rows_imported is what they wrote.
	const [demo] = await queryRows<{ n: unknown }>(
		db,
		sql`select coalesce(sum(rows_imported), 0) as n from crime_imports where municipality_id = ${municipalityId} and demo`
	);
	return {
		min: row?.min == null ? null : toNumber(row.min),
		max: row?.max == null ? null : toNumber(row.max),
		total: toNumber(row?.total),
		demo: toNumber(demo?.n)
	};
}
