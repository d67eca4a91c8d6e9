import type { Db, DbOrTx } from '../../db/client';
import { toNumber } from '../../db/client';
import { decide, type Actor } from '../../platform/authz';
import { AppError, ForbiddenError, ValidationError } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { recordAudit } from '../audit/audit.usecases';
import { parseCsv, readXlsxRows } from '../plans/plan-import';
import { AreaFileError, parseAreaGeoJson } from './areas/area-import';
import { parseAreaGeoPackage } from './areas/geopackage';
import { fetchKoladaValues, IndicatorFileError, KOLADA_CRIME_KPIS, parseBraTable, parseKoladaV3, type IndicatorValue } from './indicators/indicators';
import {
	AREA_KINDS,
	guessMapping,
	mappingProblems,
	MAPPING_FIELDS,
	populationFor,
	ratePer1000,
	validateExtract,
	type AreaKind,
	type ColumnMapping,
	type CrimeRow,
	type GroupBy,
	type RejectedRow
} from './situation.models';
import {
	countEvents,
	deleteCrimeImportRows,
	countExistingHashKeys,
	deleteCrimeDraft,
	eventYears,
	findCrimeDraft,
	findCrimeSource,
	insertCrimeDraft,
	insertCrimeEvents,
	insertCrimeImport,
	listAreaGeometries,
	listAreaRows,
	listAreaShapes,
	listCrimeImports,
	listCrimeSources,
	listEventLocations,
	addAreasToUnlocatedEvents,
	listIndicatorValues,
	listPopulations,
	setAreaParent,
	setCrimeDraftMapping,
	setCrimeImportCounts,
	updateEventAreas,
	upsertAreas,
	upsertCrimeSource,
	upsertIndicatorValues,
	upsertPopulations,
	type CountFilter,
	type ImportProfile
} from './situation.repository';
import { coversPoint, mapGeometry, prepareShape, ShapeIndex, wgs84ToSweref, type Geometry, type PreparedShape } from './areas/spatial.models';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

function allow(actor: Actor | null, action: 'municipality.read' | 'municipality.manage', municipalityId: string) {
	if (!actor) return; // demo seeding and benchmarks run without a person
	const decision = decide(actor, action, { municipalityId });
	if (!decision.allowed) throw new ForbiddenError(decision.reason);
}

// ---------------------------------------------------------------------------------------
// Areas
// ---------------------------------------------------------------------------------------

export interface AreaInput {
	kind: AreaKind;
	code: string;
	name: string;
	parentCode?: string | null;
	sourceEpsg: 3006 | 4326;
	sourceGeometry: Geometry;
	geometry: Geometry;
	bbox: [number, number, number, number];
	population?: { year: number; sex?: string; ageGroup?: string; population: number }[];
	approximate?: boolean;
}

/** Imports area boundaries from a GeoJSON or GeoPackage file: all of it or nothing, then re-assigns the events. */
export async function importAreaFile(options: {
	db: Db;
	actor: Actor;
	municipality: { id: string; scbCode: string };
	fileName: string;
	data: Uint8Array;
	kind: AreaKind | 'auto';
	ip: string | null;
}) {
	const { db, actor, municipality } = options;
	allow(actor, 'municipality.manage', municipality.id);
	if (options.data.byteLength === 0) throw new AppError('situation.areas_empty', 400, 'Välj en GeoJSON- eller GeoPackage-fil med områden.');
	if (options.data.byteLength > MAX_UPLOAD_BYTES) throw new AppError('situation.areas_too_large', 413, 'Filen är större än 50 MB.');
	let parsed;
	try {
		const parseOptions = { municipalityCode: municipality.scbCode, kind: options.kind };
		parsed = /\.gpkg$/i.test(options.fileName)
			? await parseAreaGeoPackage(options.data, parseOptions)
			: parseAreaGeoJson(new TextDecoder().decode(options.data), parseOptions);
	} catch (error) {
		if (error instanceof AreaFileError) throw new AppError('situation.areas_unreadable', 400, error.message);
		throw error;
	}
	if (parsed.areas.length === 0) {
		const why = parsed.otherMunicipalities ? ` Filen har ${parsed.otherMunicipalities} områden i andra kommuner.` : '';
		throw new AppError('situation.areas_none', 400, `Filen innehåller inga områden i kommunen.${why}`);
	}
	const source = `fil: ${options.fileName}`;
	const result = await db.transaction(async (tx) => {
		const saved = await saveAreas(
			tx,
			municipality.id,
			parsed.areas.map((a) => ({ ...a, population: a.population ? [a.population] : [] })),
			source
		);
		const assigned = await reassignEvents(tx, municipality.id);
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'situation.areas_imported',
				entityType: 'areas',
				municipalityId: municipality.id,
				changes: {
					file: { before: null, after: options.fileName },
					areas: { before: null, after: saved },
					skipped: { before: null, after: parsed.skipped.length },
					eventsReassigned: { before: null, after: assigned }
				}
			}
		);
		return saved;
	});
	return {
		saved: result,
		epsg: parsed.epsg,
		skipped: parsed.skipped,
		otherMunicipalities: parsed.otherMunicipalities,
		kinds: [...new Set(parsed.areas.map((a) => a.kind))]
	};
}

/** Writes areas with their populations and parent links (DeSO → RegSO by code). */
export async function saveAreas(tx: DbOrTx, municipalityId: string, input: AreaInput[], source: string): Promise<number> {
	const saved = await upsertAreas(
		tx,
		input.map((a) => ({
			municipalityId,
			kind: a.kind,
			code: a.code,
			name: a.name,
			sourceEpsg: a.sourceEpsg,
			sourceGeometry: a.sourceGeometry,
			geometry: a.geometry,
			bbox: a.bbox,
			source,
			approximate: a.approximate ?? false
		}))
	);
	const idOf = new Map(saved.map((s) => [`${s.kind}\u0000${s.code}`, s.id]));
	const populations = input.flatMap((a) =>
		(a.population ?? []).map((p) => ({
			areaId: idOf.get(`${a.kind}\u0000${a.code}`)!,
			year: p.year,
			sex: p.sex ?? 'T',
			ageGroup: p.ageGroup ?? 'totalt',
			population: p.population
		}))
	);
	await upsertPopulations(tx, populations);
	const regso = new Map((await listAreaRows(tx, municipalityId)).filter((a) => a.kind === 'regso').map((a) => [a.code, a.id]));
	for (const a of input) {
		const parent = a.parentCode ? regso.get(a.parentCode) : undefined;
		if (parent) await setAreaParent(tx, municipalityId, idOf.get(`${a.kind}\u0000${a.code}`)!, parent);
	}
	return saved.length;
}

/** Areas of the municipality prepared for assignment: planar shapes, an index, the boundary test. */
export async function loadAssigner(db: DbOrTx, municipalityId: string) {
	const rows = await listAreaShapes(db, municipalityId);
	const planar = rows.map((r) => (r.sourceEpsg === 3006 ? r.sourceGeometry : mapGeometry(r.sourceGeometry, ([lon, lat]) => wgs84ToSweref(lon, lat))));
	const shapes: PreparedShape[] = planar.map((g) => prepareShape(g));
	const index = new ShapeIndex(shapes);
	const byCode = new Map(rows.map((r) => [r.code, r.id]));
	// The municipality's boundary: its own kommun area, else the union of the statistical areas that tile it.
	const boundaryKinds = rows.some((r) => r.kind === 'kommun') ? ['kommun'] : ['deso', 'regso'];
	const boundary = shapes.filter((_, i) => boundaryKinds.includes(rows[i].kind));
	const kommunIds = rows.filter((r) => r.kind === 'kommun').map((r) => r.id);
	const located = index.labeller((found) => found.map((i) => rows[i].id).join(','));
	const byAreaCode = new Map<string, string>();
	return {
		knownAreaCodes: new Set(byCode.keys()),
		municipalityAreaIds: kommunIds,
		insideMunicipality: boundary.length ? (e: number, n: number) => boundary.some((s) => coversPoint(s, e, n)) : null,
		areaIdsOf(row: { easting: number | null; northing: number | null; areaCode?: string | null }): string[] {
			if (row.easting !== null && row.northing !== null) return index.containing(row.easting, row.northing).map((i) => rows[i].id);
			const own = row.areaCode ? byCode.get(row.areaCode) : undefined;
			return own ? [...new Set([own, ...kommunIds])] : kommunIds;
		},
		/** The same areas as areaIdsOf, comma-joined, cached per distinct set (the bulk insert's form). */
		areaTextOf(row: { easting: number | null; northing: number | null; areaCode?: string | null }): string {
			if (row.easting !== null && row.northing !== null) return located(row.easting, row.northing);
			const key = row.areaCode ?? '';
			let text = byAreaCode.get(key);
			if (text === undefined) {
				const own = row.areaCode ? byCode.get(row.areaCode) : undefined;
				text = (own ? [...new Set([own, ...kommunIds])] : kommunIds).join(',');
				byAreaCode.set(key, text);
			}
			return text;
		}
	};
}

/** Assigns every located event to the areas again (after areas changed); the per-area counts follow. */
export async function reassignEvents(tx: DbOrTx, municipalityId: string): Promise<number> {
	const events = await listEventLocations(tx, municipalityId);
	const assigner = await loadAssigner(tx, municipalityId);
	// Events without a place (Polisen's, or an extract's area codes) imported before the
	// municipality had an area of its own: they now count in the municipality as a whole.
	const unlocated = await addAreasToUnlocatedEvents(tx, municipalityId, assigner.municipalityAreaIds);
	if (events.length === 0 && unlocated === 0) return 0;
	await updateEventAreas(
		tx,
		municipalityId,
		events.map((e) => e.id),
		events.map((e) => assigner.areaIdsOf(e))
	);
	return events.length + unlocated;
}

export async function listAreas(options: { db: Db; actor: Actor; municipalityId: string }) {
	allow(options.actor, 'municipality.read', options.municipalityId);
	const [rows, populations] = await Promise.all([listAreaRows(options.db, options.municipalityId), listPopulations(options.db, options.municipalityId)]);
	const latest = latestPopulations(populations);
	return rows.map((r) => ({ ...r, kind: r.kind as AreaKind, population: latest.get(r.id) ?? null }));
}

export function latestPopulations(populations: { areaId: string; year: number; population: number }[]) {
	const latest = new Map<string, { year: number; population: number }>();
	for (const p of populations) {
		const current = latest.get(p.areaId);
		if (!current || p.year > current.year) latest.set(p.areaId, p);
	}
	return new Map([...latest].map(([id, p]) => [id, p.population]));
}

// ---------------------------------------------------------------------------------------
// Crime extracts
// ---------------------------------------------------------------------------------------

async function readTable(data: Uint8Array, fileName: string): Promise<string[][]> {
	let rows: string[][];
	if (/\.xlsx$/i.test(fileName)) {
		try {
			rows = await readXlsxRows(data);
		} catch (error) {
			throw new AppError('situation.crime_unreadable', 400, error instanceof Error ? error.message : 'Excel-filen kunde inte läsas.');
		}
	} else if (/\.(csv|txt|tsv)$/i.test(fileName)) {
		let text = new TextDecoder('utf-8', { fatal: false }).decode(data);
		// Excel on Windows saves CSV as Windows-1252: replacement characters tell.
		if (text.includes('\ufffd')) text = new TextDecoder('windows-1252').decode(data);
		rows = parseCsv(text);
	} else {
		throw new AppError('situation.crime_format', 400, 'Välj en .csv- eller .xlsx-fil.');
	}
	const start = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
	if (start < 0 || rows.length - start < 2) throw new AppError('situation.crime_empty', 400, 'Filen har inga rader under rubrikraden.');
	const headers = rows[start].map((h, i) => h.trim() || `Kolumn ${i + 1}`);
	return [headers, ...rows.slice(start + 1)];
}

/** Step 1: reads the file, keeps it as a draft and proposes a mapping (the remembered one for this source, else a guess). */
export async function startCrimeImport(options: { db: Db; actor: Actor; municipalityId: string; fileName: string; data: Uint8Array; sourceName: string }) {
	const { db, actor, municipalityId } = options;
	allow(actor, 'municipality.manage', municipalityId);
	const sourceName = options.sourceName.trim();
	if (!sourceName) throw new ValidationError({ sourceName: 'Ange varifrån utdraget kommer, till exempel ”Polisen, kartverktyget”.' });
	if (options.data.byteLength === 0) throw new ValidationError({ file: 'Välj en fil med brottsutdraget.' });
	if (options.data.byteLength > MAX_UPLOAD_BYTES) throw new ValidationError({ file: 'Filen är större än 50 MB. Dela upp utdraget per år.' });
	let table: string[][];
	try {
		table = await readTable(options.data, options.fileName);
	} catch (error) {
		if (error instanceof AppError) throw new ValidationError({ file: error.message });
		throw error;
	}
	const headers = table[0];
	const remembered = await findCrimeSource(db, municipalityId, sourceName);
	const rememberedFits = remembered && Object.values(remembered.mapping).every((h) => !h || headers.includes(h));
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
	if (!draft) throw new AppError('situation.draft_gone', 409, 'Importen har redan sparats, avbrutits eller gått ut. Ladda upp filen igen.');
	return draft;
}

export function mappingFromForm(form: FormData): ColumnMapping {
	const mapping: ColumnMapping = {};
	for (const field of MAPPING_FIELDS) {
		const value = String(form.get(`map_${field}`) ?? '');
		mapping[field] = value || null;
	}
	return mapping;
}

export async function getCrimeDraft(options: { db: Db; actor: Actor; municipalityId: string; draftId: string }) {
	allow(options.actor, 'municipality.manage', options.municipalityId);
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
	rowsRead: number;
	valid: number;
	duplicates: number;
	rejected: RejectedRow[];
	headers: string[];
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
	allow(actor, 'municipality.manage', municipalityId);
	const draft = await draftOrFail(db, options.draftId, actor, municipalityId);
	const problems = mappingProblems(options.mapping, draft.table[0]);
	if (Object.keys(problems).length)
		throw new ValidationError(Object.fromEntries(Object.entries(problems).map(([k, v]) => [`map_${k}`, v])), 'Kolumnvalen behöver rättas.');
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
		rowsRead: rows.length + rejected.length,
		valid: rows.length,
		duplicates,
		rejected,
		headers: draft.table[0]
	};
}

async function validateDraft(db: DbOrTx, municipalityId: string, table: string[][], mapping: ColumnMapping, today?: string) {
	const assigner = await loadAssigner(db, municipalityId);
	const validated = validateExtract(table, mapping, {
		knownAreaCodes: assigner.knownAreaCodes,
		insideMunicipality: assigner.insideMunicipality,
		today: today ?? new Date().toISOString().slice(0, 10)
	});
	return { ...validated, assigner };
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
	allow(actor, 'municipality.manage', municipalityId);
	return db.transaction(async (tx) => {
		const draft = await draftOrFail(tx, options.draftId, actor, municipalityId);
		await deleteCrimeDraft(tx, draft.id);
		if (options.choice === 'nothing') return { imported: 0, duplicates: 0, rejected: 0, cancelled: true as const };
		if (!draft.mapping) throw new AppError('situation.mapping_missing', 400, 'Välj kolumner innan du importerar.');
		const problems = mappingProblems(draft.mapping, draft.table[0]);
		if (Object.keys(problems).length) throw new AppError('situation.mapping_invalid', 400, Object.values(problems).join(' '));
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
				action: 'situation.crimes_imported',
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
	allow(actor, 'municipality.manage', municipalityId);
	return db.transaction(async (tx) => {
		const removed = isUuid(importId) ? await deleteCrimeImportRows(tx, municipalityId, importId) : -1;
		if (removed < 0) throw new AppError('situation.import_not_found', 404, 'Importen finns inte.');
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{ action: 'situation.crimes_deleted', entityType: 'crime_import', entityId: importId, municipalityId, changes: { events: { before: removed, after: 0 } } }
		);
		return removed;
	});
}

export async function crimeImportOverview(options: { db: Db; actor: Actor; municipalityId: string }) {
	allow(options.actor, 'municipality.read', options.municipalityId);
	const [imports, sources] = await Promise.all([listCrimeImports(options.db, options.municipalityId), listCrimeSources(options.db, options.municipalityId)]);
	return { imports, sources: sources.map((s) => s.name) };
}

// ---------------------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------------------

export interface CrimeStatRow {
	area?: string;
	areaName?: string;
	category?: string;
	year?: number;
	month?: number;
	weekday?: number;
	hour?: number | null;
	count: number;
	ratePer1000: number | null;
}

/** What turns counts into rates: each area's population per year, the names, the municipality's own area. */
export interface RateContext {
	populationByArea: Map<string, Map<number, number>>;
	names: Map<string, string>;
	kommunId: string | null;
}

export function rateContextOf(
	areaRows: { id: string; kind: string; name: string }[],
	populations: { areaId: string; year: number; population: number }[]
): RateContext {
	const populationByArea = new Map<string, Map<number, number>>();
	for (const p of populations) {
		if (!populationByArea.has(p.areaId)) populationByArea.set(p.areaId, new Map());
		populationByArea.get(p.areaId)!.set(p.year, p.population);
	}
	return { populationByArea, names: new Map(areaRows.map((a) => [a.id, a.name])), kommunId: areaRows.find((a) => a.kind === 'kommun')?.id ?? null };
}

export async function loadRateContext(db: DbOrTx, municipalityId: string): Promise<RateContext> {
	const [populations, areaRows] = await Promise.all([listPopulations(db, municipalityId), listAreaRows(db, municipalityId)]);
	return rateContextOf(areaRows, populations);
}

/**
 * Typed rows with the rate per 1,000 inhabitants of the row's area (or the municipality's kommun
 * area) in the row's year (or the last year of the period).
 */
export function withRates(raw: Record<string, unknown>[], groupBy: GroupBy[], context: RateContext, to: string | null): CrimeStatRow[] {
	const fallbackYear = to ? Number(to.slice(0, 4)) : new Date().getFullYear();
	// Rates are per person and year: grouping by month, weekday or hour shares out one year's population.
	const divisible = !groupBy.some((g) => g === 'month' || g === 'weekday' || g === 'hour');
	return raw.map((r) => {
		const row: CrimeStatRow = { count: toNumber(r.count), ratePer1000: null };
		for (const g of groupBy) {
			if (g === 'area') {
				row.area = String(r.area);
				row.areaName = context.names.get(row.area) ?? row.area;
			} else if (g === 'category') row.category = String(r.category);
			else (row as unknown as Record<string, number | null>)[g] = r[g] === null || r[g] === undefined ? null : toNumber(r[g]);
		}
		const areaId = row.area ?? context.kommunId;
		const perYear = areaId ? context.populationByArea.get(areaId) : undefined;
		row.ratePer1000 = divisible ? ratePer1000(row.count, populationFor(perYear, row.year ?? fallbackYear)) : null;
		return row;
	});
}

/**
 * Counts grouped by any of area, category, year, month, weekday, hour, with the rate per 1,000
 * inhabitants of the row's area (or the municipality's kommun area) in the row's year (or the
 * last year of the period).
 */
export async function crimeStatistics(options: {
	db: DbOrTx;
	actor: Actor | null;
	municipalityId: string;
	groupBy: GroupBy[];
	from: string | null;
	to: string | null;
	areaKind?: string | null;
	categories?: string[] | null;
}): Promise<CrimeStatRow[]> {
	allow(options.actor, 'municipality.read', options.municipalityId);
	const filter: CountFilter = {
		municipalityId: options.municipalityId,
		from: options.from,
		to: options.to,
		areaKind: options.areaKind,
		categories: options.categories
	};
	const [raw, context] = await Promise.all([countEvents(options.db, options.groupBy, filter), loadRateContext(options.db, options.municipalityId)]);
	return withRates(raw, options.groupBy, context, options.to);
}

/** Everything the lägesbild page shows, computed on the server (the page works without JavaScript). */
export async function situationOverview(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	from: string | null;
	to: string | null;
	areaKind: string | null;
	category: string | null;
}) {
	const { db, actor, municipalityId } = options;
	allow(actor, 'municipality.read', municipalityId);
	const areaList = await listAreas({ db, actor, municipalityId });
	const kinds = AREA_KINDS.filter((k) => areaList.some((a) => a.kind === k));
	const areaKind =
		options.areaKind && kinds.includes(options.areaKind as AreaKind) ? options.areaKind : (kinds.find((k) => k !== 'kommun') ?? kinds[0] ?? null);
	const span = await eventYears(db, municipalityId);
	const from = options.from ?? (span.max ? `${span.max}-01-01` : null);
	const to = options.to ?? (span.max ? `${span.max}-12-31` : null);
	const categories = options.category ? [options.category] : null;
	const common = { db, actor, municipalityId, categories };
	const [perArea, perAreaCategory, trend, yearTotals, grid, months, categoryTotals, geometries] = await Promise.all([
		areaKind ? crimeStatistics({ ...common, groupBy: ['area'], from, to, areaKind }) : Promise.resolve([]),
		areaKind ? crimeStatistics({ ...common, groupBy: ['area', 'category'], from, to, areaKind }) : Promise.resolve([]),
		crimeStatistics({ ...common, groupBy: ['category', 'year'], from: null, to: null }),
		crimeStatistics({ ...common, groupBy: ['year'], from: null, to: null }),
		crimeStatistics({ ...common, groupBy: ['weekday', 'hour'], from, to }),
		crimeStatistics({ ...common, groupBy: ['month'], from, to }),
		crimeStatistics({ ...common, groupBy: ['category'], from, to }),
		areaKind ? listAreaGeometries(db, municipalityId, areaKind) : Promise.resolve([])
	]);
	return { areas: areaList, kinds, areaKind, span, from, to, perArea, perAreaCategory, trend, yearTotals, grid, months, categoryTotals, geometries };
}

// ---------------------------------------------------------------------------------------
// Indicators
// ---------------------------------------------------------------------------------------

export async function listIndicators(options: { db: Db; actor: Actor; municipalityId: string }) {
	allow(options.actor, 'municipality.read', options.municipalityId);
	return listIndicatorValues(options.db, options.municipalityId);
}

/** Saves indicator values; codes of the municipality's own areas are linked to the area, the rest are regions. */
async function saveIndicatorValues(options: { db: Db; actor: Actor; municipalityId: string; values: IndicatorValue[]; origin: string; ip: string | null }) {
	const { db, actor, municipalityId, values } = options;
	return db.transaction(async (tx) => {
		const areaIdOf = new Map((await listAreaRows(tx, municipalityId)).filter((a) => a.kind !== 'kommun').map((a) => [a.code, a.id]));
		const saved = await upsertIndicatorValues(
			tx,
			values.map((v) => {
				const areaId = areaIdOf.get(v.regionCode) ?? null;
				return {
					municipalityId,
					areaId,
					regionCode: areaId ? null : v.regionCode,
					indicator: v.indicator,
					name: v.name,
					period: v.period,
					sex: v.sex,
					ageGroup: v.ageGroup,
					value: v.value,
					unit: v.unit,
					respondents: v.respondents,
					source: v.source,
					licence: v.licence
				};
			})
		);
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'situation.indicators_imported',
				entityType: 'indicators',
				municipalityId,
				changes: { origin: { before: null, after: options.origin }, values: { before: null, after: saved } }
			}
		);
		return saved;
	});
}

/** Kolada v3 JSON (.json) or a Brå table (.csv, .xlsx). */
export async function importIndicatorFile(options: { db: Db; actor: Actor; municipalityId: string; fileName: string; data: Uint8Array; ip: string | null }) {
	allow(options.actor, 'municipality.manage', options.municipalityId);
	if (options.data.byteLength === 0) throw new ValidationError({ file: 'Välj en fil.' });
	if (options.data.byteLength > MAX_UPLOAD_BYTES) throw new ValidationError({ file: 'Filen är större än 50 MB.' });
	let values: IndicatorValue[];
	let problems: string[] = [];
	try {
		if (/\.json$/i.test(options.fileName)) values = parseKoladaV3(new TextDecoder().decode(options.data));
		else if (/\.(csv|xlsx|txt)$/i.test(options.fileName)) ({ values, problems } = parseBraTable(await readTable(options.data, options.fileName)));
		else throw new IndicatorFileError('Välj Koladas JSON (.json) eller en tabell från Brå (.csv eller .xlsx).');
	} catch (error) {
		if (error instanceof IndicatorFileError) throw new ValidationError({ file: error.message });
		if (error instanceof AppError) throw new ValidationError({ file: error.message });
		throw error;
	}
	if (values.length === 0) throw new ValidationError({ file: 'Filen innehöll inga värden.' });
	const saved = await saveIndicatorValues({ ...options, values, origin: options.fileName });
	return { saved, problems };
}

/** Fetches the crime KPIs for the municipality, its county and Sweden from Kolada (needs the internet). */
export async function fetchKoladaIndicators(options: {
	db: Db;
	actor: Actor;
	municipality: { id: string; scbCode: string; countyCode: string };
	baseUrl: string;
	years: number[];
	ip: string | null;
	fetch?: typeof fetch;
}) {
	const { municipality } = options;
	allow(options.actor, 'municipality.manage', municipality.id);
	let values: IndicatorValue[];
	try {
		values = await fetchKoladaValues({
			baseUrl: options.baseUrl,
			fetch: options.fetch,
			kpis: Object.keys(KOLADA_CRIME_KPIS),
			regionIds: [municipality.scbCode, `00${municipality.countyCode}`, '0000'],
			years: options.years
		});
	} catch (error) {
		throw new AppError(
			'situation.kolada_unreachable',
			502,
			`Kolada kunde inte nås (${error instanceof Error ? error.message : String(error)}). Spara svaret som en fil på en dator med internet och ladda upp det.`
		);
	}
	return saveIndicatorValues({ db: options.db, actor: options.actor, municipalityId: municipality.id, values, origin: options.baseUrl, ip: options.ip });
}
