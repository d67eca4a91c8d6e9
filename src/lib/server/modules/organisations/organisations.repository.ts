import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { municipalities, organisationMunicipalities, organisations } from './organisations.table';

export type MunicipalityRow = typeof municipalities.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;

export function listMunicipalities(db: DbOrTx): Promise<MunicipalityRow[]> {
	return db.select().from(municipalities).orderBy(asc(municipalities.name));
}

export async function findMunicipalityBySlug(db: DbOrTx, slug: string): Promise<MunicipalityRow | undefined> {
	const [row] = await db.select().from(municipalities).where(eq(municipalities.slug, slug));
	return row;
}

export async function findMunicipalitiesByIds(db: DbOrTx, ids: string[]): Promise<MunicipalityRow[]> {
	if (ids.length === 0) return [];
	return db.select().from(municipalities).where(inArray(municipalities.id, ids)).orderBy(asc(municipalities.name));
}

export async function insertMunicipality(db: DbOrTx, values: typeof municipalities.$inferInsert): Promise<MunicipalityRow> {
	const [row] = await db.insert(municipalities).values(values).returning();
	return row;
}

export async function insertOrganisation(db: DbOrTx, values: typeof organisations.$inferInsert, municipalityIds: string[]): Promise<OrganisationRow> {
	const [row] = await db.insert(organisations).values(values).returning();
	if (municipalityIds.length) {
		await db.insert(organisationMunicipalities).values(municipalityIds.map((municipalityId) => ({ organisationId: row.id, municipalityId })));
	}
	return row;
}

export function listOrganisationsOfMunicipality(db: DbOrTx, municipalityId: string): Promise<OrganisationRow[]> {
	return db
		.select({
			id: organisations.id,
			name: organisations.name,
			type: organisations.type,
			needsConfirmation: organisations.needsConfirmation,
			createdAt: organisations.createdAt
		})
		.from(organisations)
		.innerJoin(organisationMunicipalities, eq(organisationMunicipalities.organisationId, organisations.id))
		.where(eq(organisationMunicipalities.municipalityId, municipalityId))
		.orderBy(asc(organisations.name));
}

export async function findOrganisationInMunicipality(db: DbOrTx, organisationId: string, municipalityId: string) {
	const [row] = await db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.innerJoin(organisationMunicipalities, eq(organisationMunicipalities.organisationId, organisations.id))
		.where(and(eq(organisations.id, organisationId), eq(organisationMunicipalities.municipalityId, municipalityId)));
	return row;
}

export async function countMunicipalities(db: DbOrTx): Promise<number> {
	const rows = await db.select({ id: municipalities.id }).from(municipalities).limit(1);
	return rows.length;
}

export function listAllOrganisations(db: DbOrTx) {
	return db.select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.name));
}

export async function updateOrganisationRow(
	db: DbOrTx,
	id: string,
	values: Partial<Pick<OrganisationRow, 'name' | 'type' | 'needsConfirmation'>>
): Promise<void> {
	await db.update(organisations).set(values).where(eq(organisations.id, id));
}

export async function countMunicipalitiesOfOrganisation(db: DbOrTx, organisationId: string): Promise<number> {
	const rows = await db
		.select({ id: organisationMunicipalities.municipalityId })
		.from(organisationMunicipalities)
		.where(eq(organisationMunicipalities.organisationId, organisationId));
	return rows.length;
}

/**
 * Moves every reference to one organisation onto another and removes the first. The
 * referencing columns are read from the catalogue, so a module's new table is covered
 * without changes here. Where a unique key would then hold the same row twice (both were
 * responsible for one measure), the row of the organisation that goes away is dropped.
 */
export async function mergeOrganisationRows(db: DbOrTx, fromId: string, intoId: string): Promise<void> {
	const references = await queryRows<{ table_name: string; column_name: string; constraint_name: string }>(
		db,
		sql`select kcu.table_name, kcu.column_name, tc.constraint_name
			from information_schema.table_constraints tc
			join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
			join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
			where tc.constraint_type = 'FOREIGN KEY' and ccu.table_name = 'organisations' and ccu.column_name = 'id' and tc.table_schema = current_schema()`
	);
	for (const ref of references) {
		const keys = await queryRows<{ constraint_name: string; column_name: string }>(
			db,
			sql`select tc.constraint_name, kcu.column_name
				from information_schema.table_constraints tc
				join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
				where tc.table_name = ${ref.table_name} and tc.table_schema = current_schema() and tc.constraint_type in ('PRIMARY KEY', 'UNIQUE')`
		);
		const byConstraint = new Map<string, string[]>();
		for (const k of keys) byConstraint.set(k.constraint_name, [...(byConstraint.get(k.constraint_name) ?? []), k.column_name]);
		const table = sql.identifier(ref.table_name);
		const column = sql.identifier(ref.column_name);
		for (const columns of byConstraint.values()) {
			if (!columns.includes(ref.column_name)) continue;
			const others = columns.filter((c) => c !== ref.column_name);
			const same = others.length
				? sql.join(
						others.map((c) => sql`a.${sql.identifier(c)} is not distinct from b.${sql.identifier(c)}`),
						sql` and `
					)
				: sql`true`;
			await db.execute(
				sql`delete from ${table} a where a.${column} = ${fromId} and exists (select 1 from ${table} b where b.${column} = ${intoId} and ${same})`
			);
		}
		await db.execute(sql`update ${table} set ${column} = ${intoId} where ${column} = ${fromId}`);
	}
	await db.delete(organisations).where(eq(organisations.id, fromId));
}
