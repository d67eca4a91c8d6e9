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
		for (const ring of polygon) for (let i = 0; i < ring.length - 2; i += 2) if (onSegment(ring[i], ring[i + 1], ring[i + 2], ring[i + 3], px, py)) return true;
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

/**
 * One shape ready for fast tests: its edges in horizontal bands, so a test reads only the edges
 * that can cross the point's row (a municipality boundary has thousands of vertices).
 */
interface BandedShape {
	minX: number;
	minY: number;
	maxX: number;
	maxY: number;
	bandHeight: number;
	/** Per band, where its edges start in `bandEdges` (bands + 1 entries). */
	bandStart: Int32Array;
	bandEdges: Int32Array;
	/** x1, y1, x2, y2 per edge. */
	edges: Float64Array;
	/** The polygon of each edge: holes flip the parity of their own polygon only. */
	edgePolygon: Int32Array;
	polygons: number;
}

function bandShape(shape: PreparedShape): BandedShape {
	const [minX, minY, maxX, maxY] = shape.bbox;
	let edgeCount = 0;
	for (const polygon of shape.polygons) for (const ring of polygon) edgeCount += Math.max(0, ring.length / 2 - 1);
	const edges = new Float64Array(edgeCount * 4);
	const edgePolygon = new Int32Array(edgeCount);
	let e = 0;
	shape.polygons.forEach((polygon, p) => {
		for (const ring of polygon)
			for (let i = 0; i < ring.length - 2; i += 2) {
				edges.set([ring[i], ring[i + 1], ring[i + 2], ring[i + 3]], e * 4);
				edgePolygon[e++] = p;
			}
	});
	const bands = Math.max(1, Math.min(4096, Math.ceil(edgeCount / 8)));
	const bandHeight = Math.max((maxY - minY) / bands, Number.MIN_VALUE);
	const bandOf = (y: number) => Math.min(bands - 1, Math.max(0, Math.floor((y - minY) / bandHeight)));
	const counts = new Int32Array(bands + 1);
	for (let i = 0; i < edgeCount; i++) {
		const [lo, hi] = [Math.min(edges[i * 4 + 1], edges[i * 4 + 3]), Math.max(edges[i * 4 + 1], edges[i * 4 + 3])];
		for (let b = bandOf(lo); b <= bandOf(hi); b++) counts[b + 1]++;
	}
	for (let b = 0; b < bands; b++) counts[b + 1] += counts[b];
	const bandStart = counts.slice();
	const fill = counts.slice();
	const bandEdges = new Int32Array(bandStart[bands]);
	for (let i = 0; i < edgeCount; i++) {
		const [lo, hi] = [Math.min(edges[i * 4 + 1], edges[i * 4 + 3]), Math.max(edges[i * 4 + 1], edges[i * 4 + 3])];
		for (let b = bandOf(lo); b <= bandOf(hi); b++) bandEdges[fill[b]++] = i;
	}
	return { minX, minY, maxX, maxY, bandHeight, bandStart, bandEdges, edges, edgePolygon, polygons: shape.polygons.length };
}

/**
 * A static index over many shapes: a uniform grid of the shapes' bounding boxes (a point query
 * is one cell, no allocation), then the banded crossing test. `containing(x, y)` gives the
 * indexes of every shape holding the point, by the same half-open rule as containsPoint.
 */
export class ShapeIndex {
	private readonly banded: BandedShape[];
	private readonly minX: number = 0;
	private readonly minY: number = 0;
	private readonly cellW: number = 1;
	private readonly cellH: number = 1;
	private readonly cols: number = 0;
	private readonly rows: number = 0;
	private readonly cellStart: Int32Array = new Int32Array(1);
	private readonly cellShapes: Int32Array = new Int32Array(0);
	private parity = new Uint8Array(1);
	private readonly found: Int32Array;

	constructor(readonly shapes: PreparedShape[]) {
		this.banded = shapes.map(bandShape);
		this.found = new Int32Array(Math.max(1, shapes.length));
		this.parity = new Uint8Array(Math.max(1, ...this.banded.map((b) => b.polygons)));
		const usable = this.banded.filter((b) => b.minX <= b.maxX && b.minY <= b.maxY);
		if (usable.length === 0) return;
		const minX = Math.min(...usable.map((b) => b.minX));
		const minY = Math.min(...usable.map((b) => b.minY));
		const maxX = Math.max(...usable.map((b) => b.maxX));
		const maxY = Math.max(...usable.map((b) => b.maxY));
		// About four cells per shape: few candidates per cell, and the grid stays small.
		const side = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(shapes.length * 4))));
		this.minX = minX;
		this.minY = minY;
		this.cols = side;
		this.rows = side;
		this.cellW = Math.max((maxX - minX) / side, Number.MIN_VALUE);
		this.cellH = Math.max((maxY - minY) / side, Number.MIN_VALUE);
		const counts = new Int32Array(side * side + 1);
		const span = (b: BandedShape) => [this.col(b.minX), this.col(b.maxX), this.row(b.minY), this.row(b.maxY)] as const;
		this.banded.forEach((b) => {
			if (b.minX > b.maxX) return;
			const [c0, c1, r0, r1] = span(b);
			for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) counts[r * side + c + 1]++;
		});
		for (let i = 0; i < side * side; i++) counts[i + 1] += counts[i];
		this.cellStart = counts.slice();
		const fill = counts.slice();
		this.cellShapes = new Int32Array(this.cellStart[side * side]);
		this.banded.forEach((b, i) => {
			if (b.minX > b.maxX) return;
			const [c0, c1, r0, r1] = span(b);
			for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) this.cellShapes[fill[r * side + c]++] = i;
		});
	}

	private col(x: number) {
		return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.minX) / this.cellW)));
	}

	private row(y: number) {
		return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.minY) / this.cellH)));
	}

	private holds(b: BandedShape, px: number, py: number): boolean {
		if (px < b.minX || px > b.maxX || py < b.minY || py > b.maxY) return false;
		const band = Math.min(b.bandStart.length - 2, Math.floor((py - b.minY) / b.bandHeight));
		const { edges, bandEdges, edgePolygon } = b;
		const parity = this.parity;
		parity.fill(0, 0, b.polygons);
		for (let k = b.bandStart[band], end = b.bandStart[band + 1]; k < end; k++) {
			const e = bandEdges[k] * 4;
			const y1 = edges[e + 1];
			const y2 = edges[e + 3];
			if (y1 <= py !== y2 <= py) {
				const x1 = edges[e];
				const cross = (edges[e + 2] - x1) * (py - y1) - (px - x1) * (y2 - y1);
				if (y2 > y1 ? cross > 0 : cross < 0) parity[edgePolygon[bandEdges[k]]] ^= 1;
			}
		}
		for (let p = 0; p < b.polygons; p++) if (parity[p]) return true;
		return false;
	}

	/** Writes the indexes of the shapes holding the point into an internal buffer (ascending); returns how many. */
	private collect(x: number, y: number): number {
		if (this.cols === 0 || x < this.minX || y < this.minY) return 0;
		const c = Math.floor((x - this.minX) / this.cellW);
		const r = Math.floor((y - this.minY) / this.cellH);
		// A point on the grid's far edge still belongs to the last cell.
		const cell = Math.min(r, this.rows - 1) * this.cols + Math.min(c, this.cols - 1);
		if (c > this.cols || r > this.rows) return 0;
		let n = 0;
		for (let k = this.cellStart[cell], end = this.cellStart[cell + 1]; k < end; k++) {
			const i = this.cellShapes[k];
			if (this.holds(this.banded[i], x, y)) this.found[n++] = i;
		}
		return n;
	}

	containing(x: number, y: number): number[] {
		const n = this.collect(x, y);
		return Array.from(this.found.subarray(0, n));
	}

	/**
	 * The same as `containing`, keyed for reuse: calls `label` once per distinct set of shapes
	 * and returns its cached result (a million points fall into a few thousand such sets).
	 */
	labeller<T>(label: (indexes: number[]) => T): (x: number, y: number) => T {
		const cache = new Map<number | string, T>();
		const width = this.shapes.length + 1;
		return (x, y) => {
			const n = this.collect(x, y);
			const f = this.found;
			const key = n === 0 ? -1 : n === 1 ? f[0] : n === 2 ? width + f[0] * width + f[1] : Array.from(f.subarray(0, n)).join(',');
			let value = cache.get(key);
			if (value === undefined) {
				value = label(Array.from(f.subarray(0, n)));
				cache.set(key, value);
			}
			return value;
		};
	}
}
