import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
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
