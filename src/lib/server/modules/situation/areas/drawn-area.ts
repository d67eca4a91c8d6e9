import { ValidationError, type FieldErrors } from '../../../platform/errors';
import type { Position } from '../../../platform/geo/spatial';

/**
 * An own area (Knutpunkten, a school's catchment) drawn in the map or typed as points: the map
 * writes a GeoJSON polygon, and without JavaScript the coordinator types one point per line as
 * "latitud, longitud" (as a map service copies them). Either becomes a one-feature GeoJSON file
 * for the ordinary area import, so it is checked, reprojected and audited the same way.
 */

const SWEDEN = { minLon: 10.5, maxLon: 24.5, minLat: 55, maxLat: 69.5 };
const NAME_MAX = 120;

function ringFromLines(text: string): Position[] | null {
	const points: Position[] = [];
	for (const line of text.split(/\r?\n/)) {
		if (line.trim() === '') continue;
		// "60.6065, 15.6355" and, with decimal commas, "60,6065, 15,6355" or "60,6065 15,6355".
		const values = (line.match(/-?\d+(?:[.,]\d+)?/g) ?? []).map((n) => Number(n.replace(',', '.')));
		if (values.length !== 2 || !values.every(Number.isFinite)) return null;
		const [lat, lon] = values;
		points.push([lon, lat]);
	}
	return points;
}

function ringFromGeoJson(text: string): Position[] | null {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return null;
	}
	const geometry = (value as { type?: string; geometry?: unknown })?.type === 'Feature' ? (value as { geometry: unknown }).geometry : value;
	const { type, coordinates } = (geometry ?? {}) as { type?: string; coordinates?: unknown };
	if (type !== 'Polygon' || !Array.isArray(coordinates) || !Array.isArray(coordinates[0])) return null;
	const ring = coordinates[0] as unknown[];
	if (!ring.every((p) => Array.isArray(p) && p.length >= 2 && p.slice(0, 2).every((n) => typeof n === 'number' && Number.isFinite(n)))) return null;
	return ring.map((p) => [(p as number[])[0], (p as number[])[1]]);
}

/** The drawn or typed area as a GeoJSON FeatureCollection in WGS84, or the reasons in Swedish. */
export function drawnAreaCollection(input: { name: string; boundary: string }) {
	const errors: FieldErrors = {};
	const name = input.name.trim().replace(/\s+/g, ' ');
	if (name === '') errors.name = 'Ge området ett namn.';
	else if (name.length > NAME_MAX) errors.name = `Namnet är för långt (högst ${NAME_MAX} tecken).`;

	const text = input.boundary.trim();
	const ring = text === '' ? null : text.startsWith('{') ? ringFromGeoJson(text) : ringFromLines(text);
	if (text === '') errors.boundary = 'Rita området i kartan, eller skriv minst tre punkter, en per rad: latitud, longitud.';
	else if (!ring) errors.boundary = 'Gränsen kunde inte läsas. Skriv en punkt per rad som "60,6065, 15,6355" (latitud, longitud), eller en GeoJSON-polygon.';
	else {
		const open = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
		const distinct = new Set(open.map(([x, y]) => `${x} ${y}`));
		const outside = open.findIndex(([lon, lat]) => lon < SWEDEN.minLon || lon > SWEDEN.maxLon || lat < SWEDEN.minLat || lat > SWEDEN.maxLat);
		if (distinct.size < 3) errors.boundary = 'Ett område behöver minst tre olika punkter.';
		else if (outside >= 0) errors.boundary = `Punkt ${outside + 1} ligger utanför Sverige. Står latitud och longitud i rätt ordning?`;
		else if (Object.keys(errors).length === 0)
			return {
				name,
				collection: {
					type: 'FeatureCollection' as const,
					features: [{ type: 'Feature' as const, properties: { namn: name }, geometry: { type: 'Polygon' as const, coordinates: [[...open, open[0]]] } }]
				}
			};
	}
	throw new ValidationError(errors);
}
