import { z } from 'zod';
import { EST_TIMES_OF_DAY, type EstCadence } from '$lib/modules/est/constants';

export {
	EST_CADENCES,
	EST_DEFAULT_CATEGORIES,
	EST_REPORT_STATUSES,
	EST_TIMES_OF_DAY,
	type EstCadence,
	type EstReportStatus,
	type EstTimeOfDay
} from '$lib/modules/est/constants';

/** Who an escalation goes to: the crime-prevention council (BRÅ) or the municipal leadership. */
export const EST_ESCALATION_GROUPS = ['bra', 'kommunledning'] as const;
export type EstEscalationGroup = (typeof EST_ESCALATION_GROUPS)[number];

const DAY = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (date: Date) => date.toISOString().slice(0, 10);

export interface Cycle {
	number: number;
	start: string;
	end: string;
}

/**
 * The cycle `today` falls in, counting whole cycles from the first one's start (dates as
 * YYYY-MM-DD, inclusive). Before the first cycle starts, the first cycle is the current one.
 */
export function currentCycle(cadence: EstCadence, firstCycleStart: string, today: string): Cycle {
	const first = toDate(firstCycleStart);
	const now = toDate(today) < first ? first : toDate(today);
	if (cadence === 'manad') {
		// Whole months since the first start, where a month ends on the (clamped) same day of the month.
		let months = (now.getUTCFullYear() - first.getUTCFullYear()) * 12 + now.getUTCMonth() - first.getUTCMonth();
		if (addMonths(first, months) > now) months -= 1;
		return cycleByNumber(cadence, firstCycleStart, months + 1);
	}
	const length = cadence === 'vecka' ? 7 : 14;
	return cycleByNumber(cadence, firstCycleStart, Math.floor((now.getTime() - first.getTime()) / DAY / length) + 1);
}

/** Cycle number `number` (1 is the first): its first and last day. */
export function cycleByNumber(cadence: EstCadence, firstCycleStart: string, number: number): Cycle {
	const first = toDate(firstCycleStart);
	if (cadence === 'manad') {
		return { number, start: toIso(addMonths(first, number - 1)), end: toIso(new Date(addMonths(first, number).getTime() - DAY)) };
	}
	const length = cadence === 'vecka' ? 7 : 14;
	const start = new Date(first.getTime() + (number - 1) * length * DAY);
	return { number, start: toIso(start), end: toIso(new Date(start.getTime() + (length - 1) * DAY)) };
}

/** The same dates a year earlier (29 February becomes 28 February). */
export function yearEarlier(period: { start: string; end: string }): { start: string; end: string } {
	const shift = (iso: string) => {
		const date = toDate(iso);
		const target = new Date(Date.UTC(date.getUTCFullYear() - 1, date.getUTCMonth(), 1));
		const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
		target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
		return toIso(target);
	};
	return { start: shift(period.start), end: shift(period.end) };
}

/** ISO week number of a date, for titles such as "EST-lägesbild vecka 48–49". */
export function isoWeek(iso: string): number {
	const date = toDate(iso);
	const day = (date.getUTCDay() + 6) % 7;
	date.setUTCDate(date.getUTCDate() - day + 3);
	const firstThursday = new Date(Date.UTC(date.getUTCFullYear(), 0, 4));
	return 1 + Math.round(((date.getTime() - firstThursday.getTime()) / DAY - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
}

/**
 * Where a report is, as a key that finds the same place again: the written place in lower case
 * without punctuation and extra spaces ("Tallrisvägen 12, soprummet" = "tallrisvägen 12 soprummet"),
 * or, for a report with only a point, its cell of about 100 m.
 */
export function placeKey(report: { place: string; latitude: number | null; longitude: number | null; areaId: string | null }): string | null {
	const text = report.place
		.toLocaleLowerCase('sv')
		.replace(/[.,;:!?()"'”–-]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (text) return `plats:${text}`;
	if (report.latitude !== null && report.longitude !== null) return `punkt:${report.latitude.toFixed(3)}:${report.longitude.toFixed(3)}`;
	return null;
}

/** The same day `months` later, or the month's last day when it has no such day (31 January + 1 → 28/29 February). */
function addMonths(date: Date, months: number): Date {
	const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
	target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
	return target;
}

/** Sweden's extent, generously: a point outside it is a mistake (swapped coordinates, a phone abroad). */
const inSweden = (latitude: number, longitude: number) => latitude >= 55 && latitude <= 69.2 && longitude >= 10.5 && longitude <= 24.3;

const optionalNumber = z.preprocess(
	(value) => (value === '' || value === null || value === undefined ? undefined : Number(value)),
	z.number().finite().optional()
);

/**
 * A report as the form, the import and Open311 send it (all strings from a form). Each field's
 * error is a code (est.error.*) so the edge can say it in the reader's language.
 */
export const reportInputSchema = z
	.object({
		category: z.string().trim().min(1).max(100),
		place: z.string().trim().max(200).default(''),
		areaId: z.preprocess((value) => (value === '' ? undefined : value), z.uuid().optional()),
		latitude: optionalNumber,
		longitude: optionalNumber,
		occurredOn: z.iso.date(),
		timeOfDay: z.enum(EST_TIMES_OF_DAY),
		effect: z.coerce.number().int().min(1).max(4),
		description: z.string().trim().max(2000).default(''),
		notifyReporter: z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean()).default(false)
	})
	.superRefine((input, context) => {
		const hasPoint = input.latitude !== undefined && input.longitude !== undefined;
		if (hasPoint && !inSweden(input.latitude!, input.longitude!)) context.addIssue({ code: 'custom', path: ['latitude'], message: 'est.point_outside' });
		if (!input.place && !input.areaId && !hasPoint) context.addIssue({ code: 'custom', path: ['place'], message: 'est.place_missing' });
	});

export type ReportInput = z.infer<typeof reportInputSchema>;

/** The error code of each field of a report, for a failed parse. */
const REPORT_FIELD_CODES: Record<string, string> = {
	category: 'est.category_invalid',
	place: 'est.place_invalid',
	areaId: 'est.area_invalid',
	latitude: 'est.point_invalid',
	longitude: 'est.point_invalid',
	occurredOn: 'est.occurred_on_invalid',
	timeOfDay: 'est.time_of_day_invalid',
	effect: 'est.effect_invalid',
	description: 'est.description_too_long'
};

/**
 * Field → error code for the issues of a failed report parse (custom issues carry their own code).
 * Zod skips the whole-report checks when a field fails, so a missing place is added from the raw
 * input: the reporter learns everything that is wrong at once.
 */
export function reportErrorCodes(issues: readonly { path: PropertyKey[]; message: string; code?: string }[], raw: unknown): Record<string, { code: string }> {
	const codes: Record<string, { code: string }> = {};
	const given = (raw ?? {}) as Record<string, unknown>;
	const filled = (name: string) =>
		typeof given[name] === 'string' ? (given[name] as string).trim() !== '' : given[name] !== undefined && given[name] !== null;
	if (!filled('place') && !filled('areaId') && !filled('latitude')) codes.place = { code: 'est.place_missing' };
	for (const issue of issues) {
		const field = String(issue.path[0] ?? 'form');
		const key = field === 'longitude' ? 'latitude' : field;
		codes[key] ??= { code: issue.code === 'custom' ? issue.message : (REPORT_FIELD_CODES[field] ?? 'est.report_invalid') };
	}
	return codes;
}

/** The report's date must not lie ahead of today (the reporter's phone may be off by a day: tomorrow is let through). */
export function occurredInFuture(occurredOn: string, today: string): boolean {
	return toDate(occurredOn).getTime() > toDate(today).getTime() + DAY;
}
