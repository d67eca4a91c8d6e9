/**
 * The effect view of a measure: crime counts in the places it targets, the months before its
 * start against the months after, next to comparable places that no measure of the plan targets.
 * Counts only, from the lägesbild's events; the relative change is what the counts say, and the
 * comparison is there so that a fall everywhere is not read as the measure's doing. Pure.
 */

export interface MonthlyCount {
	area: string;
	year: number;
	month: number;
	count: number;
}

export interface EffectGroup {
	areas: string[];
	before: number;
	after: number;
	/** after / before − 1; null when there was nothing before. */
	change: number | null;
}

export interface EffectComparison {
	window: { beforeFrom: string; start: string; afterTo: string; months: number };
	target: EffectGroup;
	comparison: EffectGroup;
	/** (after/before in the target places) / (after/before in the comparison places); below 1 means a larger fall (or smaller rise) where the measure works. */
	relativeRatio: number | null;
	series: { month: string; target: number; comparison: number }[];
}

const monthKey = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

function addMonths(key: string, months: number): string {
	const [y, m] = key.split('-').map(Number);
	const index = y * 12 + (m - 1) + months;
	return monthKey(Math.floor(index / 12), (index % 12) + 1);
}

/**
 * `start` is the measure's start date; the window is `months` long on each side, cut at the last
 * month with data so a half-reported month does not look like a fall.
 */
export function compareBeforeAfter(options: {
	rows: MonthlyCount[];
	start: string;
	months: number;
	targetIds: string[];
	comparisonIds: string[];
	names: Map<string, string>;
}): EffectComparison | null {
	const { rows, months } = options;
	if (rows.length === 0 || options.targetIds.length === 0) return null;
	const start = options.start.slice(0, 7);
	const lastWithData = rows.reduce((max, r) => (monthKey(r.year, r.month) > max ? monthKey(r.year, r.month) : max), '0000-00');
	const afterMonths = Math.max(0, Math.min(months, monthsBetween(start, lastWithData) + 1));
	const beforeFrom = addMonths(start, -afterMonths);
	const afterTo = addMonths(start, afterMonths - 1);
	const target = new Set(options.targetIds);
	const comparison = new Set(options.comparisonIds);
	const series = new Map<string, { target: number; comparison: number }>();
	for (let k = beforeFrom; k <= afterTo; k = addMonths(k, 1)) series.set(k, { target: 0, comparison: 0 });
	for (const r of rows) {
		const point = series.get(monthKey(r.year, r.month));
		if (!point) continue;
		if (target.has(r.area)) point.target += r.count;
		else if (comparison.has(r.area)) point.comparison += r.count;
	}
	const sum = (group: 'target' | 'comparison', from: string, to: string) =>
		[...series].filter(([k]) => k >= from && k <= to).reduce((s, [, v]) => s + v[group], 0);
	const group = (key: 'target' | 'comparison', ids: string[]): EffectGroup => {
		const before = sum(key, beforeFrom, addMonths(start, -1));
		const after = sum(key, start, afterTo);
		return { areas: ids.map((id) => options.names.get(id) ?? id), before, after, change: before > 0 ? after / before - 1 : null };
	};
	const t = group('target', options.targetIds);
	const c = group('comparison', options.comparisonIds);
	const relativeRatio = t.before > 0 && c.before > 0 && c.after > 0 ? t.after / t.before / (c.after / c.before) : null;
	return {
		window: { beforeFrom, start, afterTo, months: afterMonths },
		target: t,
		comparison: c,
		relativeRatio,
		series: [...series].map(([month, v]) => ({ month, ...v }))
	};
}

function monthsBetween(from: string, to: string): number {
	const [fy, fm] = from.split('-').map(Number);
	const [ty, tm] = to.split('-').map(Number);
	return ty * 12 + tm - (fy * 12 + fm);
}
