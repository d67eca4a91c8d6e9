import { placeKey, type Cycle } from './est.models';

/** What the picture needs of a report. */
export interface PictureReport {
	id: string;
	category: string;
	place: string;
	areaId: string | null;
	latitude: number | null;
	longitude: number | null;
	occurredOn: string;
	effect: number;
}

export interface CountRow {
	key: string;
	label: string;
	current: number;
	previous: number;
	lastYear: number;
}

export interface RepeatPlace {
	/** The place as last written (or the point's coordinates). */
	label: string;
	/** In how many of the last `window` cycles it was reported (the current one included). */
	cycles: number;
	window: number;
	reports: number;
	latitude: number | null;
	longitude: number | null;
}

/** The rows of a comparison: one per key seen in any of the three periods, the largest now first. */
function compare(
	periods: { current: PictureReport[]; previous: PictureReport[]; lastYear: PictureReport[] },
	keyOf: (report: PictureReport) => string,
	labelOf: (key: string) => string
): CountRow[] {
	const rows = new Map<string, CountRow>();
	for (const period of ['current', 'previous', 'lastYear'] as const) {
		for (const report of periods[period]) {
			const key = keyOf(report);
			const row = rows.get(key) ?? { key, label: labelOf(key), current: 0, previous: 0, lastYear: 0 };
			row[period] += 1;
			rows.set(key, row);
		}
	}
	return [...rows.values()].sort((a, b) => b.current - a.current || b.previous - a.previous || a.label.localeCompare(b.label, 'sv'));
}

/**
 * The compiled picture of one cycle: reports per category and per area against the previous
 * cycle and the same period a year earlier, and the places reported again and again — in at least
 * `minCycles` of the last cycles (`history`, newest first, the current cycle first).
 */
export function compilePicture(options: {
	current: PictureReport[];
	previous: PictureReport[];
	lastYear: PictureReport[];
	history: { cycle: Cycle; reports: PictureReport[] }[];
	areaNames: Map<string, string>;
	noAreaLabel: string;
	minCycles?: number;
}) {
	const { current, previous, lastYear } = options;
	const byCategory = compare(
		{ current, previous, lastYear },
		(r) => r.category,
		(key) => key
	);
	const byArea = compare(
		{ current, previous, lastYear },
		(r) => r.areaId ?? '',
		(key) => (key ? (options.areaNames.get(key) ?? key) : options.noAreaLabel)
	);
	const places = new Map<string, { cycles: Set<number>; reports: number; label: string; latitude: number | null; longitude: number | null }>();
	for (const { cycle, reports } of options.history) {
		for (const report of reports) {
			const key = placeKey(report);
			if (!key) continue;
			const entry = places.get(key) ?? { cycles: new Set<number>(), reports: 0, label: '', latitude: null, longitude: null };
			entry.cycles.add(cycle.number);
			entry.reports += 1;
			// History is newest first: keep the newest wording and point.
			if (!entry.label) entry.label = report.place || `${report.latitude?.toFixed(4)}, ${report.longitude?.toFixed(4)}`;
			entry.latitude ??= report.latitude;
			entry.longitude ??= report.longitude;
			places.set(key, entry);
		}
	}
	const window = options.history.length;
	const repeatPlaces: RepeatPlace[] = [...places.values()]
		.filter((entry) => entry.cycles.size >= (options.minCycles ?? 3))
		.map((entry) => ({ label: entry.label, cycles: entry.cycles.size, window, reports: entry.reports, latitude: entry.latitude, longitude: entry.longitude }))
		.sort((a, b) => b.cycles - a.cycles || b.reports - a.reports || a.label.localeCompare(b.label, 'sv'));
	return {
		totals: { current: current.length, previous: previous.length, lastYear: lastYear.length },
		meanEffect: current.length ? Math.round((current.reduce((sum, r) => sum + r.effect, 0) / current.length) * 10) / 10 : null,
		byCategory,
		byArea,
		repeatPlaces,
		points: current
			.filter((r) => r.latitude !== null && r.longitude !== null)
			.map((r) => ({ id: r.id, latitude: r.latitude!, longitude: r.longitude!, category: r.category, effect: r.effect }))
	};
}

export type CyclePicture = ReturnType<typeof compilePicture>;
