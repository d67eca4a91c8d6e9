import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { mailOutbox } from '../mail/mail.table';
import { users } from '../users/users.table';
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
			slug: organisations.slug,
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

export async function findMunicipalityById(db: DbOrTx, id: string): Promise<MunicipalityRow | undefined> {
	const [row] = await db.select().from(municipalities).where(eq(municipalities.id, id));
	return row;
}

export async function findMunicipalityByCode(db: DbOrTx, scbCode: string): Promise<MunicipalityRow | undefined> {
	const [row] = await db.select().from(municipalities).where(eq(municipalities.scbCode, scbCode));
	return row;
}

export async function updateMunicipalityRow(
	db: DbOrTx,
	id: string,
	values: Partial<Pick<MunicipalityRow, 'name' | 'officialName' | 'active' | 'exportedAt'>>
): Promise<void> {
	await db.update(municipalities).set(values).where(eq(municipalities.id, id));
}

export async function findOrganisationById(db: DbOrTx, id: string): Promise<OrganisationRow | undefined> {
	const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
	return row;
}

export async function findOrganisationBySlug(db: DbOrTx, slug: string): Promise<OrganisationRow | undefined> {
	const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug));
	return row;
}

export async function municipalityIdsOfOrganisation(db: DbOrTx, organisationId: string): Promise<string[]> {
	const rows = await db
		.select({ id: organisationMunicipalities.municipalityId })
		.from(organisationMunicipalities)
		.where(eq(organisationMunicipalities.organisationId, organisationId));
	return rows.map((r) => r.id);
}

/** The municipalities each organisation works in, for organisation-wide memberships (a police area's staff). */
export async function municipalityIdsOfOrganisations(db: DbOrTx, organisationIds: string[]): Promise<Map<string, string[]>> {
	const result = new Map<string, string[]>();
	if (organisationIds.length === 0) return result;
	const rows = await db
		.select({ organisationId: organisationMunicipalities.organisationId, municipalityId: organisationMunicipalities.municipalityId })
		.from(organisationMunicipalities)
		.where(inArray(organisationMunicipalities.organisationId, organisationIds));
	for (const row of rows) result.set(row.organisationId, [...(result.get(row.organisationId) ?? []), row.municipalityId]);
	return result;
}

export async function linkOrganisationToMunicipality(db: DbOrTx, organisationId: string, municipalityId: string): Promise<void> {
	await db.insert(organisationMunicipalities).values({ organisationId, municipalityId }).onConflictDoNothing();
}

export async function unlinkOrganisationFromMunicipality(db: DbOrTx, organisationId: string, municipalityId: string): Promise<void> {
	await db
		.delete(organisationMunicipalities)
		.where(and(eq(organisationMunicipalities.organisationId, organisationId), eq(organisationMunicipalities.municipalityId, municipalityId)));
}

export async function updateOrganisationDetails(db: DbOrTx, id: string, values: Partial<Pick<OrganisationRow, 'name' | 'type' | 'slug'>>): Promise<void> {
	await db.update(organisations).set(values).where(eq(organisations.id, id));
}

/** Police areas (organisations with an overview slug) and the municipalities each serves. */
export function listPoliceAreas(db: DbOrTx) {
	return db
		.select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
		.from(organisations)
		.where(sql`${organisations.slug} is not null`)
		.orderBy(asc(organisations.name));
}

/** Tables, never touched by a module's own code here, that the catalogue says hold a `municipality_id` column. */
async function tablesWithMunicipalityColumn(db: DbOrTx): Promise<{ table: string; hasForeignKey: boolean }[]> {
	const rows = await queryRows<{ table_name: string; has_fk: boolean }>(
		db,
		sql`select c.table_name,
				exists (
					select 1 from information_schema.key_column_usage kcu
					join information_schema.table_constraints tc on tc.constraint_name = kcu.constraint_name and tc.table_schema = kcu.table_schema
					where tc.constraint_type = 'FOREIGN KEY' and kcu.table_schema = c.table_schema and kcu.table_name = c.table_name and kcu.column_name = 'municipality_id'
				) as has_fk
			from information_schema.columns c
			join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema and t.table_type = 'BASE TABLE'
			where c.table_schema = current_schema() and c.column_name = 'municipality_id'
			order by c.table_name`
	);
	return rows.map((r) => ({ table: r.table_name, hasForeignKey: r.has_fk === true || String(r.has_fk) === 'true' }));
}

/** Text and uuid columns of the tables no owned-row filter covers (sessions, caches, counters): where a municipality's id could sit as a key. */
async function idColumnsOutsideOwnedTables(db: DbOrTx, owned: Set<string>): Promise<{ table: string; column: string }[]> {
	const rows = await queryRows<{ table_name: string; column_name: string }>(
		db,
		sql`select c.table_name, c.column_name from information_schema.columns c
			join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema and t.table_type = 'BASE TABLE'
			where c.table_schema = current_schema() and c.data_type in ('text', 'uuid') and c.table_name not like '__drizzle%'
			order by c.table_name, c.column_name`
	);
	return rows
		.filter((r) => !owned.has(r.table_name) && !(KEPT_ON_DELETE as readonly string[]).includes(r.table_name) && r.table_name !== 'users')
		.map((r) => ({ table: r.table_name, column: r.column_name }));
}

/** The audit log is append-only and hash-chained: it keeps the rows of a deleted municipality. */
export const KEPT_ON_DELETE = ['audit_log'] as const;

/** Columns an export never carries: secrets that would let the file's holder sign in. */
const SECRET_COLUMNS = new Set(['password_hash', 'totp_secret', 'token_hash']);

interface ForeignKey {
	child: string;
	childColumn: string;
	parent: string;
	parentColumn: string;
}

async function foreignKeys(db: DbOrTx): Promise<ForeignKey[]> {
	const rows = await queryRows<{ child: string; child_column: string; parent: string; parent_column: string }>(
		db,
		sql`select kcu.table_name as child, kcu.column_name as child_column, ccu.table_name as parent, ccu.column_name as parent_column
			from information_schema.table_constraints tc
			join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
			join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
			where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`
	);
	return rows.map((r) => ({ child: r.child, childColumn: r.child_column, parent: r.parent, parentColumn: r.parent_column }));
}

/** Tables ordered so that every table comes after the tables its foreign keys point to (self-references aside). */
function parentsFirst(tables: string[], keys: ForeignKey[]): string[] {
	const order: string[] = [];
	const state = new Map<string, 'visiting' | 'done'>();
	const visit = (table: string) => {
		if (state.get(table)) return;
		state.set(table, 'visiting');
		for (const key of keys) if (key.child === table && key.parent !== table && state.get(key.parent) !== 'visiting') visit(key.parent);
		state.set(table, 'done');
		order.push(table);
	};
	for (const table of [...tables].sort()) visit(table);
	return order;
}

type Filter = ReturnType<typeof sql>;

/**
 * Which rows of each table belong to the municipality: rows naming it in `municipality_id`, the
 * organisations working only there, and, following every foreign key from those, their children
 * (focus areas, measures, answers, …). Read from the catalogue, so that a module's new table is
 * covered without a change here. Returned parents first.
 */
async function ownedRowFilters(db: DbOrTx, municipalityId: string): Promise<[table: string, filter: Filter][]> {
	const direct = new Map<string, Filter>();
	direct.set('municipalities', sql`id = ${municipalityId}`);
	for (const { table } of await tablesWithMunicipalityColumn(db)) direct.set(table, sql`municipality_id = ${municipalityId}`);
	// By id, not through organisation_municipalities: deleting children first empties that table before the organisations go.
	const own = await queryRows<{ id: string }>(
		db,
		sql`select organisation_id as id from organisation_municipalities where municipality_id = ${municipalityId}
			and organisation_id not in (select organisation_id from organisation_municipalities where municipality_id <> ${municipalityId})`
	);
	direct.set(
		'organisations',
		own.length
			? sql`id in (${sql.join(
					own.map((o) => sql`${o.id}`),
					sql`, `
				)})`
			: sql`false`
	);
	const keys = await foreignKeys(db);
	const tables = [...new Set([...direct.keys(), ...keys.flatMap((k) => [k.child, k.parent])])];
	const filters = new Map<string, Filter>();
	for (const table of parentsFirst(tables, keys)) {
		const parts: Filter[] = [];
		const own = direct.get(table);
		if (own) parts.push(own);
		for (const key of keys) {
			if (key.child !== table || key.parent === table) continue;
			const parent = filters.get(key.parent);
			if (!parent) continue;
			parts.push(sql`${sql.identifier(key.childColumn)} in (select ${sql.identifier(key.parentColumn)} from ${sql.identifier(key.parent)} where ${parent})`);
		}
		if (parts.length)
			filters.set(
				table,
				sql.join(
					parts.map((f) => sql`(${f})`),
					sql` or `
				)
			);
	}
	return [...filters];
}

/** Every row the municipality owns, per table, without secrets: the export a deletion asks for first. */
export async function exportMunicipalityRows(db: DbOrTx, municipalityId: string): Promise<Record<string, Record<string, unknown>[]>> {
	const filters = await ownedRowFilters(db, municipalityId);
	const result: Record<string, Record<string, unknown>[]> = {};
	for (const [table, where] of [...filters].sort(([a], [b]) => a.localeCompare(b))) {
		if (table === 'users') continue;
		const rows = await queryRows<Record<string, unknown>>(db, sql`select * from ${sql.identifier(table)} where ${where}`);
		result[table] = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !SECRET_COLUMNS.has(column))));
	}
	// People who work only here: name and address, never their secrets.
	result.users = await queryRows<Record<string, unknown>>(
		db,
		sql`select u.id, u.email, u.name, u.locale, u.created_at from users u
			where u.id in (select user_id from memberships where municipality_id = ${municipalityId})
			order by u.email`
	);
	return result;
}

/**
 * Removes the municipality and everything it owns, children before parents, so it does not depend
 * on every foreign key cascading; tables that carry `municipality_id` without a foreign key (crime
 * events and their counts, kept without one for bulk-load speed) are covered the same way. Then
 * the accounts left without any membership go. The audit log keeps its rows.
 */
export async function deleteMunicipalityRows(db: DbOrTx, municipalityId: string): Promise<{ tables: Record<string, number> }> {
	const counts: Record<string, number> = {};
	const people = await queryRows<{ id: string }>(
		db,
		sql`select distinct user_id as id from memberships where municipality_id = ${municipalityId}
			or organisation_id in (select organisation_id from organisation_municipalities where municipality_id = ${municipalityId}
				and organisation_id not in (select organisation_id from organisation_municipalities where municipality_id <> ${municipalityId}))`
	);
	const [municipalitySlug] = await db.select({ slug: municipalities.slug }).from(municipalities).where(eq(municipalities.id, municipalityId));
	const filters = await ownedRowFilters(db, municipalityId);
	for (const [table, where] of [...filters].reverse()) {
		if ((KEPT_ON_DELETE as readonly string[]).includes(table) || table === 'users') continue;
		const rows = await queryRows<{ n: number }>(
			db,
			sql`with gone as (delete from ${sql.identifier(table)} where ${where} returning 1) select count(*)::int as n from gone`
		);
		const n = Number(rows[0]?.n ?? 0);
		if (n) counts[table] = n;
	}
	const emails: string[] = [];
	let removedPeople = 0;
	for (const person of people) {
		const rest = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from memberships where user_id = ${person.id}`);
		if (Number(rest[0]?.n ?? 0) > 0) continue;
		const [gone] = await db.delete(users).where(eq(users.id, person.id)).returning({ email: users.email });
		if (gone) emails.push(gone.email);
		removedPeople++;
	}
	if (removedPeople) counts.users = removedPeople;
	// Mail about the municipality's work (links to its pages) and mail to the people who left with it.
	const slug = (own: { slug: string } | undefined) => own?.slug ?? municipalityId;
	const mails = await db
		.delete(mailOutbox)
		.where(
			emails.length
				? sql`${mailOutbox.body} like ${`%/app/${slug(municipalitySlug)}/%`} or ${inArray(mailOutbox.toAddress, emails)}`
				: sql`${mailOutbox.body} like ${`%/app/${slug(municipalitySlug)}/%`}`
		)
		.returning({ id: mailOutbox.id });
	if (mails.length) counts.mail_outbox = mails.length;
	// Anything else keyed by the municipality's id alone (the public pages' cache versions).
	for (const column of await idColumnsOutsideOwnedTables(db, new Set(filters.map(([table]) => table)))) {
		const rows = await queryRows<{ n: number }>(
			db,
			sql`with gone as (delete from ${sql.identifier(column.table)} where ${sql.identifier(column.column)}::text = ${municipalityId} returning 1) select count(*)::int as n from gone`
		);
		const n = Number(rows[0]?.n ?? 0);
		if (n) counts[column.table] = (counts[column.table] ?? 0) + n;
	}
	return { tables: counts };
}
