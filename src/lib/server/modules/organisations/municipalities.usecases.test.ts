import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbOrTx } from '../../db/client';
import { seedDemo } from '../../demo/seed';
import { personActor, type Actor } from '../../platform/authz';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findAuditRows } from '../audit/audit.repository';
import { findMemberships, findUserByEmail } from '../users/public';
import { findMunicipalityBySlug, listOrganisationsOfMunicipality } from './organisations.repository';
import {
	addMunicipality,
	deleteMunicipality,
	exportMunicipality,
	municipalityOverview,
	renameMunicipality,
	setMunicipalityActive
} from './municipalities.usecases';

/** Every base table of the schema, read from the catalogue (a module's new table is included without a change here). */
async function allTables(db: DbOrTx): Promise<string[]> {
	const rows = await queryRows<{ table_name: string }>(
		db,
		sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`
	);
	return rows.map((r) => r.table_name).filter((t) => !t.startsWith('__drizzle'));
}

async function columnsOf(db: DbOrTx, table: string): Promise<string[]> {
	const rows = await queryRows<{ column_name: string }>(
		db,
		sql`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`
	);
	return rows.map((r) => r.column_name);
}

/** Every uuid written anywhere in a table's rows (ids, foreign keys, arrays, JSON). */
async function uuidsIn(db: DbOrTx, table: string): Promise<Set<string>> {
	const rows = await queryRows<{ u: string }>(
		db,
		sql`select distinct (regexp_matches(row_to_json(t)::text, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'g'))[1] as u from ${sql.identifier(table)} t`
	);
	return new Set(rows.map((r) => r.u));
}

async function count(db: DbOrTx, table: string, where = sql`true`): Promise<number> {
	const rows = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`);
	return Number(rows[0].n);
}

describe(`adding and deleting municipalities (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let admin: Actor;
	let coordinator: Actor;

	beforeAll(async () => {
		database = await createTestDb();
		await seedDemo(database.db);
		const asActor = async (email: string) => {
			const user = (await findUserByEmail(database.db, email))!;
			return personActor(user, await findMemberships(database.db, user.id));
		};
		admin = await asActor('admin@forebygg.demo');
		coordinator = await asActor('samordnare@falun.demo');
	}, 120_000);
	afterAll(() => database.close());

	it('adds Leksand from the 290 with its SCB code, county and own organisation; only an admin may', async () => {
		const before = await municipalityOverview({ db: database.db, actor: admin });
		expect(before.available.map((k) => k.code)).toContain('2029');
		expect(before.available.map((k) => k.code)).not.toContain('2080');
		expect(before.available).toHaveLength(290 - before.municipalities.length);
		await expect(addMunicipality({ db: database.db, actor: coordinator, code: '2029' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(addMunicipality({ db: database.db, actor: admin, code: '9999' })).rejects.toBeInstanceOf(ValidationError);
		const leksand = await addMunicipality({ db: database.db, actor: admin, code: '2029' });
		expect(leksand).toMatchObject({
			slug: 'leksand',
			name: 'Leksand',
			officialName: 'Leksands kommun',
			scbCode: '2029',
			county: 'Dalarnas län',
			countyCode: '20',
			active: true
		});
		expect((await listOrganisationsOfMunicipality(database.db, leksand.id)).map((o) => [o.name, o.type])).toEqual([['Leksands kommun', 'kommun']]);
		const again = await addMunicipality({ db: database.db, actor: admin, code: '2029' }).catch((e) => e);
		expect((again as ValidationError).fieldErrors.code).toBe('Leksand finns redan i Förebygg.');
		expect((await findAuditRows(database.db, { municipalityId: leksand.id, limit: 500, offset: 0 })).map((r) => r.action)).toContain(
			'organisations.municipality.created'
		);
	});

	it('renames and deactivates a municipality, keeping its slug, and audits both', async () => {
		const leksand = (await findMunicipalityBySlug(database.db, 'leksand'))!;
		await renameMunicipality({ db: database.db, actor: admin, municipalityId: leksand.id, name: 'Leksand ', officialName: 'Leksands kommun' });
		const bad = await renameMunicipality({ db: database.db, actor: admin, municipalityId: leksand.id, name: '', officialName: '' }).catch((e) => e);
		expect(Object.keys((bad as ValidationError).fieldErrors).sort()).toEqual(['name', 'officialName']);
		await setMunicipalityActive({ db: database.db, actor: admin, municipalityId: leksand.id, active: false });
		expect(await findMunicipalityBySlug(database.db, 'leksand')).toMatchObject({ slug: 'leksand', active: false });
		const actions = (await findAuditRows(database.db, { municipalityId: leksand.id, limit: 500, offset: 0 })).map((r) => r.action);
		expect(actions).toContain('organisations.municipality.deactivated');
		await setMunicipalityActive({ db: database.db, actor: admin, municipalityId: leksand.id, active: true });
	});

	it('deletes Falun with its plans, promises and lägesbild: no row of any table refers to it afterwards (except the audit log)', async () => {
		const db = database.db;
		const falun = (await findMunicipalityBySlug(db, 'falun'))!;
		const sunne = (await findMunicipalityBySlug(db, 'sunne'))!;
		const tables = await allTables(db);
		// Falun's own rows: every row naming it in municipality_id, in every table that has the column.
		const owned = new Set<string>([falun.id]);
		const ownedCounts: Record<string, number> = {};
		const sunneCounts: Record<string, number> = {};
		for (const table of tables) {
			const columns = await columnsOf(db, table);
			if (!columns.includes('municipality_id')) continue;
			ownedCounts[table] = await count(db, table, sql`municipality_id = ${falun.id}`);
			sunneCounts[table] = await count(db, table, sql`municipality_id = ${sunne.id}`);
			if (columns.includes('id') && table !== 'audit_log') {
				const ids = await queryRows<{ id: string }>(db, sql`select id::text as id from ${sql.identifier(table)} where municipality_id = ${falun.id}`);
				for (const { id } of ids) owned.add(id);
			}
		}
		for (const o of await listOrganisationsOfMunicipality(db, falun.id)) owned.add(o.id);
		// The demo gave Falun data in every module, including the tables without foreign keys.
		for (const table of ['plans', 'promises', 'areas', 'crime_events', 'crime_area_month_counts', 'crime_year_counts', 'crime_time_counts', 'memberships']) {
			expect(ownedCounts[table], table).toBeGreaterThan(0);
		}

		await expect(deleteMunicipality({ db, actor: coordinator, municipalityId: falun.id, typedName: 'Falun', exportConfirmed: true })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		const withoutExport = await deleteMunicipality({ db, actor: admin, municipalityId: falun.id, typedName: 'Falun', exportConfirmed: true }).catch((e) => e);
		expect(Object.keys((withoutExport as ValidationError).fieldErrors)).toEqual(['exportConfirmed']);

		const exported = await exportMunicipality({ db, actor: admin, municipalityId: falun.id });
		const file = JSON.parse(exported.json);
		expect(file.municipality.id).toBe(falun.id);
		expect(file.tables.plans.length).toBe(ownedCounts.plans);
		expect(file.tables.crime_events.length).toBe(ownedCounts.crime_events);
		expect(exported.json).not.toMatch(/argon2|password_hash|token_hash/);

		const wrongName = await deleteMunicipality({ db, actor: admin, municipalityId: falun.id, typedName: 'Sunne', exportConfirmed: true }).catch((e) => e);
		expect(Object.keys((wrongName as ValidationError).fieldErrors)).toEqual(['typedName']);
		expect(await count(db, 'plans', sql`municipality_id = ${falun.id}`)).toBe(ownedCounts.plans);

		await deleteMunicipality({ db, actor: admin, municipalityId: falun.id, typedName: ' falun', exportConfirmed: true });

		const leftovers: string[] = [];
		for (const table of tables) {
			// The audit log is append-only and hash-chained: it keeps Falun's history, including the deletion itself.
			if (table === 'audit_log') continue;
			const found = [...(await uuidsIn(db, table))].filter((id) => owned.has(id));
			if (found.length) leftovers.push(`${table}: ${found.length}`);
		}
		expect(leftovers).toEqual([]);
		expect(await findUserByEmail(db, 'kopparstaden@falun.demo')).toBeUndefined();
		// Nothing of Sunne went with it.
		for (const [table, n] of Object.entries(sunneCounts)) {
			if (table === 'audit_log') continue;
			expect(await count(db, table, sql`municipality_id = ${sunne.id}`), table).toBe(n);
		}
		expect(await findUserByEmail(db, 'samordnare@sunne.demo')).toBeDefined();
		const audit = (await findAuditRows(db, { municipalityId: falun.id, limit: 500, offset: 0 })).map((r) => r.action);
		expect(audit).toEqual(expect.arrayContaining(['organisations.municipality.exported', 'organisations.municipality.deleted']));
	}, 120_000);
});
