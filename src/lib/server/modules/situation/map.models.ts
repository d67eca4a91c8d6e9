import { classBreaks, classOf } from './situation.models';
import { polygonsOf, type Geometry } from './spatial.models';

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

export function choropleth(areas: { id: string; name: string; geometry: Geometry; value: number | null }[], width = 640): ChoroplethMap {
	let minLon = Infinity;
	let minLat = Infinity;
	let maxLon = -Infinity;
	let maxLat = -Infinity;
	for (const area of areas)
		for (const polygon of polygonsOf(area.geometry))
			for (const [lon, lat] of polygon[0] ?? []) {
				minLon = Math.min(minLon, lon);
				maxLon = Math.max(maxLon, lon);
				minLat = Math.min(minLat, lat);
				maxLat = Math.max(maxLat, lat);
			}
	const values = areas.map((a) => a.value).filter((v): v is number => v !== null);
	const breaks = classBreaks(values);
	if (!Number.isFinite(minLon)) return { width, height: 0, shapes: [], breaks, min: null, max: null };
	// Equirectangular with the longitude shrunk by cos(latitude): true to shape at a municipality's scale.
	const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
	const spanX = Math.max((maxLon - minLon) * k, 1e-9);
	const spanY = Math.max(maxLat - minLat, 1e-9);
	const pad = 8;
	const scale = (width - 2 * pad) / spanX;
	const height = Math.round(Math.min(spanY * scale + 2 * pad, width * 1.4));
	const fit = Math.min(scale, (height - 2 * pad) / spanY);
	const x = (lon: number) => (pad + (lon - minLon) * k * fit).toFixed(1);
	const y = (lat: number) => (pad + (maxLat - lat) * fit).toFixed(1);
	const shapes = areas.map((area) => {
		const parts: string[] = [];
		for (const polygon of polygonsOf(area.geometry))
			for (const ring of polygon) {
				let last = '';
				const points: string[] = [];
				for (const [lon, lat] of ring) {
					const p = `${x(lon)} ${y(lat)}`;
					if (p !== last) points.push(p);
					last = p;
				}
				if (points.length >= 3) parts.push(`M${points.join('L')}Z`);
			}
		return { id: area.id, name: area.name, d: parts.join(''), value: area.value, cls: area.value === null ? null : classOf(area.value, breaks) };
	});
	return { width, height, shapes, breaks, min: values.length ? Math.min(...values) : null, max: values.length ? Math.max(...values) : null };
}
