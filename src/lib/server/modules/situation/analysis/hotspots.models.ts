import type { Bbox, Position } from '../../../platform/geo/spatial';
import { cellCentre, cellOf, cellsCovering, neighbourhood, type CellAddress, type GridSpec } from '../../../platform/geo/grid';

/**
 * Hot spots of the lägesbild map: Getis-Ord Gi* with binary contiguity weights (the cell itself
 * and its touching neighbours) over the grid of platform/geo/grid, to say which clusters are more
 * than chance. No I/O and no map library here.
 */

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
