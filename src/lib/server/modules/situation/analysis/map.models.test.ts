import { describe, expect, it } from 'vitest';
import { choropleth, colourAreas, projectAreas } from './map.models';

const square = (lon: number, lat: number, size: number) => ({
	type: 'Polygon' as const,
	coordinates: [
		[
			[lon, lat],
			[lon + size, lat],
			[lon + size, lat + size],
			[lon, lat + size],
			[lon, lat]
		] as [number, number][]
	]
});

describe('the server-drawn choropleth', () => {
	it('fits the areas into the width, keeps north up and classes each value', () => {
		const map = choropleth(
			[
				{ id: 'a', name: 'Söder', geometry: square(15.6, 60.59, 0.01), value: 2 },
				{ id: 'b', name: 'Norr', geometry: square(15.6, 60.6, 0.01), value: 20 },
				{ id: 'c', name: 'Okänd', geometry: square(15.61, 60.6, 0.01), value: null }
			],
			400
		);
		expect(map.shapes.map((s) => s.cls)).toEqual([0, 1, null]);
		expect(map.min).toBe(2);
		expect(map.max).toBe(20);
		// North is up: the northern square's top edge has the smaller y.
		const topOf = (d: string) => Math.min(...[...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1])));
		expect(topOf(map.shapes[1].d)).toBeLessThan(topOf(map.shapes[0].d));
		const xs = map.shapes.flatMap((s) => [...s.d.matchAll(/[ML]([\d.]+) /g)].map((m) => Number(m[1])));
		expect(Math.max(...xs)).toBeLessThanOrEqual(400);
		expect(map.shapes[0].d).toMatch(/^M.*Z$/);
	});

	it('leaves out vertices that add nothing visible (near the last one or on its line), and colours projected areas later', () => {
		// A square with 250 vertices per side, drawn 100 pixels wide: a few points per side are enough.
		const side = (x0: number, y0: number, dx: number, dy: number) =>
			Array.from({ length: 250 }, (_, i) => [x0 + (dx * i) / 250, y0 + (dy * i) / 250] as [number, number]);
		const ring = [
			...side(15.6, 60.6, 0.01, 0),
			...side(15.61, 60.6, 0, 0.01),
			...side(15.61, 60.61, -0.01, 0),
			...side(15.6, 60.61, 0, -0.01),
			[15.6, 60.6] as [number, number]
		];
		const projected = projectAreas([{ id: 'a', name: 'Fin', geometry: { type: 'Polygon', coordinates: [ring] } }], 100);
		const points = projected.paths[0].d.split(/[ML]/).filter(Boolean);
		expect(points.length).toBeGreaterThanOrEqual(4);
		expect(points.length).toBeLessThan(12);
		expect(projected.paths[0].d).toMatch(/^M.*Z$/);
		const map = colourAreas(projected, () => 3);
		expect(map.shapes[0]).toMatchObject({ id: 'a', value: 3, cls: 0, d: projected.paths[0].d });
	});

	it('draws nothing for no areas', () => {
		expect(choropleth([]).shapes).toEqual([]);
	});
});
