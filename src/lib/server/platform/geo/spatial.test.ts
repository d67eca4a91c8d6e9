import { describe, expect, it } from 'vitest';
import { checkSweref, checkWgs84, containsPoint, coversPoint, prepareShape, ShapeIndex, swerefToWgs84, wgs84ToSweref, type Geometry } from './spatial';

const square = (x0: number, y0: number, size: number) =>
	[
		[x0, y0],
		[x0 + size, y0],
		[x0 + size, y0 + size],
		[x0, y0 + size],
		[x0, y0]
	] as [number, number][];

describe('reprojection between SWEREF 99 TM and WGS84', () => {
	it('puts E 674032, N 6580822 in central Stockholm (59.3302 N, 18.0592 E)', () => {
		const [lon, lat] = swerefToWgs84(674032, 6580822);
		expect(lat).toBeCloseTo(59.3302, 3);
		expect(lon).toBeCloseTo(18.0592, 3);
	});

	it('puts the central meridian 15° E on the false easting 500 000 m', () => {
		const [e, n] = wgs84ToSweref(15, 60);
		expect(e).toBeCloseTo(500000, 1);
		// On the central meridian the northing is the meridian arc to 60° N on GRS80 (6 654 072.8 m) × the scale 0.9996.
		expect(n).toBeCloseTo(6654072.8 * 0.9996, 0);
	});

	it('goes there and back again within a millimetre', () => {
		const [lon, lat] = swerefToWgs84(534795.5, 6719127.0);
		const [e, n] = wgs84ToSweref(lon, lat);
		expect(e).toBeCloseTo(534795.5, 3);
		expect(n).toBeCloseTo(6719127.0, 3);
	});
});

describe('coordinate checks', () => {
	it('accepts Falun, flags swapped axes and points outside Sweden', () => {
		expect(checkSweref(534795, 6719127)).toEqual({ ok: true });
		expect(checkSweref(6719127, 534795)).toEqual({ ok: false, reason: 'swapped' });
		expect(checkSweref(100, 200)).toEqual({ ok: false, reason: 'outside_sweden' });
		expect(checkWgs84(60.6, 15.63)).toEqual({ ok: true });
		expect(checkWgs84(15.63, 60.6)).toEqual({ ok: false, reason: 'swapped' });
		expect(checkWgs84(48.85, 2.35)).toEqual({ ok: false, reason: 'outside_sweden' });
	});
});

describe('point in polygon', () => {
	const left = prepareShape({ type: 'Polygon', coordinates: [square(0, 0, 10)] });
	const right = prepareShape({ type: 'Polygon', coordinates: [square(10, 0, 10)] });

	it('counts a point on an edge shared by two areas in exactly one of them', () => {
		for (const y of [0.5, 3, 7.25, 9.99]) {
			expect(Number(containsPoint(left, 10, y)) + Number(containsPoint(right, 10, y)), `y=${y}`).toBe(1);
		}
		// A shared horizontal edge too.
		const below = prepareShape({ type: 'Polygon', coordinates: [square(0, -10, 10)] });
		expect(Number(containsPoint(left, 4, 0)) + Number(containsPoint(below, 4, 0))).toBe(1);
	});

	it('treats the boundary as inside for the closed test (is the point in the municipality at all)', () => {
		expect(coversPoint(left, 0, 5)).toBe(true);
		expect(coversPoint(left, 10, 10)).toBe(true);
		expect(coversPoint(left, 10.0001, 5)).toBe(false);
	});

	it('leaves out points in a hole and keeps points between the hole and the outer ring', () => {
		const donut = prepareShape({ type: 'Polygon', coordinates: [square(0, 0, 10), square(3, 3, 4).reverse()] });
		expect(containsPoint(donut, 5, 5)).toBe(false);
		expect(containsPoint(donut, 1, 1)).toBe(true);
		expect(containsPoint(donut, 8, 5)).toBe(true);
	});

	it('finds points in every part of a multipolygon and not between the parts', () => {
		const islands: Geometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 2)], [square(5, 5, 2)]] };
		const shape = prepareShape(islands);
		expect(containsPoint(shape, 1, 1)).toBe(true);
		expect(containsPoint(shape, 6, 6)).toBe(true);
		expect(containsPoint(shape, 3.5, 3.5)).toBe(false);
	});

	it('handles concave shapes and a ray through a vertex', () => {
		// A "C" open to the right: the notch is outside.
		const c = prepareShape({
			type: 'Polygon',
			coordinates: [
				[
					[0, 0],
					[10, 0],
					[10, 3],
					[3, 3],
					[3, 7],
					[10, 7],
					[10, 10],
					[0, 10],
					[0, 0]
				]
			]
		});
		expect(containsPoint(c, 6, 5)).toBe(false);
		expect(containsPoint(c, 1, 5)).toBe(true);
		// The horizontal ray from (1, 3) passes exactly through the vertices (3, 3) and (10, 3).
		expect(containsPoint(c, 1, 3)).toBe(true);
		const diamond = prepareShape({
			type: 'Polygon',
			coordinates: [
				[
					[5, 0],
					[10, 5],
					[5, 10],
					[0, 5],
					[5, 0]
				]
			]
		});
		expect(containsPoint(diamond, 2, 5)).toBe(true);
		expect(containsPoint(diamond, -1, 5)).toBe(false);
	});

	it('finds every containing area through the index, including nested ones', () => {
		const index = new ShapeIndex([
			prepareShape({ type: 'Polygon', coordinates: [square(0, 0, 100)] }),
			prepareShape({ type: 'Polygon', coordinates: [square(0, 0, 50)] }),
			prepareShape({ type: 'Polygon', coordinates: [square(50, 0, 50)] })
		]);
		expect(index.containing(10, 10)).toEqual([0, 1]);
		expect(index.containing(75, 10).sort()).toEqual([0, 2]);
		expect(index.containing(75, 75)).toEqual([0]);
		expect(index.containing(200, 10)).toEqual([]);
		expect(new ShapeIndex([]).containing(1, 1)).toEqual([]);
	});

	it('gives through its grid and bands exactly what the plain test gives, on edges, vertices, holes and multipolygons', () => {
		let seed = 42;
		const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
		// A long ring (many bands), a tiling of squares sharing edges, a square with a hole, and a multipolygon.
		const circle = Array.from(
			{ length: 401 },
			(_, i) => [50 + 45 * Math.cos((i % 400) * ((2 * Math.PI) / 400)), 50 + 45 * Math.sin((i % 400) * ((2 * Math.PI) / 400))] as [number, number]
		);
		const geometries: Geometry[] = [
			{ type: 'Polygon', coordinates: [circle] },
			...Array.from({ length: 16 }, (_, i): Geometry => ({ type: 'Polygon', coordinates: [square((i % 4) * 25, Math.floor(i / 4) * 25, 25)] })),
			{ type: 'Polygon', coordinates: [square(10, 10, 60), square(30, 30, 20)] },
			{ type: 'MultiPolygon', coordinates: [[square(0, 0, 10)], [square(90, 90, 10)], [square(40, 40, 20), square(45, 45, 5)]] }
		];
		const shapes = geometries.map(prepareShape);
		const index = new ShapeIndex(shapes);
		const label = index.labeller((found) => found.join(','));
		for (let i = 0; i < 20_000; i++) {
			// Half on the 5-unit lattice (edges and vertices), half anywhere, some outside.
			const [x, y] = i % 2 ? [Math.round(random() * 22) * 5 - 5, Math.round(random() * 22) * 5 - 5] : [random() * 110 - 5, random() * 110 - 5];
			const expected = shapes.flatMap((shape, k) => (containsPoint(shape, x, y) ? [k] : []));
			expect(index.containing(x, y), `${x} ${y}`).toEqual(expected);
			expect(label(x, y)).toBe(expected.join(','));
		}
	});
});
