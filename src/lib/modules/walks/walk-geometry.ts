import { stopLetter } from './map-frame';

/** A stop line of the planning form: `name` or `name | lat, lon`. */
export interface StopLine {
	line: string;
	name: string;
	lat: number | null;
	lon: number | null;
}

/** The stops as typed, one a line (the server reads them the same way: parseStops). */
export function parseStopLines(text: string): StopLine[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line) => {
			const [name, position] = line.split('|').map((part) => part.trim());
			const match = position ? /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(position) : null;
			return match ? { line, name, lat: Number(match[1]), lon: Number(match[2]) } : { line, name: name || line, lat: null, lon: null };
		});
}

/** The stops that have a place, with their letter on the map (A, B, …, by their order in the list). */
export function stopsWithPosition(stops: StopLine[]): { letter: string; name: string; lat: number; lon: number }[] {
	return stops.flatMap((s, index) => (s.lat !== null && s.lon !== null ? [{ letter: stopLetter(index), name: s.name, lat: s.lat, lon: s.lon }] : []));
}

const isPair = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n));

/** The route field's [[lon, lat], …]; [] when empty or not a route. */
export function routeFromText(text: string): [number, number][] {
	try {
		const parsed: unknown = JSON.parse(text || '[]');
		return Array.isArray(parsed) && parsed.every(isPair) ? parsed : [];
	} catch {
		return [];
	}
}

/** The drawn area's corners (its ring without the closing point); [] when empty or not a polygon. */
export function areaFromText(text: string): [number, number][] {
	try {
		const parsed = JSON.parse(text || 'null') as { type?: string; coordinates?: unknown[][] } | null;
		const ring = parsed?.type === 'Polygon' && Array.isArray(parsed.coordinates?.[0]) ? parsed.coordinates[0] : [];
		return ring.every(isPair) ? (ring as [number, number][]).slice(0, -1) : [];
	} catch {
		return [];
	}
}
