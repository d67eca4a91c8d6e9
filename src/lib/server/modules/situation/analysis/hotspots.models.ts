import type { Bbox, Position } from '../areas/spatial.models';

/**
 * Density grids and hot spots of the lägesbild map, in plain TypeScript on SWEREF 99 TM metres:
 * events binned into squares or hexagons, and Getis-Ord Gi* with binary contiguity weights
 * (the cell itself and its touching neighbours) to say which clusters are more than chance.
 * No I/O and no map library here.
 */

export const GRID_SHAPES = ['ruta', 'hex'] as const;
export type GridShape = (typeof GRID_SHAPES)[number];
/** Cell sizes offered (metres): the side of a square, the distance between hexagon centres. */
export const GRID_SIZES = [100, 250, 500, 1000, 2000] as const;

export interface GridSpec {
	shape: GridShape;
	/** Metres; a multiple of 10 so squares line up with the 10 m pre-aggregation in the database. */
	size: number;
}

/** A cell's integer address: column and row for squares, axial q and r for hexagons. */
export type CellAddress = [number, number];

export const cellKey = (i: number, j: number) => `${i}:${j}`;

/** Pointy-top hexagons: the circumradius from the distance between neighbouring centres. */
const hexRadius = (size: number) => size / Math.sqrt(3);

/** The cell containing a point. */
export function cellOf(spec: GridSpec, easting: number, northing: number): CellAddress {
	if (spec.shape === 'ruta') return [Math.floor(easting / spec.size), Math.floor(northing / spec.size)];
	const s = hexRadius(spec.size);
	const q = ((Math.sqrt(3) / 3) * easting - northing / 3) / s;
	const r = ((2 / 3) * northing) / s;
	return hexRound(q, r);
}

/** Rounds fractional axial coordinates to the nearest hexagon (through cube coordinates). */
function hexRound(q: number, r: number): CellAddress {
	const x = q;
	const z = r;
	const y = -x - z;
	let rx = Math.round(x);
	const ry = Math.round(y);
	let rz = Math.round(z);
	const dx = Math.abs(rx - x);
	const dy = Math.abs(ry - y);
	const dz = Math.abs(rz - z);
	if (dx > dy && dx > dz) rx = -ry - rz;
	else if (dy <= dz) rz = -rx - ry;
	return [rx + 0, rz + 0];
}

export function cellCentre(spec: GridSpec, [i, j]: CellAddress): Position {
	if (spec.shape === 'ruta') return [(i + 0.5) * spec.size, (j + 0.5) * spec.size];
	const s = hexRadius(spec.size);
	return [s * Math.sqrt(3) * (i + j / 2), s * 1.5 * j];
}

/** The cell's outline as a closed ring, counter-clockwise, in metres. */
export function cellRing(spec: GridSpec, address: CellAddress): Position[] {
	if (spec.shape === 'ruta') {
		const [i, j] = address;
		const [x0, y0, x1, y1] = [i * spec.size, j * spec.size, (i + 1) * spec.size, (j + 1) * spec.size];
		return [
			[x0, y0],
			[x1, y0],
			[x1, y1],
			[x0, y1],
			[x0, y0]
		];
	}
	const [cx, cy] = cellCentre(spec, address);
	const s = hexRadius(spec.size);
	const ring: Position[] = [];
	for (let k = 0; k < 6; k++) {
		const angle = ((60 * k - 30) * Math.PI) / 180;
		ring.push([cx + s * Math.cos(angle), cy + s * Math.sin(angle)]);
	}
	ring.push(ring[0]);
	return ring;
}

const HEX_DIRECTIONS: CellAddress[] = [
	[1, 0],
	[1, -1],
	[0, -1],
	[-1, 0],
	[-1, 1],
	[0, 1]
];

/** The cell and every cell touching it (queen contiguity for squares, the six sides of a hexagon). */
export function neighbourhood(spec: GridSpec, [i, j]: CellAddress): CellAddress[] {
	if (spec.shape === 'hex') return [[i, j], ...HEX_DIRECTIONS.map(([di, dj]) => [i + di, j + dj] as CellAddress)];
	const out: CellAddress[] = [];
	for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) out.push([i + di, j + dj]);
	return out;
}

/** Every cell whose centre lies in the extent (and, when given, inside the study region). */
export function cellsCovering(spec: GridSpec, extent: Bbox, inside?: (easting: number, northing: number) => boolean): CellAddress[] {
	const [minE, minN, maxE, maxN] = extent;
	const out: CellAddress[] = [];
	const keep = (address: CellAddress) => {
		const [e, n] = cellCentre(spec, address);
		if (e >= minE && e <= maxE && n >= minN && n <= maxN && (!inside || inside(e, n))) out.push(address);
	};
	if (spec.shape === 'ruta') {
		for (let i = Math.floor(minE / spec.size); i <= Math.floor(maxE / spec.size); i++)
			for (let j = Math.floor(minN / spec.size); j <= Math.floor(maxN / spec.size); j++) keep([i, j]);
		return out;
	}
	const s = hexRadius(spec.size);
	const rowStep = s * 1.5;
	const colStep = s * Math.sqrt(3);
	for (let j = Math.floor(minN / rowStep) - 1; j <= Math.ceil(maxN / rowStep) + 1; j++)
		for (let i = Math.floor(minE / colStep - j / 2) - 1; i <= Math.ceil(maxE / colStep - j / 2) + 1; i++) keep([i, j]);
	return out;
}

/** How many cells an extent needs at this size (for choosing a coarser size before binning). */
export function estimatedCells(spec: GridSpec, extent: Bbox): number {
	const area = Math.max(0, extent[2] - extent[0]) * Math.max(0, extent[3] - extent[1]);
	const cellArea = spec.shape === 'ruta' ? spec.size * spec.size : (Math.sqrt(3) / 2) * spec.size * spec.size;
	return Math.ceil(area / cellArea);
}

/** The smallest offered size at or above the wanted one that keeps the grid under `maxCells`. */
export function fittingSize(spec: GridSpec, extent: Bbox, maxCells: number): number {
	let size = spec.size;
	while (estimatedCells({ ...spec, size }, extent) > maxCells) size *= 2;
	return size;
}

/** Weighted points (a count at a position) binned into cells: key → count. */
export function binPoints(
	spec: GridSpec,
	points: Iterable<{ easting: number; northing: number; count: number }>
): Map<string, { address: CellAddress; count: number }> {
	const cells = new Map<string, { address: CellAddress; count: number }>();
	for (const p of points) {
		const address = cellOf(spec, p.easting, p.northing);
		const key = cellKey(...address);
		const cell = cells.get(key);
		if (cell) cell.count += p.count;
		else cells.set(key, { address, count: p.count });
	}
	return cells;
}

/**
 * Getis-Ord Gi* for every cell with binary weights: `neighbours[i]` lists the indexes of the
 * cells in i's neighbourhood, i itself included (that is the star). Returns z-scores; NaN
 * where it is undefined (all values equal, or fewer than two cells).
 *
 *   Gi* = (Σj wij xj − X̄ Σj wij) / (S √((n Σj wij² − (Σj wij)²) / (n − 1)))
 *   X̄ = Σ xj / n,  S = √(Σ xj² / n − X̄²)
 */
export function getisOrdGiStar(values: readonly number[], neighbours: readonly (readonly number[])[]): number[] {
	const n = values.length;
	if (n < 2) return values.map(() => Number.NaN);
	let sum = 0;
	let sumSquares = 0;
	for (const x of values) {
		sum += x;
		sumSquares += x * x;
	}
	const mean = sum / n;
	const variance = sumSquares / n - mean * mean;
	const s = Math.sqrt(Math.max(0, variance));
	return neighbours.map((list) => {
		if (s === 0 || variance <= 1e-12 * Math.max(1, mean * mean)) return Number.NaN;
		let local = 0;
		for (const j of list) local += values[j];
		// Binary weights: Σ wij = Σ wij² = the size of the neighbourhood.
		const w = list.length;
		const denominator = s * Math.sqrt((n * w - w * w) / (n - 1));
		return denominator > 0 ? (local - mean * w) / denominator : Number.NaN;
	});
}

export type HotSpotKind = 'hot' | 'cold';
export type Confidence = 99 | 95 | 90;

export interface Significance {
	kind: HotSpotKind | null;
	confidence: Confidence | null;
}

/** Two-sided critical values of the standard normal distribution. */
export const CRITICAL_Z: Record<Confidence, number> = { 99: 2.576, 95: 1.96, 90: 1.645 };

export function significanceOf(z: number): Significance {
	if (!Number.isFinite(z)) return { kind: null, confidence: null };
	const magnitude = Math.abs(z);
	const confidence = ([99, 95, 90] as const).find((c) => magnitude >= CRITICAL_Z[c]) ?? null;
	return confidence ? { kind: z > 0 ? 'hot' : 'cold', confidence } : { kind: null, confidence: null };
}

/** One class number per significance for maps and legends: −3 cold 99 % … 0 not significant … 3 hot 99 %. */
export function significanceClass(significance: Significance): number {
	if (!significance.kind || !significance.confidence) return 0;
	const level = significance.confidence === 99 ? 3 : significance.confidence === 95 ? 2 : 1;
	return significance.kind === 'hot' ? level : -level;
}

export interface GridCell {
	address: CellAddress;
	centre: Position;
	count: number;
	z: number | null;
	significance: Significance;
}

export interface HotSpotGrid {
	spec: GridSpec;
	cells: GridCell[];
	/** Cells in the analysis, including the empty ones (they matter to Gi*). */
	cellCount: number;
	eventCount: number;
}

/**
 * Bins the events into the cells of the study region and tests every cell with Gi*. Cells with
 * events outside the region are kept (an event on the edge still counts); empty cells inside it
 * take part with zero. `cells` lists only cells with events or a significant result.
 */
export function hotSpots(
	spec: GridSpec,
	points: Iterable<{ easting: number; northing: number; count: number }>,
	region: { extent: Bbox; inside?: (easting: number, northing: number) => boolean } | null
): HotSpotGrid {
	// Numeric keys: a municipality at 500 m is ~12 000 cells with 7–9 neighbour look-ups each.
	const all = new Map<number, { address: CellAddress; count: number }>();
	if (region) for (const address of cellsCovering(spec, region.extent, region.inside)) all.set(numericKey(address), { address, count: 0 });
	for (const p of points) {
		const address = cellOf(spec, p.easting, p.northing);
		const key = numericKey(address);
		const cell = all.get(key);
		if (cell) cell.count += p.count;
		else all.set(key, { address, count: p.count });
	}
	const list = [...all.values()];
	const indexOf = new Map<number, number>();
	list.forEach((cell, i) => indexOf.set(numericKey(cell.address), i));
	const neighbours = list.map((cell) => {
		const found: number[] = [];
		for (const a of neighbourhood(spec, cell.address)) {
			const i = indexOf.get(numericKey(a));
			if (i !== undefined) found.push(i);
		}
		return found;
	});
	const z = getisOrdGiStar(
		list.map((c) => c.count),
		neighbours
	);
	const cells: GridCell[] = [];
	let eventCount = 0;
	list.forEach((cell, i) => {
		eventCount += cell.count;
		const significance = significanceOf(z[i]);
		if (cell.count > 0 || significance.kind)
			cells.push({
				address: cell.address,
				centre: cellCentre(spec, cell.address),
				count: cell.count,
				z: Number.isFinite(z[i]) ? Math.round(z[i] * 100) / 100 : null,
				significance
			});
	});
	cells.sort((a, b) => (b.z ?? -Infinity) - (a.z ?? -Infinity) || b.count - a.count);
	return { spec, cells, cellCount: list.length, eventCount };
}

/** Column and row folded into one safe integer (|i|, |j| below 2^20: cells of 10 m over 10 000 km). */
const numericKey = ([i, j]: CellAddress) => (i + 1_048_576) * 2_097_152 + (j + 1_048_576);
