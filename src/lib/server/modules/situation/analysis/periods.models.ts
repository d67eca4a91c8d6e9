import { parseIsoDate } from '../situation.models';

/**
 * Period against period for the lägesbild map, and the table protection of its public page.
 * Pure rules, no I/O.
 */

export interface Period {
	from: string;
	to: string;
}

export interface AreaPeriodFigures {
	count: number;
	ratePer1000: number | null;
}

export interface AreaChange {
	id: string;
	name: string;
	before: AreaPeriodFigures;
	after: AreaPeriodFigures;
	/** after − before, in events. */
	change: number;
	/** Percent of the earlier count, one decimal; null when the earlier period had none. */
	changePercent: number | null;
	/** −2 … 2 on a diverging scale (see CHANGE_CLASSES); null without a percentage. */
	changeClass: number | null;
}

/** Lower bounds of the change classes in percent: a fall of more than 25 %, −25…−5, about the same, 5…25, more than 25 %. */
export const CHANGE_CLASSES = [-25, -5, 5, 25] as const;

export function changeClassOf(percent: number | null): number | null {
	if (percent === null) return null;
	let c = 0;
	while (c < CHANGE_CLASSES.length && percent >= CHANGE_CLASSES[c]) c++;
	return c - 2;
}

/** Counts and rates of two periods side by side for every area (an area without events has 0). */
export function comparePeriods(
	areas: { id: string; name: string }[],
	before: Map<string, AreaPeriodFigures>,
	after: Map<string, AreaPeriodFigures>
): AreaChange[] {
	return areas.map((area) => {
		const b = before.get(area.id) ?? { count: 0, ratePer1000: null };
		const a = after.get(area.id) ?? { count: 0, ratePer1000: null };
		const change = a.count - b.count;
		const changePercent = b.count > 0 ? Math.round((change / b.count) * 1000) / 10 : null;
		return { id: area.id, name: area.name, before: b, after: a, change, changePercent, changeClass: changeClassOf(changePercent) };
	});
}

/** Days in a period, both ends included. */
export function periodDays(period: Period): number {
	return Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The period of the same length that ends the day before `period` starts (a year before a calendar year). */
export function previousPeriod(period: Period): Period {
	const from = new Date(`${period.from}T00:00:00Z`);
	const to = new Date(`${period.to}T00:00:00Z`);
	const wholeYears = period.from.slice(5) === '01-01' && period.to.slice(5) === '12-31';
	if (wholeYears) {
		const years = to.getUTCFullYear() - from.getUTCFullYear() + 1;
		return { from: `${from.getUTCFullYear() - years}-01-01`, to: `${to.getUTCFullYear() - years}-12-31` };
	}
	const days = periodDays(period);
	const end = new Date(from.getTime() - 86_400_000);
	const start = new Date(end.getTime() - (days - 1) * 86_400_000);
	return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

export interface PeriodChoice {
	period: Period;
	comparison: Period;
	/** Swedish messages for parameters that were given but unreadable (the defaults are used instead). */
	problems: string[];
}

/**
 * The map's two periods from the query string (fran/till and jfr_fran/jfr_till): the latest
 * year with data and the year before it unless the user chose otherwise.
 */
export function choosePeriods(query: URLSearchParams, latestYear: number | null, today: string): PeriodChoice {
	const problems: string[] = [];
	const read = (name: string) => {
		const value = parseIsoDate(query.get(name));
		if (value !== null && typeof value === 'object') {
			problems.push(value.error);
			return null;
		}
		return value;
	};
	const year = latestYear ?? Number(today.slice(0, 4));
	let period: Period = { from: read('fran') ?? `${year}-01-01`, to: read('till') ?? `${year}-12-31` };
	if (period.to < period.from) {
		problems.push('Periodens slutdatum ligger före startdatumet; hela året visas i stället.');
		period = { from: `${year}-01-01`, to: `${year}-12-31` };
	}
	const defaultComparison = previousPeriod(period);
	let comparison: Period = { from: read('jfr_fran') ?? defaultComparison.from, to: read('jfr_till') ?? defaultComparison.to };
	if (comparison.to < comparison.from) {
		problems.push('Jämförelseperiodens slutdatum ligger före startdatumet; föregående period visas i stället.');
		comparison = defaultComparison;
	}
	return { period, comparison, problems };
}
