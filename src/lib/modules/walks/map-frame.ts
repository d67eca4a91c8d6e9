import type { FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';

/** The walk map's drawing size; the browser's SVG and the protocol's picture share it. */
export const MAP_WIDTH = 600;
export const MAP_HEIGHT = 400;
const PAD = 30;

export interface MapFrame {
	x(lon: number): number;
	y(lat: number): number;
	/** The place under a point of the drawing (for a tap on the map). */
	place(x: number, y: number): { lat: number; lon: number };
}

/**
 * Fits the points into the drawing: equirectangular with longitude shrunk by cos(latitude), true
 * enough across a neighbourhood. Null without points.
 */
export function walkMapFrame(points: { lat: number; lon: number }[]): MapFrame | null {
	if (points.length === 0) return null;
	const lats = points.map((p) => p.lat);
	const lons = points.map((p) => p.lon);
	const k = Math.cos(((Math.min(...lats) + Math.max(...lats)) / 2) * (Math.PI / 180));
	const minX = Math.min(...lons) * k - 0.0005;
	const maxX = Math.max(...lons) * k + 0.0005;
	const minY = Math.min(...lats) - 0.0005;
	const maxY = Math.max(...lats) + 0.0005;
	const scale = Math.min((MAP_WIDTH - 2 * PAD) / (maxX - minX), (MAP_HEIGHT - 2 * PAD) / (maxY - minY));
	return {
		x: (lon) => PAD + (lon * k - minX) * scale,
		y: (lat) => PAD + (maxY - lat) * scale,
		place: (x, y) => ({ lat: maxY - (y - PAD) / scale, lon: ((x - PAD) / scale + minX) / k })
	};
}

export interface WalkMapContent {
	route: [number, number][];
	stops: { name: string; lat: number | null; lon: number | null }[];
	findings: { number: number; lat: number | null; lon: number | null; open: boolean }[];
}

/** Every located point of the map. */
export function mapPoints({ route, stops, findings }: WalkMapContent): { lat: number; lon: number }[] {
	return [
		...route.map(([lon, lat]) => ({ lat, lon })),
		...[...stops, ...findings].filter((p) => p.lat !== null && p.lon !== null).map((p) => ({ lat: p.lat!, lon: p.lon! }))
	];
}

/** The stop's letter on the map and in lists (A, B, …). */
export const stopLetter = (index: number) => String.fromCharCode(65 + (index % 26));

/** The same map as an SVG document (for the protocol's picture). */
export function walkMapSvg(content: WalkMapContent): string | null {
	const frame = walkMapFrame(mapPoints(content));
	if (!frame) return null;
	const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" width="${MAP_WIDTH}" height="${MAP_HEIGHT}">`];
	parts.push(`<rect width="${MAP_WIDTH}" height="${MAP_HEIGHT}" fill="#f3f5f8"/>`);
	if (content.route.length > 1) {
		const line = content.route.map(([lon, lat]) => `${frame.x(lon).toFixed(1)},${frame.y(lat).toFixed(1)}`).join(' ');
		parts.push(`<polyline points="${line}" fill="none" stroke="#0b5394" stroke-width="4" stroke-linejoin="round"/>`);
	}
	content.stops.forEach((stop, index) => {
		if (stop.lat === null || stop.lon === null) return;
		const [x, y] = [frame.x(stop.lon), frame.y(stop.lat)];
		parts.push(`<rect x="${x - 9}" y="${y - 9}" width="18" height="18" fill="#fff" stroke="#0b5394" stroke-width="3"/>`);
		parts.push(
			`<text x="${x}" y="${y + 5}" text-anchor="middle" font-family="Arial" font-size="13" font-weight="700" fill="#0b5394">${stopLetter(index)}</text>`
		);
	});
	for (const finding of content.findings) {
		if (finding.lat === null || finding.lon === null) continue;
		const [x, y] = [frame.x(finding.lon), frame.y(finding.lat)];
		parts.push(`<circle cx="${x}" cy="${y}" r="12" fill="${finding.open ? '#b00020' : '#1e6b34'}" stroke="#fff" stroke-width="2"/>`);
		parts.push(`<text x="${x}" y="${y + 5}" text-anchor="middle" font-family="Arial" font-size="13" font-weight="700" fill="#fff">${finding.number}</text>`);
	}
	parts.push('</svg>');
	return parts.join('');
}

/** The outer rings of a Polygon or MultiPolygon geometry as [lon, lat] lists ([] for anything else). */
export function areaRings(geometry: unknown): [number, number][][] {
	const g = geometry as { type?: string; coordinates?: unknown } | null;
	if (!g || !Array.isArray(g.coordinates)) return [];
	const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
	return (polygons as unknown[][]).flatMap((polygon) => (Array.isArray(polygon?.[0]) ? [thinned(polygon[0] as [number, number][])] : []));
}

/** At most `max` corners of a ring (every n-th, the last kept): a district's boundary drawn as a walk's backdrop needs no more. */
function thinned(ring: [number, number][], max = 300): [number, number][] {
	if (ring.length <= max) return ring;
	const step = Math.ceil(ring.length / max);
	return [...ring.filter((_, i) => i % step === 0), ring[ring.length - 1]];
}

/**
 * The walk's area (fill and edge), route and stops from the `vandring` GeoJSON source, as the
 * drawing map and the live map both show them; `drawing` dashes the area's edge and fills it lighter.
 */
export function addWalkLayers(map: MapLibreMap, options: { drawing: boolean }): void {
	const ofKind = (kind: string) => ['==', ['get', 'kind'], kind] as FilterSpecification;
	map.addLayer({
		id: 'omrade-yta',
		type: 'fill',
		source: 'vandring',
		filter: ofKind('area'),
		paint: { 'fill-color': '#6a3d9a', 'fill-opacity': options.drawing ? 0.15 : 0.12 }
	});
	map.addLayer({
		id: 'omrade-kant',
		type: 'line',
		source: 'vandring',
		filter: ofKind('area'),
		paint: { 'line-color': '#6a3d9a', 'line-width': 2, ...(options.drawing ? { 'line-dasharray': [2, 1] } : {}) }
	});
	map.addLayer({ id: 'rutt', type: 'line', source: 'vandring', filter: ofKind('route'), paint: { 'line-color': '#0b5394', 'line-width': 4 } });
	map.addLayer({
		id: 'stopp',
		type: 'circle',
		source: 'vandring',
		filter: ofKind('stop'),
		paint: { 'circle-radius': 9, 'circle-color': '#fff', 'circle-stroke-color': '#0b5394', 'circle-stroke-width': 3 }
	});
}
