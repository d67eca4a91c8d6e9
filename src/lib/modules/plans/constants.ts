/**
 * Browser-safe constants for action plans (åtgärdsplaner).
 *
 * Twice a year each responsible organisation reports a status per measure (åtgärd);
 * the coordinator compiles them for the crime-prevention council and the municipal board.
 * The roll-up deliberately gives counts only — no percentages, which read as precision the
 * self-reported statuses do not have.
 */

export const MEASURE_STATUS_CODES = ['ej_paborjad', 'pagar_enligt_plan', 'pagar_med_avvikelse', 'forsenad', 'genomford', 'avbruten'] as const;

export type MeasureStatus = (typeof MEASURE_STATUS_CODES)[number];

/** Traffic-light tone used for badges and roll-up charts. */
export type StatusTone = 'grey' | 'green' | 'yellow' | 'orange' | 'blue' | 'red';

export interface MeasureStatusInfo {
	readonly code: MeasureStatus;
	/** Swedish label, shown first in the interface. */
	readonly label: string;
	/** English label for the secondary locale. */
	readonly labelEn: string;
	readonly tone: StatusTone;
	/** True when no more follow-up reports are expected. */
	readonly final: boolean;
}

export const MEASURE_STATUSES: readonly MeasureStatusInfo[] = [
	{ code: 'ej_paborjad', label: 'Ej påbörjad', labelEn: 'Not started', tone: 'grey', final: false },
	{ code: 'pagar_enligt_plan', label: 'Pågår enligt plan', labelEn: 'On track', tone: 'green', final: false },
	{ code: 'pagar_med_avvikelse', label: 'Pågår med avvikelse', labelEn: 'In progress with deviation', tone: 'yellow', final: false },
	{ code: 'forsenad', label: 'Försenad', labelEn: 'Delayed', tone: 'orange', final: false },
	{ code: 'genomford', label: 'Genomförd', labelEn: 'Completed', tone: 'blue', final: true },
	{ code: 'avbruten', label: 'Avbruten', labelEn: 'Cancelled', tone: 'red', final: true }
];

export const MEASURE_STATUS_BY_CODE: Readonly<Record<MeasureStatus, MeasureStatusInfo>> = Object.fromEntries(
	MEASURE_STATUSES.map((s) => [s.code, s])
) as Record<MeasureStatus, MeasureStatusInfo>;

export function isMeasureStatus(value: unknown): value is MeasureStatus {
	return typeof value === 'string' && (MEASURE_STATUS_CODES as readonly string[]).includes(value);
}

export function measureStatusLabel(status: MeasureStatus, locale: 'sv' | 'en' = 'sv'): string {
	const info = MEASURE_STATUS_BY_CODE[status];
	return locale === 'en' ? info.labelEn : info.label;
}

export interface StatusRollUp {
	/** Number of measures per status; every status is present (0 when none). */
	readonly counts: Record<MeasureStatus, number>;
	/** Measures that have no status reported yet (null/undefined/unknown value). */
	readonly notReported: number;
	/** All measures counted, reported or not. */
	readonly total: number;
}

/** Counts per status, in the fixed order of MEASURE_STATUSES. No percentages. */
export function rollUpStatuses(statuses: readonly (MeasureStatus | string | null | undefined)[]): StatusRollUp {
	const counts = Object.fromEntries(MEASURE_STATUS_CODES.map((c) => [c, 0])) as Record<MeasureStatus, number>;
	let notReported = 0;
	for (const s of statuses) {
		if (isMeasureStatus(s)) counts[s] += 1;
		else notReported += 1;
	}
	return { counts, notReported, total: statuses.length };
}

/** Column keys of a measures table, in the order the law-based template uses. */
export const PLAN_COLUMNS = ['measure', 'time', 'scope', 'responsible', 'cost', 'goal', 'followUp'] as const;
export type PlanColumn = (typeof PLAN_COLUMNS)[number];

/** The Swedish column headings of the template (Åtgärd, Tid, Omfattning, …). */
export const PLAN_COLUMN_LABELS: Readonly<Record<PlanColumn, string>> = {
	measure: 'Åtgärd',
	time: 'Tid',
	scope: 'Omfattning',
	responsible: 'Ansvarig',
	cost: 'Kostnad',
	goal: 'Mål',
	followUp: 'Uppföljning'
};

export const FOLLOW_UP_CADENCES = ['månad', 'kvartal', 'halvår', 'år'] as const;
export type FollowUpCadence = (typeof FOLLOW_UP_CADENCES)[number];

export const DECISION_KINDS = ['beredning', 'ställningstagande', 'remiss', 'beslut'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const DECISION_KIND_LABELS: Readonly<Record<DecisionKind, string>> = {
	beredning: 'Beredning',
	ställningstagande: 'Ställningstagande',
	remiss: 'Remiss',
	beslut: 'Beslut'
};

/** Plan statuses: a decided plan changes only through a new revision. */
export const PLAN_STATUSES = ['utkast', 'pa_remiss', 'beslutad', 'avslutad'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export function isPlanStatus(value: unknown): value is PlanStatus {
	return typeof value === 'string' && (PLAN_STATUSES as readonly string[]).includes(value);
}

/**
 * Risk and protective factors a measure can target (Socialstyrelsen's Kunskapsguiden, as listed
 * in domain.md). Codes are stable; the labels are Swedish as practitioners write them.
 */
export const FACTOR_GROUPS = [
	{
		group: 'Statiska riskfaktorer',
		factors: [
			['debutalder', 'Tidig debut av normbrytande beteende'],
			['kon', 'Kön'],
			['neuropsykologi', 'Neuropsykologiska förutsättningar'],
			['socioekonomi', 'Socioekonomiska förhållanden och demografi'],
			['familjestruktur', 'Familjestruktur']
		]
	},
	{
		group: 'Dynamiska riskfaktorer hos barnet',
		factors: [
			['trots', 'Trots, ilska, orädsla'],
			['impulsivitet', 'Hyperaktivitet, impulsivitet, koncentrationssvårigheter'],
			['empati', 'Svårigheter med empati, skuld och ånger'],
			['skola_sprak', 'Svaga språkkunskaper eller skolresultat'],
			['attityder', 'Negativ problemlösning, tolkningar och attityder'],
			['nedstamdhet', 'Nedstämdhet eller självskada'],
			['normbrott', 'Normbrytande beteende'],
			['alkohol_droger', 'Alkohol- eller droganvändning'],
			['kamrater', 'Problematiska kamratrelationer']
		]
	},
	{
		group: 'Dynamiska riskfaktorer i familjen',
		factors: [
			['foraldrars_svarigheter', 'Föräldrarnas egna svårigheter'],
			['relation', 'Svårigheter i relationen mellan förälder och barn'],
			['foraldrastrategier', 'Föräldrarnas svårigheter med föräldrastrategier']
		]
	},
	{
		group: 'Skyddsfaktorer hos barnet',
		factors: [
			['skolanknytning', 'Positiv skolanknytning och skolresultat'],
			['positiva_attityder', 'Positiva attityder och problemlösning'],
			['positivt_umgange', 'Positivt umgänge och aktiviteter'],
			['motivation', 'Den unges medvetenhet och motivation']
		]
	},
	{
		group: 'Skyddsfaktorer i familjen',
		factors: [
			['foraldrars_engagemang', 'Föräldrarnas ork, engagemang och stöd'],
			['positiva_foraldrastrategier', 'Föräldrarnas positiva attityder och föräldrastrategier'],
			['foraldrars_motivation', 'Föräldrarnas medvetenhet och motivation']
		]
	}
] as const;

export const FACTOR_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
	FACTOR_GROUPS.flatMap((g) => g.factors.map(([code, label]) => [code, label]))
);
