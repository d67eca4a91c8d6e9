import type { Db } from '../../db/client';
import { cellOf, cellRing, type GridSpec } from '../../platform/geo/grid';
import { wgs84ToSweref, type Geometry, type Position } from '../../platform/geo/spatial';
import { hotSpots, listAreaGeometries, listAreaRows, significanceClass } from '../situation/public';
import { EFFECT_COLOURS, HOT_COLOURS } from '$lib/modules/est/map-colours';

/**
 * The cycle's reports on a map (issue 13): the points, their density in cells of 250 m, and the
 * hot spots by the lägesbild's Getis-Ord Gi* over those cells, drawn in planar metres (SWEREF 99
 * TM) so the cycle page (inline SVG, no JavaScript) and the Word picture (the same drawing as PNG)
 * show one map. No map library and no tiles: it works on a phone without network too.
 */

export const CYCLE_MAP_WIDTH = 600;
const PAD = 12;
/** Cells of 250 m: a few blocks, fine enough for places reported again and coarse enough to count. */
export const CYCLE_GRID: GridSpec = { shape: 'ruta', size: 250 };

export interface MapReport {
	id: string;
	latitude: number;
	longitude: number;
	effect: number;
	/** The place as written, to name a hot spot. */
	place: string;
}

export interface HotSpot {
	/** The place most often written in the cell (or its point). */
	label: string;
	reports: number;
	z: number | null;
	confidence: number;
	latitude: number;
	longitude: number;
}

export interface CycleMap {
	width: number;
	height: number;
	areas: { name: string; d: string }[];
	/** Cells with reports: `share` of the busiest cell (0–1) for the density; `hot` 0–3 by Gi*. */
	cells: { d: string; count: number; share: number; hot: number }[];
	points: { x: number; y: number; effect: number }[];
	hotSpots: HotSpot[];
	/** Reports of the cycle without a point (not on the map). */
	withoutPoint: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Draws the reports with a point, over the outlines of the areas they fall in. Gi* compares every
 * cell of the reports' extent (one cell around it included, empty cells count as zero) with the
 * whole; only hot cells at 90 % or more are listed as hot spots. Null when no report has a point.
 */
export function drawCycleMap(reports: MapReport[], areas: { name: string; geometry: Geometry }[], total: number): CycleMap | null {
	if (reports.length === 0) return null;
	const planar = reports.map((r) => ({ report: r, at: wgs84ToSweref(r.longitude, r.latitude) }));
	const size = CYCLE_GRID.size;
	const minE = Math.min(...planar.map((p) => p.at[0])) - size;
	const maxE = Math.max(...planar.map((p) => p.at[0])) + size;
	const minN = Math.min(...planar.map((p) => p.at[1])) - size;
	const maxN = Math.max(...planar.map((p) => p.at[1])) + size;
	const scale = (CYCLE_MAP_WIDTH - 2 * PAD) / Math.max(maxE - minE, 1);
	const height = Math.round(Math.min(Math.max((maxN - minN) * scale + 2 * PAD, 200), 900));
	const x = (e: number) => round(PAD + (e - minE) * scale);
	const y = (n: number) => round(height - PAD - (n - minN) * scale);
	const path = (ring: Position[]) => `M${ring.map(([e, n]) => `${x(e)},${y(n)}`).join('L')}Z`;

	const grid = hotSpots(
		CYCLE_GRID,
		planar.map((p) => ({ easting: p.at[0], northing: p.at[1], count: 1 })),
		{ extent: [minE, minN, maxE, maxN] }
	);
	const busiest = Math.max(...grid.cells.map((c) => c.count), 1);
	const cells = grid.cells
		.filter((c) => c.count > 0)
		.map((c) => ({ d: path(cellRing(CYCLE_GRID, c.address)), count: c.count, share: c.count / busiest, hot: Math.max(significanceClass(c.significance), 0) }));

	const placesByCell = new Map<string, Map<string, number>>();
	for (const p of planar) {
		const key = cellOf(CYCLE_GRID, p.at[0], p.at[1]).join(':');
		const places = placesByCell.get(key) ?? new Map<string, number>();
		const label = p.report.place || `${p.report.latitude.toFixed(4)}, ${p.report.longitude.toFixed(4)}`;
		places.set(label, (places.get(label) ?? 0) + 1);
		placesByCell.set(key, places);
	}
	const spots: HotSpot[] = grid.cells
		.filter((c) => c.significance.kind === 'hot' && c.count > 0)
		.map((c) => {
			const places = [...(placesByCell.get(c.address.join(':')) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]);
			const inCell = planar.filter((p) => cellOf(CYCLE_GRID, p.at[0], p.at[1]).join(':') === c.address.join(':'));
			return {
				label: places[0]?.[0] ?? '',
				reports: c.count,
				z: c.z,
				confidence: c.significance.confidence ?? 90,
				latitude: inCell.reduce((sum, p) => sum + p.report.latitude, 0) / inCell.length,
				longitude: inCell.reduce((sum, p) => sum + p.report.longitude, 0) / inCell.length
			};
		});

	const visible = (ring: Position[]) => ring.some(([e, n]) => e >= minE - 5000 && e <= maxE + 5000 && n >= minN - 5000 && n <= maxN + 5000);
	const areaPaths = areas.flatMap((area) => {
		const polygons = area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : area.geometry.coordinates;
		const rings = polygons.flatMap((polygon) => polygon.map((ring) => ring.map(([lon, lat]) => wgs84ToSweref(lon, lat))));
		return rings.some(visible) ? [{ name: area.name, d: rings.map(path).join('') }] : [];
	});
	return {
		width: CYCLE_MAP_WIDTH,
		height,
		areas: areaPaths,
		cells,
		points: planar.map((p) => ({ x: x(p.at[0]), y: y(p.at[1]), effect: p.report.effect })),
		hotSpots: spots,
		withoutPoint: total - reports.length
	};
}

/** The same map as an SVG document (for the Word and PDF picture). */
export function cycleMapSvg(map: CycleMap): string {
	const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${map.width} ${map.height}" width="${map.width}" height="${map.height}">`];
	parts.push(`<rect width="${map.width}" height="${map.height}" fill="#f6f7f9"/>`);
	for (const area of map.areas) parts.push(`<path d="${area.d}" fill="none" stroke="#8a94a6" stroke-width="1.5"/>`);
	for (const cell of map.cells) {
		parts.push(
			`<path d="${cell.d}" fill="#0b5394" fill-opacity="${(0.12 + 0.5 * cell.share).toFixed(2)}" stroke="${cell.hot ? HOT_COLOURS[cell.hot] : 'none'}" stroke-width="${cell.hot ? 3 : 0}"/>`
		);
	}
	for (const point of map.points)
		parts.push(`<circle cx="${point.x}" cy="${point.y}" r="3.5" fill="${EFFECT_COLOURS[point.effect]}" stroke="#fff" stroke-width="1"/>`);
	parts.push('</svg>');
	return parts.join('');
}

/** The map of a cycle's reports, with the outlines of the lägesbild areas of the kind most of them fall in. */
export async function cycleMapOf(
	db: Db,
	municipalityId: string,
	reports: { id: string; latitude: number | null; longitude: number | null; effect: number; place: string; area: string | null }[]
): Promise<CycleMap | null> {
	const located = reports.filter((r): r is typeof r & { latitude: number; longitude: number } => r.latitude !== null && r.longitude !== null);
	if (located.length === 0) return null;
	const rows = await listAreaRows(db, municipalityId);
	const kinds = new Map<string, number>();
	for (const r of reports) {
		const kind = rows.find((a) => a.name === r.area)?.kind;
		if (kind) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
	}
	const kind = [...kinds.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? rows[0]?.kind;
	const areas = kind ? await listAreaGeometries(db, municipalityId, kind) : [];
	return drawCycleMap(
		located,
		areas.map((a) => ({ name: a.name, geometry: a.geometry as Geometry })),
		reports.length
	);
}
