import { classBreaks, classOf } from '../situation.models';
import { polygonsOf, type Geometry } from '../../../platform/geo/spatial';

/**
 * A choropleth drawn as plain SVG on the server from the WGS84 geometry: it needs no map
 * library and no tile server, so it works offline and without JavaScript.
 */

export interface MapShape {
	id: string;
	name: string;
	d: string;
	value: number | null;
	/** 0 … classes-1, or null without a value. */
	cls: number | null;
}

export interface ChoroplethMap {
	width: number;
	height: number;
	shapes: MapShape[];
	/** Lower bounds of classes 1…n-1; class 0 starts at the smallest value. */
	breaks: number[];
	min: number | null;
	max: number | null;
}

/** The areas projected to SVG paths: independent of the figures, so it can be kept between requests. */
export interface ProjectedAreas {
	width: number;
	height: number;
	paths: { id: string; name: string; d: string }[];
}

/**
 * Projects the areas to SVG paths, simplified for the drawing: a vertex closer than `tolerance`
 * pixels to the last one kept, or within half of it of the line through its neighbours, adds
 * nothing visible (a DeSO is a few pixels wide when a municipality of thousands is drawn).
 */
export function projectAreas(areas: { id: string; name: string; geometry: Geometry }[], width = 640, tolerance = 0.75): ProjectedAreas {
	let minLon = Infinity;
	let minLat = Infinity;
	let maxLon = -Infinity;
	let maxLat = -Infinity;
	for (const area of areas)
		for (const polygon of polygonsOf(area.geometry))
			for (const [lon, lat] of polygon[0] ?? []) {
				if (lon < minLon) minLon = lon;
				if (lon > maxLon) maxLon = lon;
				if (lat < minLat) minLat = lat;
				if (lat > maxLat) maxLat = lat;
			}
	if (!Number.isFinite(minLon)) return { width, height: 0, paths: [] };
	// Equirectangular with the longitude shrunk by cos(latitude): true to shape at a municipality's scale.
	const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
	const spanX = Math.max((maxLon - minLon) * k, 1e-9);
	const spanY = Math.max(maxLat - minLat, 1e-9);
	const pad = 8;
	const scale = (width - 2 * pad) / spanX;
	const height = Math.round(Math.min(spanY * scale + 2 * pad, width * 1.4));
	const fit = Math.min(scale, (height - 2 * pad) / spanY);
	const tolerance2 = tolerance * tolerance;
	const paths = areas.map((area) => {
		const parts: string[] = [];
		for (const polygon of polygonsOf(area.geometry))
			for (const ring of polygon) {
				const xs: number[] = [];
				const ys: number[] = [];
				for (const [lon, lat] of ring) {
					const px = pad + (lon - minLon) * k * fit;
					const py = pad + (maxLat - lat) * fit;
					const n = xs.length;
					if (n && (px - xs[n - 1]) ** 2 + (py - ys[n - 1]) ** 2 < tolerance2) continue;
					// The last point kept lies on the way from the one before it to this one: replace it.
					if (n >= 2) {
						const [ax, ay, bx, by] = [xs[n - 2], ys[n - 2], xs[n - 1], ys[n - 1]];
						const cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
						const forward = (bx - ax) * (px - bx) + (by - ay) * (py - by) > 0;
						if (forward && cross * cross < (tolerance2 / 4) * ((px - ax) ** 2 + (py - ay) ** 2)) {
							xs[n - 1] = px;
							ys[n - 1] = py;
							continue;
						}
					}
					xs.push(px);
					ys.push(py);
				}
				if (xs.length >= 3) parts.push(`M${xs.map((x, i) => `${x.toFixed(1)} ${ys[i].toFixed(1)}`).join('L')}Z`);
			}
		return { id: area.id, name: area.name, d: parts.join('') };
	});
	return { width, height, paths };
}

/** Colours projected areas by their values (null: no value). */
export function colourAreas(projected: ProjectedAreas, valueOf: (id: string) => number | null): ChoroplethMap {
	const shapeValues = projected.paths.map((p) => valueOf(p.id));
	const values = shapeValues.filter((v): v is number => v !== null);
	const breaks = classBreaks(values);
	if (projected.paths.length === 0) return { width: projected.width, height: 0, shapes: [], breaks, min: null, max: null };
	let min = Infinity;
	let max = -Infinity;
	for (const v of values) {
		if (v < min) min = v;
		if (v > max) max = v;
	}
	const shapes = projected.paths.map((p, i) => {
		const value = shapeValues[i];
		return { ...p, value, cls: value === null ? null : classOf(value, breaks) };
	});
	return { width: projected.width, height: projected.height, shapes, breaks, min: values.length ? min : null, max: values.length ? max : null };
}

export function choropleth(areas: { id: string; name: string; geometry: Geometry; value: number | null }[], width = 640): ChoroplethMap {
	const valueOf = new Map(areas.map((a) => [a.id, a.value]));
	return colourAreas(projectAreas(areas, width), (id) => valueOf.get(id) ?? null);
}
