import type { Db, DbOrTx } from '../../../db/client';
import type { Actor } from '../../../platform/authz';
import { AppError } from '../../../platform/errors';
import { recordAudit } from '../../audit/public';
import { requireAccess } from '../../../platform/access';
import { MAX_UPLOAD_BYTES, type AreaKind } from '../situation.models';
import { listEventLocations, addAreasToUnlocatedEvents, updateEventAreas } from '../crimes/crimes.repository';
import { readAreaFile } from './area-file';
import {
	findAreaImportSettings,
	listAreaRows,
	listAreaShapes,
	listPopulations,
	saveAreaImportSettings,
	setAreaParent,
	upsertAreas,
	upsertPopulations
} from './areas.repository';
import { coversPoint, mapGeometry, prepareShape, ShapeIndex, wgs84ToSweref, type Geometry, type PreparedShape } from '../../../platform/geo/spatial';

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
	/** The properties the user chose for the areas' name and code; when left out, the municipality's last choice applies if the file has it. */
	properties?: { nameProperty: string; codeProperty: string | null } | null;
}) {
	const { db, actor, municipality } = options;
	requireAccess(actor, 'area.import', { municipalityId: municipality.id });
	if (options.data.byteLength === 0) throw new AppError('situation.areas_empty', 400, {});
	if (options.data.byteLength > MAX_UPLOAD_BYTES) throw new AppError('situation.areas_too_large', 413, {});
	const read = (properties: { nameProperty: string; codeProperty: string | null } | null) =>
		readAreaFile(options.data, options.fileName, { municipalityCode: municipality.scbCode, kind: options.kind, ...properties });
	const chosen = options.properties?.nameProperty.trim() ? options.properties : null;
	let parsed = await read(chosen);
	let properties = chosen;
	if (chosen === null) {
		// The municipality's own files name their areas the same way each time: use its last choice when the file has that property.
		const remembered = await findAreaImportSettings(db, municipality.id);
		const has = (name: string | null) => name !== null && parsed.properties.some((p) => p.toLowerCase() === name.toLowerCase());
		if (remembered && has(remembered.nameProperty) && (remembered.codeProperty === null || has(remembered.codeProperty))) {
			properties = remembered;
			parsed = await read(remembered);
		}
	}
	if (parsed.areas.length === 0) {
		const unnamed = parsed.skipped.filter((s) => /saknar (?:namn|värde)/.test(s.reason)).length;
		if (unnamed > 0) {
			// Not "no areas in the municipality": the areas are there, the importer does not know what they are called.
			const list = parsed.properties.map((p) => `”${p}”`).join(', ') || '–';
			throw new AppError(
				'situation.areas_no_names',
				400,
				{ unnamed, hasProperty: chosen ? 'yes' : 'no', property: chosen?.nameProperty ?? '', properties: list },
				{ properties: parsed.properties }
			);
		}
		throw new AppError('situation.areas_none', 400, { otherMunicipalities: parsed.otherMunicipalities });
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
		if (chosen !== null)
			await saveAreaImportSettings(tx, municipality.id, { nameProperty: chosen.nameProperty.trim(), codeProperty: chosen.codeProperty?.trim() || null });
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'situation.areas.imported',
				entityType: 'areas',
				municipalityId: municipality.id,
				changes: {
					file: { before: null, after: options.fileName },
					areas: { before: null, after: saved },
					skipped: { before: null, after: parsed.skipped.length },
					...(properties
						? { nameProperty: { before: null, after: properties.nameProperty }, codeProperty: { before: null, after: properties.codeProperty } }
						: {}),
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
		kinds: [...new Set(parsed.areas.map((a) => a.kind))],
		/** The properties the names and codes were read from, when chosen now or remembered. */
		properties
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
	requireAccess(options.actor, 'situation.read', { municipalityId: options.municipalityId });
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
