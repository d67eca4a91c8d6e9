import type { Db } from '../../db/client';
import { requireAccess } from '../../platform/access';
import type { Actor } from '../../platform/authz';
import { listAreaRows } from '../situation/public';
import { currentCycle, placeKey, type EstCadence } from './est.models';
import { findCycleSettings, listActivePriorities, listReportsBetween, listTasks } from './est.repository';
import { todayIso } from './est.usecases';

/**
 * The tertial (four months) and yearly analysis of EST (issue 13): how reports developed per
 * category and area month by month against the same period a year earlier, the places reported
 * again and again within the period, and the decisions of the period with their outcome — the
 * task's state, and how many reports came from its place in the weeks before and after it was
 * decided. Plain functions over rows; the use case at the end reads them.
 */

export type AnalysisKind = 'tertial' | 'ar';

export interface AnalysisPeriod {
	kind: AnalysisKind;
	year: number;
	/** 1–3 for a tertial (januari–april, maj–augusti, september–december). */
	tertial: number | null;
	start: string;
	end: string;
	/** The months of the period as YYYY-MM. */
	months: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The period: a whole year, or its tertial 1–3. */
export function analysisPeriod(kind: AnalysisKind, year: number, tertial: number | null): AnalysisPeriod {
	const first = kind === 'tertial' ? ((tertial ?? 1) - 1) * 4 + 1 : 1;
	const count = kind === 'tertial' ? 4 : 12;
	const months = Array.from({ length: count }, (_, i) => `${year}-${pad(first + i)}`);
	const lastMonth = first + count - 1;
	return {
		kind,
		year,
		tertial: kind === 'tertial' ? (tertial ?? 1) : null,
		start: `${year}-${pad(first)}-01`,
		end: `${year}-${pad(lastMonth)}-${pad(lastDay(year, lastMonth))}`,
		months
	};
}

/** The tertial a date falls in (1–3). */
export const tertialOf = (iso: string) => Math.floor((Number(iso.slice(5, 7)) - 1) / 4) + 1;

export interface AnalysisReport {
	category: string;
	place: string;
	areaId: string | null;
	latitude: number | null;
	longitude: number | null;
	occurredOn: string;
	effect: number;
}

export interface TrendRow {
	key: string;
	label: string;
	/** Reports per month of the period. */
	months: number[];
	total: number;
	/** The same months a year earlier. */
	lastYear: number;
}

function trend(
	period: AnalysisPeriod,
	reports: AnalysisReport[],
	lastYear: AnalysisReport[],
	keyOf: (r: AnalysisReport) => string,
	labelOf: (key: string) => string
): TrendRow[] {
	const rows = new Map<string, TrendRow>();
	const row = (key: string) => {
		let found = rows.get(key);
		if (!found) {
			found = { key, label: labelOf(key), months: period.months.map(() => 0), total: 0, lastYear: 0 };
			rows.set(key, found);
		}
		return found;
	};
	for (const report of reports) {
		const index = period.months.indexOf(report.occurredOn.slice(0, 7));
		if (index < 0) continue;
		const r = row(keyOf(report));
		r.months[index] += 1;
		r.total += 1;
	}
	for (const report of lastYear) row(keyOf(report)).lastYear += 1;
	return [...rows.values()].sort((a, b) => b.total - a.total || b.lastYear - a.lastYear || a.label.localeCompare(b.label, 'sv'));
}

export interface RepeatPlaceOfPeriod {
	label: string;
	reports: number;
	/** In how many cycles (or months, without a cadence) of the period it was reported. */
	cycles: number;
	categories: string[];
}

export interface TaskOutcome {
	what: string;
	place: string;
	organisationName: string;
	decidedOn: string;
	dueOn: string;
	status: string;
	comment: string;
	/** Reports from the task's place in the `window` days before and after the decision (null: no report names the place). */
	before: number | null;
	after: number | null;
}

/** How many days before and after a decision its place's reports are counted. */
export const OUTCOME_WINDOW_DAYS = 56;

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The analysis of a period from its reports (`reports` may hold reports outside it: those are the
 * outcome windows), the same period's reports a year earlier, and the period's tasks.
 */
export function analyse(options: {
	period: AnalysisPeriod;
	reports: AnalysisReport[];
	lastYear: AnalysisReport[];
	tasks: Omit<TaskOutcome, 'before' | 'after'>[];
	priorities: { place: string; since: string }[];
	areaNames: Map<string, string>;
	noAreaLabel: string;
	/** The cycle a date falls in (a month key without a cadence). */
	cycleOf: (iso: string) => string | number;
	minCycles?: number;
	today: string;
}) {
	const { period } = options;
	const inPeriod = options.reports.filter((r) => r.occurredOn >= period.start && r.occurredOn <= period.end);
	const byCategory = trend(
		period,
		inPeriod,
		options.lastYear,
		(r) => r.category,
		(key) => key
	);
	const byArea = trend(
		period,
		inPeriod,
		options.lastYear,
		(r) => r.areaId ?? '',
		(key) => (key ? (options.areaNames.get(key) ?? key) : options.noAreaLabel)
	);
	const perMonth = period.months.map((_, i) => byCategory.reduce((sum, row) => sum + row.months[i], 0));

	const places = new Map<string, { label: string; reports: number; cycles: Set<string | number>; categories: Set<string> }>();
	for (const report of [...inPeriod].sort((a, b) => b.occurredOn.localeCompare(a.occurredOn))) {
		const key = placeKey(report);
		if (!key) continue;
		const entry = places.get(key) ?? {
			label: report.place || `${report.latitude?.toFixed(4)}, ${report.longitude?.toFixed(4)}`,
			reports: 0,
			cycles: new Set(),
			categories: new Set()
		};
		entry.reports += 1;
		entry.cycles.add(options.cycleOf(report.occurredOn));
		entry.categories.add(report.category);
		places.set(key, entry);
	}
	const repeatPlaces: RepeatPlaceOfPeriod[] = [...places.values()]
		.filter((p) => p.cycles.size >= (options.minCycles ?? 3))
		.map((p) => ({ label: p.label, reports: p.reports, cycles: p.cycles.size, categories: [...p.categories].sort((a, b) => a.localeCompare(b, 'sv')) }))
		.sort((a, b) => b.cycles - a.cycles || b.reports - a.reports || a.label.localeCompare(b.label, 'sv'));

	const reportsAt = (place: string, from: string, to: string) => {
		const key = placeKey({ place, latitude: null, longitude: null, areaId: null });
		if (!key) return null;
		const at = options.reports.filter((r) => placeKey(r) === key);
		if (at.length === 0) return null;
		return at.filter((r) => r.occurredOn >= from && r.occurredOn <= to).length;
	};
	const tasks: TaskOutcome[] = options.tasks
		.filter((t) => t.decidedOn >= period.start && t.decidedOn <= period.end)
		.map((t) => {
			const before = reportsAt(t.place, addDays(t.decidedOn, -OUTCOME_WINDOW_DAYS), addDays(t.decidedOn, -1));
			// The window after the decision only counts once it has passed.
			const afterEnd = addDays(t.decidedOn, OUTCOME_WINDOW_DAYS);
			const after = afterEnd <= options.today ? reportsAt(t.place, addDays(t.decidedOn, 1), afterEnd) : null;
			return { ...t, before, after: before === null && after === null ? null : after };
		});
	const statusCounts = { oppen: 0, pagar: 0, klar: 0, inte_klar: 0 } as Record<string, number>;
	for (const task of tasks) statusCounts[task.status] = (statusCounts[task.status] ?? 0) + 1;
	const overdue = tasks.filter((t) => t.status !== 'klar' && t.dueOn < options.today).length;
	return {
		period,
		totals: { current: inPeriod.length, lastYear: options.lastYear.length },
		meanEffect: inPeriod.length ? Math.round((inPeriod.reduce((sum, r) => sum + r.effect, 0) / inPeriod.length) * 10) / 10 : null,
		perMonth,
		byCategory,
		byArea,
		repeatPlaces,
		tasks,
		statusCounts,
		overdue,
		prioritised: options.priorities.filter((p) => p.since <= period.end)
	};
}

export type EstAnalysis = ReturnType<typeof analyse>;

/** The analysis page: a tertial or a year (the current tertial without a choice). */
export async function estAnalysis(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	kind: AnalysisKind;
	year?: number;
	tertial?: number;
	noAreaLabel: string;
	today?: string;
}) {
	requireAccess(options.actor, 'est.read', { municipalityId: options.municipalityId });
	const today = options.today ?? todayIso();
	const thisYear = Number(today.slice(0, 4));
	const year = options.year && options.year >= 2000 && options.year <= thisYear ? options.year : thisYear;
	const tertial = options.tertial && options.tertial >= 1 && options.tertial <= 3 ? options.tertial : year === thisYear ? tertialOf(today) : 3;
	const period = analysisPeriod(options.kind, year, tertial);
	const lastYearPeriod = analysisPeriod(options.kind, year - 1, tertial);
	const [settings, reports, lastYear, tasks, priorities, areas] = await Promise.all([
		findCycleSettings(options.db, options.municipalityId),
		listReportsBetween(options.db, options.municipalityId, addDays(period.start, -OUTCOME_WINDOW_DAYS), addDays(period.end, OUTCOME_WINDOW_DAYS)),
		listReportsBetween(options.db, options.municipalityId, lastYearPeriod.start, lastYearPeriod.end),
		listTasks(options.db, options.municipalityId),
		listActivePriorities(options.db, options.municipalityId),
		listAreaRows(options.db, options.municipalityId)
	]);
	const cycleOf = settings
		? (iso: string) => currentCycle(settings.cadence as EstCadence, settings.firstCycleStart, iso).number
		: (iso: string) => iso.slice(0, 7);
	return analyse({
		period,
		reports,
		lastYear,
		tasks,
		priorities,
		areaNames: new Map(areas.map((a) => [a.id, a.name])),
		noAreaLabel: options.noAreaLabel,
		cycleOf,
		today
	});
}
