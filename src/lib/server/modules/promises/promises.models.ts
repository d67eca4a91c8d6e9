import { ACTIVITY_OUTCOME_STATUSES, isActivityOutcomeStatus, type ActivityOutcomeStatus } from '../../../modules/promises/constants';

/** A countable goal read from an activity, e.g. "minst 8 nya områden med grannsamverkan". */
export interface MeasurableTarget {
	value: number;
	unit: string;
}

/** The outcome a measured result alone can justify; 'pagar' is a judgement the reporter makes. */
export type TargetOutcome = Exclude<ActivityOutcomeStatus, 'pagar'>;

/**
 * Met when the achieved amount reaches the target, partly met when anything was achieved.
 * A target of 0 is met by definition.
 */
export function evaluateTarget(target: MeasurableTarget | number, achieved: number): TargetOutcome {
	const goal = typeof target === 'number' ? target : target.value;
	if (!Number.isFinite(goal) || goal < 0) throw new RangeError(`Ogiltigt målvärde: ${goal}`);
	if (!Number.isFinite(achieved) || achieved < 0) throw new RangeError(`Ogiltigt utfall: ${achieved}`);
	if (achieved >= goal) return 'uppfyllt';
	if (achieved > 0) return 'delvis_uppfyllt';
	return 'ej_uppfyllt';
}

export type FollowUpOutcome = ActivityOutcomeStatus | null | undefined | { status: ActivityOutcomeStatus | null | undefined };

export type FollowUpSummary = Record<ActivityOutcomeStatus, number> & {
	/** Activities without a reported status yet. */
	notReported: number;
	total: number;
};

/** Counts the activities of one follow-up per status; activities nobody has reported on are counted apart. */
export function summariseFollowUp(outcomes: readonly FollowUpOutcome[]): FollowUpSummary {
	const summary = Object.fromEntries(ACTIVITY_OUTCOME_STATUSES.map((s) => [s, 0])) as Record<ActivityOutcomeStatus, number>;
	let notReported = 0;
	for (const outcome of outcomes) {
		const status = outcome !== null && typeof outcome === 'object' ? outcome.status : outcome;
		if (status === null || status === undefined) {
			notReported++;
		} else if (isActivityOutcomeStatus(status)) {
			summary[status]++;
		} else {
			// Data from the database or a form should never carry an unknown status; hiding it would skew the report.
			throw new TypeError(`Okänd status för aktivitet: ${String(status)}`);
		}
	}
	return { ...summary, notReported, total: outcomes.length };
}

/** A URL segment from a title: lower case ASCII, å/ä/ö folded, words joined by hyphens. */
export function slugify(value: string): string {
	return (
		value
			.toLowerCase()
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 80)
			.replace(/-+$/, '') || 'medborgarlofte'
	);
}

/** The first of `base`, `base-2`, `base-3` … that is not taken. */
export function uniqueSlug(base: string, taken: readonly string[]): string {
	const used = new Set(taken);
	if (!used.has(base)) return base;
	for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The year a promise runs to, counting its extensions. */
export function effectiveEnd(periodEnd: number | null, extensions: readonly { toYear: number }[]): number | null {
	const years = [periodEnd, ...extensions.map((e) => e.toYear)].filter((y): y is number => y !== null);
	return years.length ? Math.max(...years) : null;
}

/** "2021–2022", "2022", or "" when the period is unknown. */
export function periodLabel(start: number | null, end: number | null): string {
	if (start === null && end === null) return '';
	if (start === null || end === null || start === end) return String(start ?? end);
	return `${start}–${end}`;
}

/**
 * The status a follow-up stores for one activity: the reporter's choice wins; without one, a
 * measured result against a target decides; otherwise it is not reported.
 */
export function outcomeStatus(chosen: ActivityOutcomeStatus | null, target: number | null, achieved: number | null): ActivityOutcomeStatus | null {
	if (chosen) return chosen;
	if (target !== null && achieved !== null) return evaluateTarget(target, achieved);
	return null;
}

/** Whether a measured target was reached: null when there is no target or no measured result. */
export function targetMet(target: number | null, achieved: number | null): boolean | null {
	if (target === null || achieved === null) return null;
	return achieved >= target;
}
