import type { Bbox, Position } from './spatial';

/**
 * Square and hexagon grids in plain TypeScript on planar metres (SWEREF 99 TM): the cell of a
 * point, a cell's outline and neighbours, the cells covering an extent, points binned into cells.
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
