import { z } from 'zod';
import type { Db } from '../../db/client';
import { decide, type Principal } from '../../platform/authz';
import { codedValidationError, ForbiddenError, NotFoundError, validationErrorFromIssues, type FieldCode } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { recordAudit } from '../audit/public';
import { KOMMUNER, defaultOfficialName, findKommun, type Kommun } from './kommuner';
import { slugify } from './organisations.models';
import {
	deleteMunicipalityRows,
	exportMunicipalityRows,
	findMunicipalityByCode,
	findMunicipalityById,
	findMunicipalityBySlug,
	insertMunicipality,
	insertOrganisation,
	listMunicipalities,
	updateMunicipalityRow,
	type MunicipalityRow
} from './organisations.repository';

/** An export older than this no longer counts as "downloaded before deleting". */
export const EXPORT_VALID_HOURS = 24;

/** Adding, renaming, deactivating and deleting municipalities is the installation admin's (one check for all of them). */
function requireInstallationAdmin(actor: Principal): void {
	const decision = decide(actor, 'installation.manage');
	if (!decision.allowed) throw new ForbiddenError(decision.reason);
}

async function municipalityById(db: Db, id: string): Promise<MunicipalityRow> {
	const row = isUuid(id) ? await findMunicipalityById(db, id) : undefined;
	if (!row) throw new NotFoundError('organisations.municipality_not_found');
	return row;
}

/** The admin's list: every municipality in Förebygg and the ones of the 290 still to add. */
export async function municipalityOverview(options: { db: Db; actor: Principal }) {
	requireInstallationAdmin(options.actor);
	const present = await listMunicipalities(options.db);
	const codes = new Set(present.map((m) => m.scbCode));
	return { municipalities: present, available: KOMMUNER.filter((k) => !codes.has(k.code)) as Kommun[] };
}

const nameSchema = z.string().trim().min(1, { message: 'organisations.municipality_name_missing' }).max(100, { message: 'organisations.name_too_long' });
const officialNameSchema = z
	.string()
	.trim()
	.min(1, { message: 'organisations.official_name_missing' })
	.max(150, { message: 'organisations.official_name_too_long' });

/**
 * Adds one of Sweden's 290 municipalities by its SCB code: name, county and slug come from the
 * list, so comparisons between municipalities and counties use SCB's codes. The municipality's
 * own organisation ("Leksands kommun") is created with it, for its coordinator to belong to.
 */
export async function addMunicipality(options: { db: Db; actor: Principal; code: string; officialName?: string; ip?: string | null }) {
	const { db, actor } = options;
	requireInstallationAdmin(actor);
	const kommun = findKommun(options.code ?? '');
	if (!kommun) throw codedValidationError({ code: { code: 'organisations.municipality_pick' } });
	if (await findMunicipalityByCode(db, kommun.code))
		throw codedValidationError({ code: { code: 'organisations.municipality_exists', params: { name: kommun.name } } });
	const official = officialNameSchema.safeParse(options.officialName?.trim() ? options.officialName : defaultOfficialName(kommun));
	if (!official.success) throw validationErrorFromIssues(official.error.issues, () => 'officialName');
	let slug = slugify(kommun.name);
	// Two municipalities can share an ASCII slug only in theory (none of the 290 do); the code keeps it unique anyway.
	if (await findMunicipalityBySlug(db, slug)) slug = `${slug}-${kommun.code}`;
	return db.transaction(async (tx) => {
		const municipality = await insertMunicipality(tx, {
			slug,
			name: kommun.name,
			officialName: official.data,
			scbCode: kommun.code,
			county: kommun.county,
			countyCode: kommun.countyCode
		});
		const organisation = await insertOrganisation(tx, { name: official.data, type: 'kommun' }, [municipality.id]);
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'organisations.municipality.created',
				entityType: 'municipality',
				entityId: municipality.id,
				municipalityId: municipality.id,
				changes: {
					name: { before: null, after: municipality.name },
					scbCode: { before: null, after: municipality.scbCode },
					county: { before: null, after: municipality.county },
					organisation: { before: null, after: organisation.name }
				}
			}
		);
		return municipality;
	});
}

export async function renameMunicipality(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	name: string;
	officialName: string;
	ip?: string | null;
}) {
	const { db, actor } = options;
	requireInstallationAdmin(actor);
	const row = await municipalityById(db, options.municipalityId);
	const name = nameSchema.safeParse(options.name);
	const official = officialNameSchema.safeParse(options.officialName);
	if (!name.success || !official.success) {
		throw validationErrorFromIssues([
			...(name.success ? [] : name.error.issues.map((issue) => ({ ...issue, path: ['name'] }))),
			...(official.success ? [] : official.error.issues.map((issue) => ({ ...issue, path: ['officialName'] })))
		]);
	}
	// The slug stays: links and bookmarks to the municipality's pages keep working after a rename.
	await db.transaction(async (tx) => {
		await updateMunicipalityRow(tx, row.id, { name: name.data, officialName: official.data });
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'organisations.municipality.renamed',
				entityType: 'municipality',
				entityId: row.id,
				municipalityId: row.id,
				changes: { name: { before: row.name, after: name.data }, officialName: { before: row.officialName, after: official.data } }
			}
		);
	});
}

/** A deactivated municipality keeps everything but leaves the public pages; the app marks it inactive. */
export async function setMunicipalityActive(options: { db: Db; actor: Principal; municipalityId: string; active: boolean; ip?: string | null }) {
	const { db, actor } = options;
	requireInstallationAdmin(actor);
	const row = await municipalityById(db, options.municipalityId);
	if (row.active === options.active) return;
	await db.transaction(async (tx) => {
		await updateMunicipalityRow(tx, row.id, { active: options.active });
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: options.active ? 'organisations.municipality.activated' : 'organisations.municipality.deactivated',
				entityType: 'municipality',
				entityId: row.id,
				municipalityId: row.id,
				changes: { active: { before: row.active, after: options.active } }
			}
		);
	});
}

/** Every row the municipality owns, as JSON; recording the download is what allows deleting it afterwards. */
export async function exportMunicipality(options: { db: Db; actor: Principal; municipalityId: string; ip?: string | null }) {
	const { db, actor } = options;
	requireInstallationAdmin(actor);
	const row = await municipalityById(db, options.municipalityId);
	const exportedAt = new Date();
	return db.transaction(async (tx) => {
		const tables = await exportMunicipalityRows(tx, row.id);
		await updateMunicipalityRow(tx, row.id, { exportedAt });
		const rows = Object.values(tables).reduce((sum, list) => sum + list.length, 0);
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'organisations.municipality.exported',
				entityType: 'municipality',
				entityId: row.id,
				municipalityId: row.id,
				changes: { rows: { before: null, after: rows } }
			}
		);
		return {
			fileName: `forebygg-${row.slug}-${exportedAt.toISOString().slice(0, 10)}.json`,
			json: JSON.stringify({ format: 'forebygg-municipality-export', version: 1, exportedAt: exportedAt.toISOString(), municipality: row, tables }, null, 1)
		};
	});
}

/** Whether the municipality may be deleted now: its export was downloaded within EXPORT_VALID_HOURS. */
export function exportIsRecent(row: Pick<MunicipalityRow, 'exportedAt'>, now = new Date()): boolean {
	return !!row.exportedAt && now.getTime() - row.exportedAt.getTime() <= EXPORT_VALID_HOURS * 3_600_000;
}

/**
 * Deletes the municipality with everything it owns, after the admin typed its name and downloaded
 * its export. The audit log keeps its rows (append-only and chained) and records the deletion.
 */
export async function deleteMunicipality(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	typedName: string;
	exportConfirmed: boolean;
	ip?: string | null;
}) {
	const { db, actor } = options;
	requireInstallationAdmin(actor);
	const row = await municipalityById(db, options.municipalityId);
	const errors: Record<string, FieldCode> = {};
	if (options.typedName.trim().toLocaleLowerCase('sv') !== row.name.toLocaleLowerCase('sv'))
		errors.typedName = { code: 'organisations.delete_type_name', params: { name: row.name } };
	if (!exportIsRecent(row)) errors.exportConfirmed = { code: 'organisations.delete_export_first', params: { hours: EXPORT_VALID_HOURS } };
	else if (!options.exportConfirmed) errors.exportConfirmed = { code: 'organisations.delete_confirm_export' };
	if (Object.keys(errors).length) throw codedValidationError(errors);
	// Modules that keep something about the municipality outside the database (SSPF's key files) clean it up after the commit.
	const { SERVER_MODULES } = await import('../registry');
	const afterCommit: (() => void)[] = [];
	const tables = await db.transaction(async (tx) => {
		for (const module of SERVER_MODULES) {
			const work = await module.beforeMunicipalityDeleted?.({ db: tx, municipalityId: row.id });
			if (work) afterCommit.push(work);
		}
		// Recorded first: recording a write marks the municipality's public pages changed, and that mark must go with it.
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'organisations.municipality.deleted',
				entityType: 'municipality',
				entityId: row.id,
				municipalityId: row.id,
				changes: {
					name: { before: row.name, after: null },
					scbCode: { before: row.scbCode, after: null },
					exportedAt: { before: row.exportedAt?.toISOString() ?? null, after: null }
				}
			}
		);
		const { tables } = await deleteMunicipalityRows(tx, row.id);
		return tables;
	});
	for (const work of afterCommit) work();
	return tables;
}
