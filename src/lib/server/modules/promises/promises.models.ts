import {
	ACTIVITY_OUTCOME_STATUSES,
	isActivityOutcomeStatus,
	type ActivityOutcomeStatus
} from '../../../modules/promises/constants';

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
