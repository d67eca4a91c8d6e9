import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, toNumber, type DbOrTx } from '../../../db/client';
import { areaImportSettings, areaPopulations, areas } from '../situation.table';

export type AreaRow = typeof areas.$inferSelect;
export type AreaInsert = typeof areas.$inferInsert;

/** Inserts or replaces areas by (municipality, kind, code); returns the id of each. */
export async function upsertAreas(db: DbOrTx, values: AreaInsert[]): Promise<{ id: string; kind: string; code: string }[]> {
	if (values.length === 0) return [];
	const out: { id: string; kind: string; code: string }[] = [];
	// Geometries are large: a few hundred per statement keeps the statements reasonable.
	for (let i = 0; i < values.length; i += 200) {
		const rows = await db
			.insert(areas)
			.values(values.slice(i, i + 200))
			.onConflictDoUpdate({
				target: [areas.municipalityId, areas.kind, areas.code],
				set: {
					name: sql`excluded.name`,
					sourceEpsg: sql`excluded.source_epsg`,
					sourceGeometry: sql`excluded.source_geometry`,
					geometry: sql`excluded.geometry`,
					bbox: sql`excluded.bbox`,
					source: sql`excluded.source`,
					approximate: sql`excluded.approximate`
				}
			})
			.returning({ id: areas.id, kind: areas.kind, code: areas.code });
		out.push(...rows);
	}
	return out;
}

export async function setAreaParent(db: DbOrTx, municipalityId: string, childId: string, parentId: string) {
	await db
		.update(areas)
		.set({ parentId })
		.where(and(eq(areas.id, childId), eq(areas.municipalityId, municipalityId)));
}

export async function upsertPopulations(db: DbOrTx, values: (typeof areaPopulations.$inferInsert)[]) {
	for (let i = 0; i < values.length; i += 1000) {
		await db
			.insert(areaPopulations)
			.values(values.slice(i, i + 1000))
			.onConflictDoUpdate({
				target: [areaPopulations.areaId, areaPopulations.year, areaPopulations.sex, areaPopulations.ageGroup],
				set: { population: sql`excluded.population` }
			});
	}
}

export function listAreaRows(db: DbOrTx, municipalityId: string) {
	return db
		.select({
			id: areas.id,
			kind: areas.kind,
			code: areas.code,
			name: areas.name,
			parentId: areas.parentId,
			approximate: areas.approximate,
			source: areas.source,
			sourceEpsg: areas.sourceEpsg
		})
		.from(areas)
		.where(eq(areas.municipalityId, municipalityId))
		.orderBy(asc(areas.kind), asc(areas.name));
}

export function listAreaGeometries(db: DbOrTx, municipalityId: string, kind: string) {
	return db
		.select({ id: areas.id, code: areas.code, name: areas.name, geometry: areas.geometry, bbox: areas.bbox, approximate: areas.approximate })
		.from(areas)
		.where(and(eq(areas.municipalityId, municipalityId), eq(areas.kind, kind)))
		.orderBy(asc(areas.name));
}

/** Source geometries for assigning events (planar work happens in the use case). */
export function listAreaShapes(db: DbOrTx, municipalityId: string) {
	return db
		.select({ id: areas.id, kind: areas.kind, code: areas.code, sourceEpsg: areas.sourceEpsg, sourceGeometry: areas.sourceGeometry })
		.from(areas)
		.where(eq(areas.municipalityId, municipalityId));
}

/** Total population (sex T, all ages) per area and year. */
export async function listPopulations(db: DbOrTx, municipalityId: string): Promise<{ areaId: string; year: number; population: number }[]> {
	const rows = await db
		.select({ areaId: areaPopulations.areaId, year: areaPopulations.year, population: areaPopulations.population })
		.from(areaPopulations)
		.innerJoin(areas, eq(areas.id, areaPopulations.areaId))
		.where(and(eq(areas.municipalityId, municipalityId), eq(areaPopulations.sex, 'T'), eq(areaPopulations.ageGroup, 'totalt')));
	return rows.map((r) => ({ areaId: r.areaId, year: toNumber(r.year), population: toNumber(r.population) }));
}

export async function areaIdsByCode(db: DbOrTx, municipalityId: string, codes: string[]) {
	if (codes.length === 0) return [];
	return db
		.select({ id: areas.id, code: areas.code, kind: areas.kind })
		.from(areas)
		.where(and(eq(areas.municipalityId, municipalityId), inArray(areas.code, codes)));
}

/**
 * Changes whenever an area or a population figure of the municipality is added, removed or
 * rewritten: every written row version has a new xmin, and the sum (unlike the maximum) also
 * moves when an older transaction commits after a newer one.
 */
export async function areasFingerprint(db: DbOrTx, municipalityId: string): Promise<string> {
	const [row] = await queryRows<{ f: unknown }>(
		db,
		sql`select (select count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) from areas where municipality_id = ${municipalityId})
			|| '/' || (select count(*) || ':' || coalesce(sum(p.xmin::text::bigint), 0) from area_populations p join areas a on a.id = p.area_id where a.municipality_id = ${municipalityId}) as f`
	);
	return String(row?.f);
}

/** The name and code properties the municipality chose for its own area files, if it has. */
export async function findAreaImportSettings(db: DbOrTx, municipalityId: string) {
	const [row] = await db
		.select({ nameProperty: areaImportSettings.nameProperty, codeProperty: areaImportSettings.codeProperty })
		.from(areaImportSettings)
		.where(eq(areaImportSettings.municipalityId, municipalityId));
	return row;
}

export async function saveAreaImportSettings(db: DbOrTx, municipalityId: string, values: { nameProperty: string; codeProperty: string | null }) {
	await db
		.insert(areaImportSettings)
		.values({ municipalityId, ...values })
		.onConflictDoUpdate({ target: areaImportSettings.municipalityId, set: { ...values, updatedAt: sql`now()` } });
}
