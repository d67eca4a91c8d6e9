import Flatbush from 'flatbush';
import proj4 from 'proj4';

/**
 * Pure spatial code of the lägesbild: reprojection, a static index and point-in-polygon.
 * No PostGIS: the same TypeScript runs on PGlite and PostgreSQL.
 */

export const SWEREF99TM = 'EPSG:3006';
export const WGS84 = 'EPSG:4326';
proj4.defs(SWEREF99TM, '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs');

export type Position = [number, number];
/** Rings of one polygon: the first is the outer boundary, the rest are holes. */
export type PolygonCoords = Position[][];
export type MultiPolygonCoords = PolygonCoords[];
export type Geometry = { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: MultiPolygonCoords };
export type Bbox = [number, number, number, number];

const toWgs = proj4(SWEREF99TM, WGS84);

/** SWEREF 99 TM (easting, northing) → WGS84 [longitude, latitude]. */
export function swerefToWgs84(easting: number, northing: number): Position {
	return toWgs.forward([easting, northing]) as Position;
}

/** WGS84 (longitude, latitude) → SWEREF 99 TM [easting, northing]. */
export function wgs84ToSweref(longitude: number, latitude: number): Position {
	return toWgs.inverse([longitude, latitude]) as Position;
}

// The extent of Sweden in SWEREF 99 TM with a margin (Smygehuk ~6 133 000 N, Treriksröset ~7 671 000 N).
const SWEDEN_E = [255_000, 930_000] as const;
const SWEDEN_N = [6_125_000, 7_680_000] as const;
const SWEDEN_LON = [10.5, 24.3] as const;
const SWEDEN_LAT = [55.2, 69.1] as const;

const within = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;

export type CoordinateVerdict = { ok: true } | { ok: false; reason: 'swapped' | 'outside_sweden' };

export function checkSweref(easting: number, northing: number): CoordinateVerdict {
	if (within(easting, SWEDEN_E) && within(northing, SWEDEN_N)) return { ok: true };
	if (within(northing, SWEDEN_E) && within(easting, SWEDEN_N)) return { ok: false, reason: 'swapped' };
	return { ok: false, reason: 'outside_sweden' };
}

export function checkWgs84(latitude: number, longitude: number): CoordinateVerdict {
	if (within(latitude, SWEDEN_LAT) && within(longitude, SWEDEN_LON)) return { ok: true };
	if (within(longitude, SWEDEN_LAT) && within(latitude, SWEDEN_LON)) return { ok: false, reason: 'swapped' };
	return { ok: false, reason: 'outside_sweden' };
}

/** Guesses the CRS of coordinates without a declaration: metres are far larger than degrees. */
export function looksLikeSweref(sample: Position): boolean {
	return Math.abs(sample[0]) > 1000 || Math.abs(sample[1]) > 1000;
}

export function mapGeometry(geometry: Geometry, fn: (p: Position) => Position): Geometry {
	if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => ring.map(fn)) };
	return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map((ring) => ring.map(fn))) };
}

export function polygonsOf(geometry: Geometry): MultiPolygonCoords {
	return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function bboxOf(geometry: Geometry): Bbox {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const polygon of polygonsOf(geometry))
		for (const [x, y] of polygon[0] ?? []) {
			if (x < minX) minX = x;
			if (y < minY) minY = y;
			if (x > maxX) maxX = x;
			if (y > maxY) maxY = y;
		}
	return [minX, minY, maxX, maxY];
}

/** Rings flattened to typed arrays once, so a million tests do not chase nested arrays. */
export interface PreparedShape {
	bbox: Bbox;
	/** Per polygon, per ring: [x0, y0, x1, y1, …] with the closing point repeated. */
	polygons: Float64Array[][];
}

export function prepareShape(geometry: Geometry): PreparedShape {
	return {
		bbox: bboxOf(geometry),
		polygons: polygonsOf(geometry).map((polygon) =>
			polygon.map((ring) => {
				const closed = ring.length > 0 && (ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1]) ? [...ring, ring[0]] : ring;
				const flat = new Float64Array(closed.length * 2);
				closed.forEach(([x, y], i) => {
					flat[2 * i] = x;
					flat[2 * i + 1] = y;
				});
				return flat;
			})
		)
	};
}

/**
 * Crossing number with the half-open rule (an edge owns its lower end, not its upper; a point
 * owns the space to its right). Areas that share an edge, like DeSO, therefore get a point on
 * that edge exactly once: never twice, never lost.
 */
function crossings(ring: Float64Array, px: number, py: number): number {
	let inside = 0;
	for (let i = 0; i < ring.length - 2; i += 2) {
		const x1 = ring[i];
		const y1 = ring[i + 1];
		const x2 = ring[i + 2];
		const y2 = ring[i + 3];
		if (y1 <= py !== y2 <= py) {
			// The sign test avoids the division: is the point left of the edge, as seen upwards?
			const cross = (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1);
			if (y2 > y1 ? cross > 0 : cross < 0) inside ^= 1;
		}
	}
	return inside;
}

function onSegment(x1: number, y1: number, x2: number, y2: number, px: number, py: number): boolean {
	const cross = (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1);
	if (cross !== 0) return false;
	return px >= Math.min(x1, x2) && px <= Math.max(x1, x2) && py >= Math.min(y1, y2) && py <= Math.max(y1, y2);
}

function onBoundary(shape: PreparedShape, px: number, py: number): boolean {
	for (const polygon of shape.polygons)
		for (const ring of polygon)
			for (let i = 0; i < ring.length - 2; i += 2) if (onSegment(ring[i], ring[i + 1], ring[i + 2], ring[i + 3], px, py)) return true;
	return false;
}

/** Half-open containment: for assigning events to areas that tile the map. Holes are even-odd. */
export function containsPoint(shape: PreparedShape, px: number, py: number): boolean {
	const [minX, minY, maxX, maxY] = shape.bbox;
	if (px < minX || px > maxX || py < minY || py > maxY) return false;
	for (const polygon of shape.polygons) {
		let inside = 0;
		for (const ring of polygon) inside ^= crossings(ring, px, py);
		if (inside) return true;
	}
	return false;
}

/** Closed containment (the boundary counts as inside): for "is this point in the municipality at all". */
export function coversPoint(shape: PreparedShape, px: number, py: number): boolean {
	const [minX, minY, maxX, maxY] = shape.bbox;
	if (px < minX || px > maxX || py < minY || py > maxY) return false;
	return containsPoint(shape, px, py) || onBoundary(shape, px, py);
}

/** A static index over many shapes: `containing(x, y)` gives the indexes of every shape holding the point. */
export class ShapeIndex {
	private readonly index: Flatbush | null;
	private readonly found: number[] = [];

	constructor(readonly shapes: PreparedShape[]) {
		if (shapes.length === 0) {
			this.index = null;
			return;
		}
		this.index = new Flatbush(shapes.length);
		for (const shape of shapes) this.index.add(...shape.bbox);
		this.index.finish();
	}

	containing(x: number, y: number): number[] {
		if (!this.index) return [];
		const candidates = this.index.search(x, y, x, y);
		this.found.length = 0;
		for (const i of candidates) if (containsPoint(this.shapes[i], x, y)) this.found.push(i);
		return this.found.slice();
	}
}
