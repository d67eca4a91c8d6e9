import fs from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { AreaFileError, areasFromFeatures, type AreaFileOptions, type AreaFileResult } from './area-import';
import type { Geometry, Position } from '../../../platform/geo/spatial';
import { FILE_LIMITS, FileReadError, limitErrors } from '../../../platform/files/limits';
import { runParseJob } from '../../../platform/files/parse-pool';
import { codedReason, type CodedReason, type ErrorParams } from '../../../platform/errors';

/**
 * GeoPackage (OGC 12-128r18) boundaries, as SCB ships DeSO and RegSO: an SQLite file read with
 * sql.js (SQLite compiled to wasm, no native build), geometry in the GeoPackage binary format
 * (a "GP" header, an optional envelope, then ISO WKB). After decoding, the features take the
 * same path as GeoJSON (areasFromFeatures).
 */

// ---------------------------------------------------------------------------------------
// GeoPackage binary geometry and WKB
// ---------------------------------------------------------------------------------------

/** A geometry the decoder cannot read, coded (`situation.geometry_*`) for the reader's language. */
export class GeometryDecodeError extends Error {
	readonly reason: CodedReason;
	constructor(code: string, params?: ErrorParams) {
		const reason = codedReason(code, params);
		super(reason.reason);
		this.reason = reason;
	}
}

/** Bytes of the envelope per "envelope contents indicator" (flags bits 1–3); 5–7 are invalid. */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

const WKB_POLYGON = 3;
const WKB_MULTIPOLYGON = 6;

class WkbReader {
	private offset: number;
	private little = true;
	constructor(
		private readonly view: DataView,
		start: number
	) {
		this.offset = start;
	}
	private need(bytes: number) {
		if (this.offset + bytes > this.view.byteLength) throw new GeometryDecodeError('situation.geometry_truncated');
	}
	byteOrder() {
		this.need(1);
		const order = this.view.getUint8(this.offset++);
		if (order > 1) throw new GeometryDecodeError('situation.geometry_byte_order', { order });
		this.little = order === 1;
	}
	uint32(): number {
		this.need(4);
		const v = this.view.getUint32(this.offset, this.little);
		this.offset += 4;
		return v;
	}
	double(): number {
		this.need(8);
		const v = this.view.getFloat64(this.offset, this.little);
		this.offset += 8;
		return v;
	}
	/** A count that must fit in the remaining bytes (a corrupt count must not allocate gigabytes). */
	count(minBytesEach: number): number {
		const n = this.uint32();
		if (n * minBytesEach > this.view.byteLength - this.offset) throw new GeometryDecodeError('situation.geometry_too_many_points');
		return n;
	}
}

/** ISO WKB type codes (1003 = Polygon Z, 2003 = M, 3003 = ZM) and EWKB's high flag bits. */
function splitType(raw: number): { base: number; dims: number } {
	let code = raw;
	let z = false;
	let m = false;
	if (code & 0x80000000) z = true;
	if (code & 0x40000000) m = true;
	code &= 0x0fffffff;
	const thousands = Math.floor(code / 1000);
	if (thousands === 1 || thousands === 3) z = true;
	if (thousands === 2 || thousands === 3) m = true;
	return { base: code % 1000, dims: 2 + (z ? 1 : 0) + (m ? 1 : 0) };
}

function readPolygonBody(reader: WkbReader, dims: number): Position[][] {
	const rings: Position[][] = [];
	const ringCount = reader.count(4);
	for (let r = 0; r < ringCount; r++) {
		const pointCount = reader.count(dims * 8);
		const ring: Position[] = new Array(pointCount);
		for (let p = 0; p < pointCount; p++) {
			const x = reader.double();
			const y = reader.double();
			for (let extra = 2; extra < dims; extra++) reader.double(); // Z and M are not used for areas
			ring[p] = [x, y];
		}
		rings.push(ring);
	}
	return rings;
}

/** Decodes a WKB Polygon or MultiPolygon (either byte order, 2D/Z/M/ZM) starting at `offset`. */
export function decodeWkb(bytes: Uint8Array, offset = 0): Geometry {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const reader = new WkbReader(view, offset);
	reader.byteOrder();
	const { base, dims } = splitType(reader.uint32());
	if (base === WKB_POLYGON) return { type: 'Polygon', coordinates: readPolygonBody(reader, dims) };
	if (base === WKB_MULTIPOLYGON) {
		const polygons: Position[][][] = [];
		const count = reader.count(9);
		for (let i = 0; i < count; i++) {
			reader.byteOrder(); // every part carries its own byte order
			const part = splitType(reader.uint32());
			if (part.base !== WKB_POLYGON) throw new GeometryDecodeError('situation.geometry_multipolygon_part');
			polygons.push(readPolygonBody(reader, part.dims));
		}
		return { type: 'MultiPolygon', coordinates: polygons };
	}
	const names: Record<number, string> = { 1: 'punkt', 2: 'linje', 4: 'multipunkt', 5: 'multilinje', 7: 'geometrisamling' };
	throw new GeometryDecodeError('situation.geometry_not_polygon', { type: names[base] ?? String(base) });
}

/**
 * A GeoPackage geometry blob: magic "GP", version, flags (byte order of the header, envelope
 * kind, empty flag), srs_id, envelope, WKB. Null for an empty geometry.
 */
export function decodeGeoPackageGeometry(blob: Uint8Array): { srsId: number; geometry: Geometry | null } {
	if (blob.byteLength < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new GeometryDecodeError('situation.geometry_no_header');
	const flags = blob[3];
	const envelopeKind = (flags >> 1) & 0x07;
	if (envelopeKind >= ENVELOPE_BYTES.length) throw new GeometryDecodeError('situation.geometry_envelope', { kind: envelopeKind });
	const little = (flags & 0x01) === 1;
	const srsId = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getInt32(4, little);
	const empty = (flags & 0x10) !== 0;
	if (empty) return { srsId, geometry: null };
	const start = 8 + ENVELOPE_BYTES[envelopeKind];
	if (start >= blob.byteLength) throw new GeometryDecodeError('situation.geometry_truncated');
	return { srsId, geometry: decodeWkb(blob, start) };
}

// ---------------------------------------------------------------------------------------
// The SQLite file
// ---------------------------------------------------------------------------------------

let sqlJs: Promise<SqlJsStatic> | null = null;

/**
 * The wasm binary is read from the installed package and handed over explicitly: the server
 * build keeps sql.js external, and this way no bundler or working directory decides where
 * Emscripten looks for it.
 */
function loadSqlJs(): Promise<SqlJsStatic> {
	sqlJs ??= (async () => {
		const require = createRequire(import.meta.url);
		const wasm = fs.readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'));
		return initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
	})();
	return sqlJs;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function rows(db: Database, sql: string, params: SqlValue[] = []): Record<string, SqlValue>[] {
	const statement = db.prepare(sql);
	try {
		statement.bind(params);
		const out: Record<string, SqlValue>[] = [];
		while (statement.step()) out.push(statement.getAsObject());
		return out;
	} finally {
		statement.free();
	}
}

/** EPSG code of a GeoPackage srs_id, from gpkg_spatial_ref_sys (organisation and its code). */
function epsgOf(db: Database, srsId: number): { epsg: number | null; name: string } {
	const [row] = rows(db, 'select srs_name, organization, organization_coordsys_id, definition from gpkg_spatial_ref_sys where srs_id = ?', [srsId]);
	if (!row) return { epsg: null, name: `srs_id ${srsId}` };
	const name = String(row.srs_name ?? '') || `srs_id ${srsId}`;
	if (String(row.organization ?? '').toUpperCase() === 'EPSG') return { epsg: Number(row.organization_coordsys_id), name };
	// Some writers leave the organisation blank but put the authority in the WKT definition.
	const authority = String(row.definition ?? '').match(/(?:AUTHORITY\["EPSG",\s*"(\d+)"\]|ID\["EPSG",\s*(\d+)\])\]\s*$/);
	return { epsg: authority ? Number(authority[1] ?? authority[2]) : null, name };
}

export interface GeoPackageFeatures {
	epsg: 3006 | 4326;
	layers: string[];
	features: { geometry: Geometry | null; properties: Record<string, unknown>; problem?: CodedReason }[];
}

/** Every polygon feature of every feature layer (all in one CRS), properties as the columns say. */
export async function readGeoPackageFeatures(data: Uint8Array): Promise<GeoPackageFeatures> {
	if (data.byteLength < 100 || new TextDecoder().decode(data.subarray(0, 16)) !== SQLITE_MAGIC) throw new AreaFileError('situation.geopackage_not_sqlite');
	const SQL = await loadSqlJs();
	let db: Database;
	try {
		db = new SQL.Database(data);
	} catch {
		throw new AreaFileError('situation.geopackage_unopenable');
	}
	try {
		let layers: { table_name: string; column_name: string; srs_id: number }[];
		const systemTables = rows(db, `select name, type from sqlite_master where name in ('gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys')`);
		if (systemTables.some((t) => t.type !== 'table')) throw new AreaFileError('situation.geopackage_system_tables');
		try {
			layers = rows(
				db,
				`select g.table_name, g.column_name, g.srs_id from gpkg_geometry_columns g
				 join gpkg_contents c on c.table_name = g.table_name where c.data_type = 'features' order by g.table_name`
			) as typeof layers;
		} catch {
			throw new AreaFileError('situation.geopackage_no_contents');
		}
		if (layers.length === 0) throw new AreaFileError('situation.geopackage_no_layers');
		// Only real tables are read: a view (a recursive one runs for as long as it likes) or a virtual table is refused.
		const kinds = new Map(rows(db, `select name, type, sql from sqlite_master`).map((r) => [String(r.name), r]));
		for (const layer of layers) {
			const entry = kinds.get(layer.table_name);
			if (entry?.type !== 'table' || /^\s*create\s+virtual/i.test(String(entry.sql ?? '')))
				throw new AreaFileError('situation.geopackage_layer_not_table', { layer: layer.table_name });
		}
		const total = layers.reduce((n, layer) => n + Number(rows(db, `select count(*) as n from ${quoteIdent(layer.table_name)}`)[0]?.n ?? 0), 0);
		if (total > FILE_LIMITS.geoPackageRows) throw limitErrors.geoPackageRows();
		const systems = new Map(layers.map((l) => [Number(l.srs_id), epsgOf(db, Number(l.srs_id))]));
		for (const { epsg, name } of systems.values())
			if (epsg !== 3006 && epsg !== 4326) throw new AreaFileError('situation.areas_crs_unsupported', { system: epsg ? `EPSG:${epsg}` : name });
		const epsgs = new Set([...systems.values()].map((s) => s.epsg));
		if (epsgs.size > 1) throw new AreaFileError('situation.geopackage_mixed_crs');
		const features: GeoPackageFeatures['features'] = [];
		for (const layer of layers) {
			for (const row of rows(db, `select * from ${quoteIdent(layer.table_name)}`)) {
				const properties: Record<string, unknown> = {};
				for (const [key, value] of Object.entries(row)) if (key !== layer.column_name && !(value instanceof Uint8Array)) properties[key] = value;
				const blob = row[layer.column_name];
				if (!(blob instanceof Uint8Array)) {
					features.push({ geometry: null, properties, problem: codedReason('situation.geometry_missing') });
					continue;
				}
				try {
					features.push({ geometry: decodeGeoPackageGeometry(blob).geometry, properties });
				} catch (error) {
					features.push({
						geometry: null,
						properties,
						problem: error instanceof GeometryDecodeError ? error.reason : codedReason('situation.geometry_unreadable')
					});
				}
			}
		}
		return { epsg: [...epsgs][0] as 3006 | 4326, layers: layers.map((l) => l.table_name), features };
	} catch (error) {
		if (error instanceof AreaFileError || error instanceof FileReadError) throw error;
		throw new AreaFileError('situation.geopackage_unreadable', { reason: error instanceof Error ? error.message : String(error) });
	} finally {
		db.close();
	}
}

/** A GeoPackage's areas, read in a parse worker (an SQLite file can make a query run for ever). */
export function parseAreaGeoPackage(data: Uint8Array, options: AreaFileOptions): Promise<AreaFileResult> {
	return runParseJob('area-file', { data, format: 'gpkg', options });
}

/** A GeoPackage's areas, through the same rules as GeoJSON; undecodable geometries are skipped with the reason. In the calling thread. */
export async function parseAreaGeoPackageInProcess(data: Uint8Array, options: AreaFileOptions): Promise<AreaFileResult> {
	const decoded = await readGeoPackageFeatures(data);
	const result = areasFromFeatures(decoded.features, decoded.epsg, options);
	// The shared path says only "no polygon" for a missing geometry; say what the decoder found.
	const skipped = result.skipped.map((s) => {
		const problem = decoded.features[s.feature - 1]?.problem;
		return problem ? { ...s, ...problem } : s;
	});
	return { ...result, skipped };
}
