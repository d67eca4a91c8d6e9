import type { Db } from '../../db/client';
import { requireAccess } from '../../platform/access';
import type { Actor } from '../../platform/authz';
import { AppError, NotFoundError, codedValidationError, textCode, type FieldCode } from '../../platform/errors';
import { readCsvRows, readXlsxRows } from '../../platform/files/readers';
import { isUuid } from '../../platform/ids';
import { recordAudit } from '../audit/public';
import { listOrganisationsOfMunicipality } from '../organisations/public';
import { listAreaRows } from '../situation/public';
import { areaLocator, categoriesOf, todayIso } from './est.usecases';
import { IMPORT_FIELDS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, checkImportRows, guessImportMapping, importMappingProblems, type ImportMapping } from './est.import';
import { deleteImportDraft, findImportDraft, insertImportDraft, setImportDraftMapping } from './est.import.repository';
import { insertReports, listParticipantIds } from './est.repository';

/** The file's rows from its first non-empty row (the headers); blank headers are named by their column. */
async function readLog(data: Uint8Array, fileName: string): Promise<string[][]> {
	let rows: string[][];
	if (/\.xlsx$/i.test(fileName)) rows = await readXlsxRows(data);
	else if (/\.(csv|txt|tsv)$/i.test(fileName)) rows = await readCsvRows(data);
	else throw new AppError('est.import_format', 400, {});
	const start = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
	if (start < 0 || rows.length - start < 2) throw new AppError('est.import_empty', 400, {});
	if (rows.length - start - 1 > MAX_IMPORT_ROWS) throw new AppError('est.import_too_many_rows', 400, { count: MAX_IMPORT_ROWS });
	const headers = rows[start].map((h, i) => h.trim() || `Kolumn ${i + 1}`);
	return [headers, ...rows.slice(start + 1)];
}

/**
 * Step 1: the coordinator uploads a partner's incident log (CSV or xlsx) and names the partner; the
 * table is kept as a draft with a mapping guessed from the headers.
 */
export async function startReportImport(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	fileName: string;
	data: Uint8Array;
	organisationId: string;
}): Promise<{ draftId: string }> {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'est.report.import', { municipalityId });
	const errors: Record<string, FieldCode> = {};
	const organisations = await listOrganisationsOfMunicipality(db, municipalityId);
	if (!organisations.some((o) => o.id === options.organisationId)) errors.organisationId = { code: 'est.import_organisation_invalid' };
	let table: string[][] | null = null;
	if (options.data.byteLength === 0) errors.file = { code: 'est.import_file_missing' };
	else if (options.data.byteLength > MAX_IMPORT_BYTES)
		errors.file = { code: 'est.import_file_too_large', params: { megabytes: MAX_IMPORT_BYTES / 1024 / 1024 } };
	else {
		try {
			table = await readLog(options.data, options.fileName);
		} catch (error) {
			if (!(error instanceof AppError)) throw error;
			errors.file = textCode(error);
		}
	}
	if (Object.keys(errors).length || !table) throw codedValidationError(errors);
	const mapping = guessImportMapping(table[0]) as Record<string, string>;
	const draftId = await insertImportDraft(db, {
		municipalityId,
		userId: actor.userId,
		fileName: options.fileName,
		organisationId: options.organisationId,
		table,
		mapping
	});
	return { draftId };
}

async function draftOf(db: Db, actor: Actor, municipalityId: string, draftId: string) {
	requireAccess(actor, 'est.report.import', { municipalityId });
	const draft = isUuid(draftId) ? await findImportDraft(db, draftId, actor.userId, municipalityId) : null;
	if (!draft) throw new NotFoundError('est.import_draft_gone');
	return draft;
}

/** The draft as the mapping form shows it: its headers, the mapping, the first rows and the partner. */
export async function reportImportDraft(options: { db: Db; actor: Actor; municipalityId: string; draftId: string }) {
	const draft = await draftOf(options.db, options.actor, options.municipalityId, options.draftId);
	const organisation = (await listOrganisationsOfMunicipality(options.db, options.municipalityId)).find((o) => o.id === draft.organisationId);
	return {
		draftId: draft.id,
		fileName: draft.fileName,
		organisation: organisation?.name ?? '',
		headers: draft.table[0],
		mapping: draft.mapping as ImportMapping,
		sample: draft.table.slice(1, 6),
		rowCount: draft.table.length - 1
	};
}

/** The mapping as the form posts it: `map_<field>` per field (the column's header or '') and the assumed effect. */
export function importMappingFromForm(data: FormData): ImportMapping {
	const mapping: ImportMapping = { defaultEffect: String(data.get('defaultEffect') ?? '') };
	for (const field of IMPORT_FIELDS) mapping[field] = String(data.get(`map_${field}`) ?? '');
	return mapping;
}

/** Step 2: the coordinator's mapping is checked and kept with the draft. */
export async function setReportImportMapping(options: { db: Db; actor: Actor; municipalityId: string; draftId: string; mapping: ImportMapping }) {
	const draft = await draftOf(options.db, options.actor, options.municipalityId, options.draftId);
	const problems = importMappingProblems(options.mapping, draft.table[0]);
	if (Object.keys(problems).length) throw codedValidationError(problems);
	await setImportDraftMapping(options.db, draft.id, options.mapping as Record<string, string>);
}

async function checked(db: Db, draft: NonNullable<Awaited<ReturnType<typeof findImportDraft>>>, today: string) {
	const [categories, areas] = await Promise.all([categoriesOf(db, draft.municipalityId), listAreaRows(db, draft.municipalityId)]);
	return checkImportRows(draft.table, draft.mapping as ImportMapping, { categories, areas, today });
}

/** Step 3: every row checked with the kept mapping; nothing is stored. Each rejected row comes with all its problems. */
export async function checkReportImport(options: { db: Db; actor: Actor; municipalityId: string; draftId: string; today?: string }) {
	const draft = await draftOf(options.db, options.actor, options.municipalityId, options.draftId);
	const mappingProblems = importMappingProblems(draft.mapping as ImportMapping, draft.table[0]);
	if (Object.keys(mappingProblems).length) return { mappingReady: false as const, valid: 0, rejected: [] };
	const { accepted, rejected } = await checked(options.db, draft, options.today ?? todayIso());
	return { mappingReady: true as const, valid: accepted.length, rejected };
}

/**
 * Step 4, all or nothing: when every row is readable the reports are stored in one transaction
 * under the partner organisation (channel 'import'), the draft removed and the import audited;
 * when any row is not, nothing is stored and the rows are named.
 */
export async function confirmReportImport(options: { db: Db; actor: Actor; municipalityId: string; draftId: string; ip: string | null; today?: string }) {
	const draft = await draftOf(options.db, options.actor, options.municipalityId, options.draftId);
	const mappingProblems = importMappingProblems(draft.mapping as ImportMapping, draft.table[0]);
	if (Object.keys(mappingProblems).length) throw codedValidationError(mappingProblems);
	const { accepted, rejected } = await checked(options.db, draft, options.today ?? todayIso());
	if (rejected.length) throw codedValidationError({ file: { code: 'est.import_rows_rejected', params: { count: rejected.length } } });
	if (accepted.length === 0) throw codedValidationError({ file: { code: 'est.import_empty' } });
	// Rows with a point and no named area get the smallest lägesbild area containing the point, as form reports do.
	const locate = accepted.some((r) => !r.areaId && r.latitude !== undefined) ? await areaLocator(options.db, draft.municipalityId) : null;
	await options.db.transaction(async (tx) => {
		await insertReports(
			tx,
			accepted.map((report) => ({
				municipalityId: draft.municipalityId,
				category: report.category,
				place: report.place,
				areaId: report.areaId ?? (locate && report.latitude !== undefined && report.longitude !== undefined ? locate(report.latitude, report.longitude) : null),
				latitude: report.latitude ?? null,
				longitude: report.longitude ?? null,
				occurredOn: report.occurredOn,
				timeOfDay: report.timeOfDay,
				effect: report.effect,
				description: report.description,
				channel: 'import',
				organisationId: draft.organisationId,
				reportedBy: null
			}))
		);
		await deleteImportDraft(tx, draft.id);
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.reports.imported',
				entityType: 'est_report',
				municipalityId: draft.municipalityId,
				...(draft.organisationId ? { organisationId: draft.organisationId } : {}),
				changes: {
					file: { before: null, after: draft.fileName },
					reports: { before: null, after: accepted.length },
					period: {
						before: null,
						after: `${accepted.reduce((min, r) => (r.occurredOn < min ? r.occurredOn : min), accepted[0].occurredOn)}–${accepted.reduce((max, r) => (r.occurredOn > max ? r.occurredOn : max), accepted[0].occurredOn)}`
					}
				}
			}
		);
	});
	return { imported: accepted.length };
}

/** The upload form: the municipality's organisations (the EST group's participants first) to name whose log it is. */
export async function reportImportForm(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'est.report.import', { municipalityId: options.municipalityId });
	const [organisations, participants] = await Promise.all([
		listOrganisationsOfMunicipality(options.db, options.municipalityId),
		listParticipantIds(options.db, options.municipalityId)
	]);
	const taking = new Set(participants);
	return {
		organisations: organisations
			.map((o) => ({ id: o.id, name: o.name, participates: taking.has(o.id) }))
			.sort((a, b) => Number(b.participates) - Number(a.participates) || a.name.localeCompare(b.name, 'sv'))
	};
}
