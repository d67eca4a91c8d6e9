/** Browser-safe constants for medborgarlöften (citizen promises). */

/** Lifecycle of a promise: drafted, signed by both parties, published to citizens, closed. */
export const PROMISE_STATUSES = ['utkast', 'undertecknat', 'publicerat', 'avslutat'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

export const PROMISE_STATUS_LABELS: Readonly<Record<PromiseStatus, string>> = {
	utkast: 'Utkast',
	undertecknat: 'Undertecknat',
	publicerat: 'Publicerat',
	avslutat: 'Avslutat'
};

/** The statuses citizens see: a draft or a signed but unpublished promise is never public. */
export const PUBLIC_PROMISE_STATUSES = ['publicerat', 'avslutat'] as const satisfies readonly PromiseStatus[];

/** The open-data licence unless the municipality chooses another. */
export const DEFAULT_LICENCE = { id: 'CC0-1.0', name: 'CC0 1.0 Universell', url: 'https://creativecommons.org/publicdomain/zero/1.0/' } as const;

/** Outcome of one activity at a follow-up. */
export const ACTIVITY_OUTCOME_STATUSES = ['uppfyllt', 'delvis_uppfyllt', 'ej_uppfyllt', 'pagar'] as const;
export type ActivityOutcomeStatus = (typeof ACTIVITY_OUTCOME_STATUSES)[number];

export const ACTIVITY_OUTCOME_LABELS: Readonly<Record<ActivityOutcomeStatus, string>> = {
	uppfyllt: 'Uppfyllt',
	delvis_uppfyllt: 'Delvis uppfyllt',
	ej_uppfyllt: 'Ej uppfyllt',
	pagar: 'Pågår'
};

/** The two parties every promise has; other partners (e.g. a housing company) use their own key. */
export const PROMISE_PARTIES = ['polisen', 'kommunen'] as const;
export type PromiseParty = (typeof PROMISE_PARTIES)[number];

export const PROMISE_PARTY_LABELS: Readonly<Record<PromiseParty, string>> = {
	polisen: 'Polisen',
	kommunen: 'Kommunen'
};

export function isPromiseStatus(value: unknown): value is PromiseStatus {
	return typeof value === 'string' && (PROMISE_STATUSES as readonly string[]).includes(value);
}

export function isActivityOutcomeStatus(value: unknown): value is ActivityOutcomeStatus {
	return typeof value === 'string' && (ACTIVITY_OUTCOME_STATUSES as readonly string[]).includes(value);
}

/** The colour that goes with an outcome; the status is always written out next to it too. */
export const OUTCOME_TONE: Readonly<Record<ActivityOutcomeStatus, 'green' | 'yellow' | 'red' | 'blue'>> = {
	uppfyllt: 'green',
	delvis_uppfyllt: 'yellow',
	ej_uppfyllt: 'red',
	pagar: 'blue'
};

/**
 * What an activity's target is: a count to reach (at least), to hit (exactly) or to stay under (at
 * most), or yes/no ("ett trafiksäkerhetsråd inrättas": the activity itself is the target). An
 * activity without a target may still report a number ("303 kontroller").
 */
export const TARGET_KINDS = ['at_least', 'exactly', 'at_most', 'yes_no'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const NUMERIC_TARGET_KINDS = ['at_least', 'exactly', 'at_most'] as const satisfies readonly TargetKind[];

export function isTargetKind(value: unknown): value is TargetKind {
	return typeof value === 'string' && (TARGET_KINDS as readonly string[]).includes(value);
}

/** The dialogue basis as items: a dialogue or survey held, a survey result with its share, what citizens said. */
export const DIALOGUE_KINDS = ['dialog', 'enkat', 'sa'] as const;
export type DialogueKind = (typeof DIALOGUE_KINDS)[number];
