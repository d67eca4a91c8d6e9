import { AppError, codedReason, type CodedReason, type ErrorParams } from '../../../platform/errors';
import { assertJsonDepth } from '../../../platform/files/json';
import { FILE_LIMITS, limitErrors } from '../../../platform/files/limits';
import type { AreaKind } from '../situation.models';
import {
	bboxOf,
	looksLikeSweref,
	mapGeometry,
	polygonsOf,
	swerefToWgs84,
	wgs84ToSweref,
	type Bbox,
	type Geometry,
	type Position
} from '../../../platform/geo/spatial';

/**
 * Reads area boundaries from GeoJSON (SCB's DeSO/RegSO files of 2018 and 2025, or the
 * municipality's own areas) in EPSG:3006 or EPSG:4326. Pure: bytes in, areas and reasons out.
 */

export interface ImportedArea {
	kind: AreaKind;
	code: string;
	name: string;
	/** RegSO code of a DeSO, when the file says. */
	parentCode: string | null;
	municipalityCode: string | null;
	sourceEpsg: 3006 | 4326;
	sourceGeometry: Geometry;
	/** WGS84, for maps. */
	geometry: Geometry;
	/** SWEREF 99 TM, for assigning events (metres, planar). */
	planar: Geometry;
	bbox: Bbox;
	population: { year: number; population: number } | null;
}

export interface SkippedFeature extends CodedReason {
	feature: number;
}

export interface AreaFileResult {
	epsg: 3006 | 4326;
	areas: ImportedArea[];
	skipped: SkippedFeature[];
	/** Features in other municipalities (a national file), left out silently but counted. */
	otherMunicipalities: number;
	/** The features' properties with plain values, for the user to choose name and code from. */
	properties: string[];
}

export interface AreaFileOptions {
	municipalityCode: string;
	kind?: AreaKind | 'auto';
	year?: number;
	/** The property holding an own area's name, as the user chose it (any spelling the file has); null: the usual names. */
	nameProperty?: string | null;
	/** The property holding an own area's code; null: the name is the code. */
	codeProperty?: string | null;
}

/** Property names the importer reads an own area's name from when the user has not chosen one. */
export const USUAL_NAME_PROPERTIES = ['namn', 'name', 'omrade', 'område', 'title'] as const;

/** The properties with plain values, in first-seen order (the first features are enough to know a file's columns). */
function propertyNames(features: { properties?: Props | null }[]): string[] {
	const names: string[] = [];
	for (const feature of features.slice(0, 200)) {
		const props = feature.properties && typeof feature.properties === 'object' ? feature.properties : {};
		for (const [key, value] of Object.entries(props)) if (text(value) !== '' && !names.includes(key) && names.length < 100) names.push(key);
	}
	return names;
}

/** An area file that cannot be read as one: coded, so its message is in the reader's language. */
export class AreaFileError extends AppError {
	constructor(code: string, params: ErrorParams = {}) {
		super(code, 400, params);
		this.name = 'AreaFileError';
	}
}

type Props = Record<string, unknown>;

// Only plain values: an object from the file could even make String() throw (a "toString" key).
const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v).trim() : '');
function prop(props: Props, ...names: string[]): string {
	const lower = new Map(Object.entries(props).map(([k, v]) => [k.toLowerCase(), v]));
	for (const n of names) {
		const v = text(lower.get(n));
		if (v) return v;
	}
	return '';
}

function declaredEpsg(collection: { crs?: { properties?: { name?: string } } }): 3006 | 4326 | null {
	const raw: unknown = collection.crs?.properties?.name;
	const name = typeof raw === 'string' ? raw : '';
	if (/3006/.test(name)) return 3006;
	if (/4326|CRS84/i.test(name)) return 4326;
	if (name) throw new AreaFileError('situation.areas_crs_unsupported', { system: name });
	return null;
}

function firstPosition(geometry: Geometry): Position | null {
	return polygonsOf(geometry)[0]?.[0]?.[0] ?? null;
}

const isRing = (r: unknown): r is unknown[] => Array.isArray(r) && r.length >= 4;

function validGeometry(g: unknown): g is Geometry {
	if (!g || typeof g !== 'object') return false;
	const { type, coordinates } = g as { type?: string; coordinates?: unknown };
	if (type === 'Polygon') return Array.isArray(coordinates) && coordinates.length > 0 && coordinates.every(isRing);
	if (type === 'MultiPolygon')
		return Array.isArray(coordinates) && coordinates.length > 0 && coordinates.every((p) => Array.isArray(p) && p.length > 0 && p.every(isRing));
	return false;
}

const isPosition = (p: unknown): boolean =>
	Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** Every corner is a pair of finite numbers (a string or null among them would fail deep in reprojection); counts them against the cap. */
function validPositions(geometry: Geometry, count: { vertices: number }): boolean {
	for (const polygon of polygonsOf(geometry))
		for (const ring of polygon) {
			count.vertices += ring.length;
			if (count.vertices > FILE_LIMITS.geoJsonVertices) throw limitErrors.vertices();
			if (!ring.every(isPosition)) return false;
		}
	return true;
}

/** Rounds WGS84 to ~1 m: more digits only make the stored geometry and the map bigger. */
const round6 = ([x, y]: Position): Position => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];

export function parseAreaGeoJson(input: string, options: AreaFileOptions): AreaFileResult {
	let collection: { type?: string; features?: { geometry?: unknown; properties?: Props | null }[]; crs?: { properties?: { name?: string } } };
	assertJsonDepth(input);
	try {
		collection = JSON.parse(input.replace(/^\ufeff/, ''));
	} catch {
		throw new AreaFileError('situation.areas_not_json');
	}
	if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features) || !collection.features.every((f) => f && typeof f === 'object'))
		throw new AreaFileError('situation.areas_not_feature_collection');
	let epsg = declaredEpsg(collection);
	if (epsg === null) {
		const sample = collection.features.map((f) => (validGeometry(f.geometry) ? firstPosition(f.geometry) : null)).find((p) => p && isPosition(p));
		epsg = sample && looksLikeSweref(sample) ? 3006 : 4326;
	}
	return areasFromFeatures(collection.features, epsg, options);
}

/**
 * The common path of every boundary format once decoded (GeoJSON, GeoPackage): SCB's
 * property names, the municipality filter, reprojection; the source geometry is kept.
 */
export function areasFromFeatures(features: { geometry?: unknown; properties?: Props | null }[], epsg: 3006 | 4326, options: AreaFileOptions): AreaFileResult {
	const chosenName = options.nameProperty?.trim().toLowerCase() || null;
	const chosenCode = options.codeProperty?.trim().toLowerCase() || null;
	const areas: ImportedArea[] = [];
	const skipped: SkippedFeature[] = [];
	let otherMunicipalities = 0;
	const seen = new Set<string>();
	const count = { vertices: 0 };
	features.forEach((feature, index) => {
		const number = index + 1;
		const props = feature.properties && typeof feature.properties === 'object' ? feature.properties : {};
		if (!validGeometry(feature.geometry)) {
			skipped.push({ feature: number, ...codedReason('situation.area_not_polygon') });
			return;
		}
		const desoCode = prop(props, 'desokod', 'deso');
		const regsoCode = prop(props, 'regsokod');
		const regsoName = prop(props, 'regsonamn', 'regso');
		const kommunCode = prop(props, 'kommunkod', 'kommun', 'kn_kod', 'kommunkod_2018');
		let kind: AreaKind;
		let code: string;
		let name: string;
		let parentCode: string | null = null;
		if (chosenName !== null) {
			// The user said which properties name the areas: the file's own areas, whatever else it holds.
			kind = 'egen';
			name = prop(props, chosenName);
			code = (chosenCode !== null ? prop(props, chosenCode) : '') || name;
			if (!name) {
				skipped.push({ feature: number, ...codedReason('situation.area_property_empty', { property: options.nameProperty ?? '' }) });
				return;
			}
		} else if (desoCode && options.kind !== 'egen') {
			kind = 'deso';
			code = desoCode;
			name = desoCode;
			parentCode = regsoCode || null;
			if (!/^\d{4}[A-C]\d{4}$/.test(code)) {
				skipped.push({ feature: number, ...codedReason('situation.area_deso_code_form', { code }) });
				return;
			}
		} else if (regsoCode && options.kind !== 'egen') {
			kind = 'regso';
			code = regsoCode;
			name = regsoName || regsoCode;
		} else if (kommunCode && /^\d{4}$/.test(kommunCode) && !prop(props, 'namn', 'name') && options.kind !== 'egen') {
			kind = 'kommun';
			code = kommunCode;
			name = prop(props, 'kommunnamn') || kommunCode;
		} else {
			kind = 'egen';
			name = prop(props, ...USUAL_NAME_PROPERTIES);
			code = prop(props, 'kod', 'code', 'id') || name;
			if (!name) {
				skipped.push({ feature: number, ...codedReason('situation.area_name_missing') });
				return;
			}
		}
		if (options.kind && options.kind !== 'auto' && options.kind !== kind) {
			skipped.push({ feature: number, ...codedReason('situation.area_kind_other', { code, kind, wanted: options.kind }) });
			return;
		}
		const municipalityOf =
			kind === 'deso' ? code.slice(0, 4) : kind === 'regso' ? kommunCode || code.slice(0, 4) : kind === 'kommun' ? code : kommunCode || null;
		if (municipalityOf && /^\d{4}$/.test(municipalityOf) && municipalityOf !== options.municipalityCode) {
			otherMunicipalities++;
			return;
		}
		const key = `${kind}\u0000${code}`;
		if (seen.has(key)) {
			skipped.push({ feature: number, ...codedReason('situation.area_code_repeated', { code }) });
			return;
		}
		seen.add(key);
		const source = feature.geometry;
		if (!validPositions(source, count)) {
			skipped.push({ feature: number, ...codedReason('situation.area_coordinates_invalid') });
			return;
		}
		const planar = epsg === 3006 ? source : mapGeometry(source, ([lon, lat]) => wgs84ToSweref(lon, lat));
		const geometry = mapGeometry(epsg === 4326 ? source : mapGeometry(source, ([e, n]) => swerefToWgs84(e, n)), round6);
		const populationText = prop(props, 'befolkning', 'folkmangd', 'folkmängd', 'population', 'invanare', 'invånare');
		const population = populationText && /^\d+$/.test(populationText.replace(/\s/g, '')) ? Number(populationText.replace(/\s/g, '')) : null;
		const yearText = prop(props, 'ar', 'år', 'year');
		areas.push({
			kind,
			code,
			name,
			parentCode,
			municipalityCode: municipalityOf,
			sourceEpsg: epsg,
			sourceGeometry: source,
			geometry,
			planar,
			bbox: bboxOf(geometry),
			population: population === null ? null : { year: /^\d{4}$/.test(yearText) ? Number(yearText) : (options.year ?? new Date().getFullYear()), population }
		});
	});
	return { epsg, areas, skipped, otherMunicipalities, properties: propertyNames(features) };
}
