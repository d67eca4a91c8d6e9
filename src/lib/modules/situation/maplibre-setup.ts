import type { StyleSpecification } from 'maplibre-gl';

/**
 * What every MapLibre map of the lägesbild shares: the WebGL check, the basemap style, and
 * loading MapLibre itself (in the browser only, with the worker file Vite emits for it).
 */

export function webglAvailable(): boolean {
	try {
		const canvas = document.createElement('canvas');
		return !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
	} catch {
		return false;
	}
}

/** A style document (…/style.json) is used as it is; anything else is a raster tile template with {z}/{x}/{y}; none gives a plain background (offline). */
export function basemapStyle(basemapUrl: string | null): StyleSpecification | string {
	const background = { id: 'bakgrund', type: 'background' as const, paint: { 'background-color': '#f4f1ea' } };
	if (!basemapUrl) return { version: 8, sources: {}, layers: [background] };
	if (/\.json($|\?)/.test(basemapUrl)) return basemapUrl;
	return {
		version: 8,
		sources: { basemap: { type: 'raster', tiles: [basemapUrl], tileSize: 256 } },
		layers: [background, { id: 'basemap', type: 'raster', source: 'basemap' }]
	};
}

export async function loadMapLibre() {
	const [maplibre, worker] = await Promise.all([
		import('maplibre-gl'),
		// Bundling moves MapLibre away from its worker file: Vite emits the worker and says where.
		import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
		import('maplibre-gl/dist/maplibre-gl.css')
	]);
	maplibre.setWorkerUrl(worker.default);
	return maplibre;
}

/** The bounding box of a GeoJSON feature collection's coordinates, for fitting the map. */
export function boundsOf(geojson: { features: { geometry: { coordinates: unknown } }[] }): [[number, number], [number, number]] | null {
	let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
	const visit = (c: unknown) => {
		if (Array.isArray(c) && typeof c[0] === 'number') {
			minX = Math.min(minX, c[0] as number);
			maxX = Math.max(maxX, c[0] as number);
			minY = Math.min(minY, c[1] as number);
			maxY = Math.max(maxY, c[1] as number);
		} else if (Array.isArray(c)) c.forEach(visit);
	};
	geojson.features.forEach((f) => visit(f.geometry.coordinates));
	return Number.isFinite(minX)
		? [
				[minX, minY],
				[maxX, maxY]
			]
		: null;
}
