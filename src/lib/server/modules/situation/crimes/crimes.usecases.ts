import type { Db, DbOrTx } from '../../../db/client';
import type { Actor } from '../../../platform/authz';
import { AppError, codedValidationError, textCode, type FieldCode } from '../../../platform/errors';
import { isUuid } from '../../../platform/ids';
import { recordAudit } from '../../audit/public';
import { loadAssigner } from '../areas/areas.usecases';
import { requireAccess } from '../../../platform/access';
import {
	guessMapping,
	isCrimeCategory,
	mappingProblems,
	MAPPING_FIELDS,
	MAX_UPLOAD_BYTES,
	typeKey,
	unknownCrimeTypes,
	validateExtract,
	type ColumnMapping,
	type CrimeCategory,
	type CrimeRow,
	type RejectedRow
} from '../situation.models';
import { readTable } from '../table-file';
import {
	countExistingHashKeys,
	deleteCrimeDraft,
	deleteCrimeImportRows,
	findCrimeDraft,
	findCrimeSource,
	insertCrimeDraft,
	insertCrimeEvents,
	insertCrimeImport,
	listCrimeImports,
	listCrimeSources,
	setCrimeDraftMapping,
	setCrimeImportCounts,
	upsertCrimeSource,
	type ImportProfile
} from './crimes.repository';

/** Step 1: reads the file, keeps it as a draft and proposes a mapping (the remembered one for this source, else a guess). */
export async function startCrimeImport(options: { db: Db; actor: Actor; municipalityId: string; fileName: string; data: Uint8Array; sourceName: string }) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'crime.import', { municipalityId });
	const sourceName = options.sourceName.trim();
	// Every problem of the form in one pass: a missing source and a wrong file are both reported.
	const errors: Record<string, FieldCode> = {};
	if (!sourceName) errors.sourceName = { code: 'situation.crime_source_missing' };
	let table: string[][] | null = null;
	if (options.data.byteLength === 0) errors.file = { code: 'situation.crime_file_missing' };
	else if (options.data.byteLength > MAX_UPLOAD_BYTES)
		errors.file = { code: 'situation.crime_file_too_large', params: { megabytes: MAX_UPLOAD_BYTES / 1024 / 1024 } };
	else {
		try {
			table = await readTable(options.data, options.fileName);
		} catch (error) {
			if (!(error instanceof AppError)) throw error;
			errors.file = textCode(error);
		}
	}
	if (Object.keys(errors).length > 0 || table === null) throw codedValidationError(errors);
	const headers = table[0];
	const remembered = await findCrimeSource(db, municipalityId, sourceName);
	const rememberedFits = remembered && MAPPING_FIELDS.every((field) => !remembered.mapping[field] || headers.includes(remembered.mapping[field]));
	const mapping = rememberedFits ? remembered.mapping : guessMapping(headers);
	const draftId = await insertCrimeDraft(db, { municipalityId, userId: actor.userId, fileName: options.fileName, sourceName, table, mapping });
	return {
		draftId,
		fileName: options.fileName,
		sourceName,
		headers,
		mapping,
		remembered: !!rememberedFits,
		sample: table.slice(1, 6),
		rowCount: table.length - 1
	};
}

async function draftOrFail(db: DbOrTx, draftId: string, actor: Actor, municipalityId: string) {
	const draft = isUuid(draftId) ? await findCrimeDraft(db, draftId, actor.userId, municipalityId) : undefined;
	if (!draft) throw new AppError('situation.draft_gone', 409, {});
	return draft;
}

/** The mapping from the form: `map_<field>` columns and `category:<type key>` categories for unknown crime types ('' skips the type). */
export function mappingFromForm(form: FormData): ColumnMapping {
	const mapping: ColumnMapping = {};
	for (const field of MAPPING_FIELDS) {
		const value = String(form.get(`map_${field}`) ?? '');
		mapping[field] = value || null;
	}
	const categories: Record<string, CrimeCategory> = {};
	for (const [name, value] of form.entries()) {
		if (name.startsWith('category:') && typeof value === 'string' && isCrimeCategory(value)) categories[name.slice('category:'.length)] = value;
	}
	if (Object.keys(categories).length > 0) mapping.categories = categories;
	return mapping;
}

export async function getCrimeDraft(options: { db: Db; actor: Actor; municipalityId: string; draftId: string }) {
	requireAccess(options.actor, 'crime.import', { municipalityId: options.municipalityId });
	const draft = await draftOrFail(options.db, options.draftId, options.actor, options.municipalityId);
	return {
		draftId: draft.id,
		fileName: draft.fileName,
		sourceName: draft.sourceName,
		headers: draft.table[0],
		mapping: draft.mapping ?? {},
		sample: draft.table.slice(1, 6),
		rowCount: draft.table.length - 1
	};
}

export interface CrimeCheck {
	draftId: string;
	fileName: string;
	sourceName: string;
	rowsRead: number;
	valid: number;
	duplicates: number;
	rejected: RejectedRow[];
	headers: string[];
	/** The mapping checked, carried to the next check when the user maps unknown types. */
	mapping: ColumnMapping;
	/** Types no category knows: the user may map each to a category (remembered for the source) or let its rows be rejected. */
	unknownTypes: { type: string; key: string; rows: number }[];
}

/** Step 2: validates every row with the chosen mapping; nothing is written to the events yet. */
export async function checkCrimeImport(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	draftId: string;
	mapping: ColumnMapping;
	today?: string;
}): Promise<CrimeCheck> {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'crime.import', { municipalityId });
	const draft = await draftOrFail(db, options.draftId, actor, municipalityId);
	requireValidMapping(options.mapping, draft.table[0]);
	await setCrimeDraftMapping(db, draft.id, options.mapping);
	const { rows, rejected } = await validateDraft(db, municipalityId, draft.table, options.mapping, options.today);
	const duplicates = await countExistingHashKeys(
		db,
		municipalityId,
		rows.map((r) => r.hashKey)
	);
	return {
		draftId: draft.id,
		fileName: draft.fileName,
		sourceName: draft.sourceName,
		rowsRead: rows.length + rejected.length,
		valid: rows.length,
		duplicates,
		rejected,
		headers: draft.table[0],
		mapping: options.mapping,
		unknownTypes: unknownCrimeTypes(draft.table, options.mapping)
			.slice(0, MAX_UNKNOWN_TYPES)
			.map((u) => ({ ...u, key: typeKey(u.type) }))
	};
}

/** More distinct unknown types than this is a wrong type column, not a list to map one by one. */
const MAX_UNKNOWN_TYPES = 40;

async function validateDraft(db: DbOrTx, municipalityId: string, table: string[][], mapping: ColumnMapping, today?: string) {
	const assigner = await loadAssigner(db, municipalityId);
	const validated = validateExtract(table, mapping, {
		knownAreaCodes: assigner.knownAreaCodes,
		insideMunicipality: assigner.insideMunicipality,
		today: today ?? new Date().toISOString().slice(0, 10)
	});
	return { ...validated, assigner };
}

/** The mapping's problems, keyed by the form's column choices (`map_date`). */
function requireValidMapping(mapping: ColumnMapping, headers: string[]): void {
	const problems = mappingProblems(mapping, headers);
	if (Object.keys(problems).length) throw codedValidationError(Object.fromEntries(Object.entries(problems).map(([field, code]) => [`map_${field}`, code])));
}

/**
 * Step 3: the user's decision. "rest" writes the valid rows (and remembers the mapping for the
 * source) in one transaction with the audit row; "nothing" drops the draft and writes nothing.
 */
export async function finishCrimeImport(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	draftId: string;
	choice: 'rest' | 'nothing';
	ip: string | null;
	today?: string;
}) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'crime.import', { municipalityId });
	return db.transaction(async (tx) => {
		const draft = await draftOrFail(tx, options.draftId, actor, municipalityId);
		await deleteCrimeDraft(tx, draft.id);
		if (options.choice === 'nothing') return { imported: 0, duplicates: 0, rejected: 0, cancelled: true as const };
		if (!draft.mapping) throw new AppError('situation.mapping_missing', 400, {});
		requireValidMapping(draft.mapping, draft.table[0]);
		const { rows, rejected, assigner } = await validateDraft(tx, municipalityId, draft.table, draft.mapping, options.today);
		const sourceId = await upsertCrimeSource(tx, municipalityId, draft.sourceName, draft.mapping);
		const saved = await saveCrimeRows(tx, {
			municipalityId,
			sourceId,
			fileName: draft.fileName,
			rows,
			rejected: rejected.length,
			assigner,
			actorId: actor.userId,
			demo: false
		});
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'situation.crimes.imported',
				entityType: 'crime_import',
				entityId: saved.importId,
				municipalityId,
				changes: {
					file: { before: null, after: draft.fileName },
					source: { before: null, after: draft.sourceName },
					imported: { before: null, after: saved.imported },
					duplicates: { before: null, after: saved.duplicates },
					rejected: { before: null, after: rejected.length }
				}
			}
		);
		return { imported: saved.imported, duplicates: saved.duplicates, rejected: rejected.length, cancelled: false as const };
	});
}

/** Writes validated rows with their areas; shared by the import, the demo data and the benchmark. */
export async function saveCrimeRows(
	tx: DbOrTx,
	options: {
		municipalityId: string;
		sourceId: string | null;
		fileName: string;
		rows: CrimeRow[];
		rejected: number;
		assigner: Awaited<ReturnType<typeof loadAssigner>>;
		actorId: string | null;
		demo: boolean;
		profile?: ImportProfile;
	}
) {
	const { municipalityId, rows } = options;
	const importId = await insertCrimeImport(tx, {
		municipalityId,
		sourceId: options.sourceId,
		fileName: options.fileName,
		rowsRead: rows.length + options.rejected,
		rowsImported: 0,
		rowsDuplicate: 0,
		rowsRejected: options.rejected,
		demo: options.demo,
		createdBy: options.actorId
	});
	const imported = await insertCrimeEvents(tx, {
		municipalityId,
		importId,
		demo: options.demo,
		rows,
		areaText: options.assigner.areaTextOf,
		profile: options.profile
	});
	const duplicates = rows.length - imported;
	await setCrimeImportCounts(tx, importId, { rowsImported: imported, rowsDuplicate: duplicates });
	return { importId, imported, duplicates };
}

/** Removes one import with its events, e.g. an extract imported with the wrong mapping. */
export async function deleteCrimeImport(options: { db: Db; actor: Actor; municipalityId: string; importId: string; ip: string | null }) {
	const { db, actor, municipalityId, importId } = options;
	requireAccess(actor, 'crime.import', { municipalityId });
	return db.transaction(async (tx) => {
		const removed = isUuid(importId) ? await deleteCrimeImportRows(tx, municipalityId, importId) : -1;
		if (removed < 0) throw new AppError('situation.import_not_found', 404, {});
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{ action: 'situation.crimes.deleted', entityType: 'crime_import', entityId: importId, municipalityId, changes: { events: { before: removed, after: 0 } } }
		);
		return removed;
	});
}

export async function crimeImportOverview(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'situation.read', { municipalityId: options.municipalityId });
	const [imports, sources] = await Promise.all([listCrimeImports(options.db, options.municipalityId), listCrimeSources(options.db, options.municipalityId)]);
	return { imports, sources: sources.map((s) => s.name) };
}
