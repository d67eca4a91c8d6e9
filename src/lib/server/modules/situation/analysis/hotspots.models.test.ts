import { describe, expect, it } from 'vitest';
import { binPoints, cellCentre, cellOf, cellRing, cellsCovering, fittingSize, neighbourhood, type GridSpec } from '../../../platform/geo/grid';
import { getisOrdGiStar, hotSpots, significanceClass, significanceOf } from './hotspots.models';
import { seededRandom } from '../../../platform/seeded-random';

describe('Getis-Ord Gi*', () => {
	it('matches a small example computed by hand', () => {
		// Five cells in a row, each with itself and its touching cells as neighbours.
		// x = 1 2 3 4 10: X̄ = 4, Σx² = 130, S = √(130/5 − 16) = √10.
		// End cells have 2 neighbours, the others 3; for both √((5w − w²)/4) · S = √15, since
		// (10 − 4)/4 = (15 − 9)/4 = 1.5. So Gi* = (Σ wx − 4w) / √15:
		// cell 0: (3 − 8)/√15, cell 1: (6 − 12)/√15, cell 2: (9 − 12)/√15, cell 3: (17 − 12)/√15, cell 4: (14 − 8)/√15.
		const z = getisOrdGiStar(
			[1, 2, 3, 4, 10],
			[
				[0, 1],
				[0, 1, 2],
				[1, 2, 3],
				[2, 3, 4],
				[3, 4]
			]
		);
		const expected = [-5, -6, -3, 5, 6].map((v) => v / Math.sqrt(15));
		z.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 10));
		expect(z[4]).toBeCloseTo(1.549193, 6);
	});

	it('is undefined when every cell has the same value, or for a single cell', () => {
		expect(
			getisOrdGiStar(
				[3, 3, 3],
				[
					[0, 1],
					[0, 1, 2],
					[1, 2]
				]
			).every(Number.isNaN)
		).toBe(true);
		expect(getisOrdGiStar([3], [[0]]).every(Number.isNaN)).toBe(true);
	});

	it('classes z-scores at 90, 95 and 99 % confidence, hot and cold', () => {
		expect(significanceOf(3)).toEqual({ kind: 'hot', confidence: 99 });
		expect(significanceOf(2.0)).toEqual({ kind: 'hot', confidence: 95 });
		expect(significanceOf(1.7)).toEqual({ kind: 'hot', confidence: 90 });
		expect(significanceOf(1.6)).toEqual({ kind: null, confidence: null });
		expect(significanceOf(-1.7)).toEqual({ kind: 'cold', confidence: 90 });
		expect(significanceOf(-2.6)).toEqual({ kind: 'cold', confidence: 99 });
		expect(significanceOf(Number.NaN)).toEqual({ kind: null, confidence: null });
		expect([3, 2, 1.7, 0, -1.7, -2, -3].map((z) => significanceClass(significanceOf(z)))).toEqual([3, 2, 1, 0, -1, -2, -3]);
	});
});

describe('binning into squares and hexagons', () => {
	const square: GridSpec = { shape: 'ruta', size: 250 };
	const hex: GridSpec = { shape: 'hex', size: 250 };

	it('puts a point in the square whose corner is below and left of it, edges going up and right', () => {
		expect(cellOf(square, 533_010, 6_718_990)).toEqual([2132, 26875]);
		expect(cellOf(square, 533_250, 6_719_000)).toEqual([2133, 26876]);
		expect(cellCentre(square, [2132, 26875])).toEqual([533_125, 6_718_875]);
		expect(cellRing(square, [0, 0])).toEqual([
			[0, 0],
			[250, 0],
			[250, 250],
			[0, 250],
			[0, 0]
		]);
		const cells = binPoints(square, [
			{ easting: 10, northing: 10, count: 2 },
			{ easting: 240, northing: 240, count: 1 },
			{ easting: 260, northing: 10, count: 4 }
		]);
		expect([...cells.values()].map((c) => [c.address, c.count])).toEqual([
			[[0, 0], 3],
			[[1, 0], 4]
		]);
	});

	it('puts a point in the nearest hexagon centre, and hexagons tile without gaps', () => {
		const random = seededRandom(7);
		for (let k = 0; k < 2000; k++) {
			const [e, n] = [533_000 + random() * 5000, 6_718_000 + random() * 5000];
			const address = cellOf(hex, e, n);
			const [ce, cn] = cellCentre(hex, address);
			const own = Math.hypot(e - ce, n - cn);
			// No neighbouring centre is nearer than the chosen one.
			for (const other of neighbourhood(hex, address).slice(1)) {
				const [oe, on] = cellCentre(hex, other);
				expect(own).toBeLessThanOrEqual(Math.hypot(e - oe, n - on) + 1e-6);
			}
			// Centres of neighbours are one cell size apart; a point is never further than the circumradius.
			expect(own).toBeLessThanOrEqual(250 / Math.sqrt(3) + 1e-6);
		}
		const [c0, c1] = [cellCentre(hex, [0, 0]), cellCentre(hex, [1, 0])];
		expect(Math.hypot(c1[0] - c0[0], c1[1] - c0[1])).toBeCloseTo(250, 9);
		const [c2] = [cellCentre(hex, [0, 1])];
		expect(Math.hypot(c2[0] - c0[0], c2[1] - c0[1])).toBeCloseTo(250, 9);
		expect(cellRing(hex, [0, 0])).toHaveLength(7);
		expect(neighbourhood(hex, [0, 0])).toHaveLength(7);
		expect(neighbourhood(square, [0, 0])).toHaveLength(9);
	});

	it('covers an extent with the cells whose centres lie in it, and grows the size to keep the grid small', () => {
		expect(cellsCovering(square, [0, 0, 1000, 500])).toHaveLength(8);
		expect(cellsCovering(square, [0, 0, 1000, 500], (e) => e < 500)).toHaveLength(4);
		const hexCells = cellsCovering(hex, [0, 0, 1000, 1000]);
		// A hexagon of width 250 m covers 54 127 m²: about 18 in a square kilometre.
		expect(hexCells.length).toBeGreaterThanOrEqual(16);
		expect(hexCells.length).toBeLessThanOrEqual(24);
		expect(fittingSize(square, [0, 0, 60_000, 50_000], 20_000)).toBe(500);
		expect(fittingSize(square, [0, 0, 1000, 1000], 20_000)).toBe(250);
	});
});

describe('hot spots on known patterns', () => {
	const spec: GridSpec = { shape: 'ruta', size: 100 };
	const region = { extent: [0, 0, 2000, 2000] as [number, number, number, number] };
	const uniform = (random: () => number, count: number) =>
		Array.from({ length: count }, () => ({ easting: random() * 2000, northing: random() * 2000, count: 1 }));

	it('finds a cluster as a hot spot at 99 % and the empty surroundings of a dense field as cold', () => {
		const random = seededRandom(11);
		// 400 events spread over 4 km², and 60 more within 100 m of (1 450, 1 450).
		const points = [
			...uniform(random, 400),
			...Array.from({ length: 60 }, () => ({ easting: 1400 + random() * 100, northing: 1400 + random() * 100, count: 1 }))
		];
		const grid = hotSpots(spec, points, region);
		expect(grid.cellCount).toBe(400);
		expect(grid.eventCount).toBe(460);
		const cluster = grid.cells.find((c) => c.address[0] === 14 && c.address[1] === 14)!;
		expect(cluster.count).toBeGreaterThanOrEqual(60);
		expect(cluster.significance).toEqual({ kind: 'hot', confidence: 99 });
		// The highest z is the cluster or a cell touching it (Gi* sums the neighbourhood).
		expect(Math.abs(grid.cells[0].address[0] - 14) + Math.abs(grid.cells[0].address[1] - 14)).toBeLessThanOrEqual(2);
		// Hot cells are the cluster and its touching cells, nothing far away.
		for (const cell of grid.cells.filter((c) => c.significance.kind === 'hot')) {
			expect(Math.abs(cell.address[0] - 14)).toBeLessThanOrEqual(1);
			expect(Math.abs(cell.address[1] - 14)).toBeLessThanOrEqual(1);
		}

		// A dense field with an empty square in the middle: the hole is cold.
		const holed = uniform(seededRandom(12), 6000).filter((p) => !(p.easting >= 800 && p.easting < 1200 && p.northing >= 800 && p.northing < 1200));
		const cold = hotSpots(spec, holed, region).cells.filter((c) => c.significance.kind === 'cold');
		expect(cold.some((c) => c.address[0] === 9 && c.address[1] === 9 && c.significance.confidence === 99)).toBe(true);
		const nearHole = (c: { address: [number, number] }) => c.address[0] >= 7 && c.address[0] <= 12 && c.address[1] >= 7 && c.address[1] <= 12;
		// All 16 cells of the hole are cold at 99 %; elsewhere at most chance at 90 %.
		expect(cold.filter((c) => nearHole(c) && c.significance.confidence === 99).length).toBeGreaterThanOrEqual(16);
		expect(cold.filter((c) => !nearHole(c)).every((c) => c.significance.confidence !== 99)).toBe(true);
		expect(cold.filter((c) => !nearHole(c)).length).toBeLessThan(20);
	});

	it('finds (almost) nothing in a random pattern', () => {
		for (const seed of [21, 22, 23]) {
			const grid = hotSpots(spec, uniform(seededRandom(seed), 1500), region);
			const significant = grid.cells.filter((c) => c.significance.kind);
			// Chance alone flags about 10 % of the cells at 90 %; neighbouring cells share events, so allow some spread.
			expect(significant.length / grid.cellCount).toBeLessThan(0.15);
			expect(grid.cells.filter((c) => c.significance.confidence === 99).length / grid.cellCount).toBeLessThan(0.03);
		}
	});

	it('keeps empty cells of the region in the test and lists only cells with events or a result', () => {
		const grid = hotSpots(spec, [{ easting: 50, northing: 50, count: 3 }], { extent: [0, 0, 300, 300] });
		expect(grid.cellCount).toBe(9);
		expect(grid.cells[0]).toMatchObject({ address: [0, 0], count: 3 });
		expect(grid.cells.every((c) => c.count > 0 || c.significance.kind !== null)).toBe(true);
		// Without a region only the cells with events exist: one cell, nothing to compare with.
		expect(hotSpots(spec, [{ easting: 50, northing: 50, count: 3 }], null).cells).toEqual([expect.objectContaining({ count: 3, z: null })]);
	});
});
