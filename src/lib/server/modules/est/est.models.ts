import type { EstCadence } from '$lib/modules/est/constants';

export { EST_CADENCES, type EstCadence } from '$lib/modules/est/constants';

const DAY = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The cycle `today` falls in, counting whole cycles from the first one's start (dates as
 * YYYY-MM-DD, inclusive). Before the first cycle starts, the first cycle is the current one.
 */
export function currentCycle(cadence: EstCadence, firstCycleStart: string, today: string): { number: number; start: string; end: string } {
	const first = toDate(firstCycleStart);
	const now = toDate(today) < first ? first : toDate(today);
	if (cadence === 'manad') {
		// Whole months since the first start, where a month ends on the (clamped) same day of the month.
		let months = (now.getUTCFullYear() - first.getUTCFullYear()) * 12 + now.getUTCMonth() - first.getUTCMonth();
		if (addMonths(first, months) > now) months -= 1;
		const start = addMonths(first, months);
		return { number: months + 1, start: toIso(start), end: toIso(new Date(addMonths(first, months + 1).getTime() - DAY)) };
	}
	const length = cadence === 'vecka' ? 7 : 14;
	const index = Math.floor((now.getTime() - first.getTime()) / DAY / length);
	const start = new Date(first.getTime() + index * length * DAY);
	return { number: index + 1, start: toIso(start), end: toIso(new Date(start.getTime() + (length - 1) * DAY)) };
}

/** The same day `months` later, or the month's last day when it has no such day (31 January + 1 → 28/29 February). */
function addMonths(date: Date, months: number): Date {
	const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
	target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
	return target;
}
