import {
	ACTIVITY_OUTCOME_STATUSES,
	isActivityOutcomeStatus,
	isTargetKind,
	type ActivityOutcomeStatus,
	type TargetKind
} from '../../../modules/promises/constants';

/** A countable goal read from an activity, e.g. "minst 8 nya områden med grannsamverkan". */
export interface MeasurableTarget {
	value: number;
	unit: string;
	/** How the value is read; without one, "at least". */
	kind?: Exclude<TargetKind, 'yes_no'>;
}

/** The outcome a measured result alone can justify; 'pagar' is a judgement the reporter makes. */
export type TargetOutcome = Exclude<ActivityOutcomeStatus, 'pagar'>;

/**
 * The outcome a measured result justifies, by the target's kind. At least (the default): met when the
 * result reaches the target, partly met when anything was achieved (a target of 0 is met by
 * definition). Exactly: met on the value, partly met below it, not met above it. At most: met at or
 * below the value, not met above it. Yes/no: an achieved value of 1 is met, 0 is not.
 */
export function evaluateTarget(target: MeasurableTarget | number | null, achieved: number, kind: TargetKind = 'at_least'): TargetOutcome {
	if (!Number.isFinite(achieved) || achieved < 0) throw new RangeError(`Ogiltigt utfall: ${achieved}`);
	if (kind === 'yes_no') return achieved > 0 ? 'uppfyllt' : 'ej_uppfyllt';
	const goal = typeof target === 'number' ? target : target === null ? Number.NaN : target.value;
	if (!Number.isFinite(goal) || goal < 0) throw new RangeError(`Ogiltigt målvärde: ${goal}`);
	if (kind === 'at_most') return achieved <= goal ? 'uppfyllt' : 'ej_uppfyllt';
	if (kind === 'exactly') return achieved === goal ? 'uppfyllt' : achieved > 0 && achieved < goal ? 'delvis_uppfyllt' : 'ej_uppfyllt';
	if (achieved >= goal) return 'uppfyllt';
	if (achieved > 0) return 'delvis_uppfyllt';
	return 'ej_uppfyllt';
}

/** The stored kind of a target: a value without a kind (rows from before kinds existed) is "at least". */
export function targetKindOf(kind: string | null | undefined, value: number | null): TargetKind | null {
	if (isTargetKind(kind)) return kind;
	return value === null ? null : 'at_least';
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
export function outcomeStatus(
	chosen: ActivityOutcomeStatus | null,
	target: number | null,
	achieved: number | null,
	kind: string | null = null
): ActivityOutcomeStatus | null {
	if (chosen) return chosen;
	const k = targetKindOf(kind, target);
	if (k && achieved !== null && (k === 'yes_no' || target !== null)) return evaluateTarget(target, achieved, k);
	return null;
}

/** Whether a measured target was reached: null when there is no target or no measured result. */
export function targetMet(target: number | null, achieved: number | null, kind: string | null = null): boolean | null {
	const k = targetKindOf(kind, target);
	if (k === null || achieved === null || (k !== 'yes_no' && target === null)) return null;
	return evaluateTarget(target, achieved, k) === 'uppfyllt';
}

/** A target in Swedish as the documents write it: "minst 8 nya områden", "högst 2 …", "genomförs (ja/nej)"; empty without one. */
export function targetText(kind: string | null, value: number | null, unit: string | null): string {
	const k = targetKindOf(kind, value);
	if (k === 'yes_no') return 'genomförs (ja/nej)';
	if (k === null || value === null) return '';
	const amount = `${value.toLocaleString('sv-SE')} ${unit ?? ''}`.trim();
	return k === 'at_most' ? `högst ${amount}` : k === 'exactly' ? `exakt ${amount}` : `minst ${amount}`;
}
