/** SSPF's enumerations, shared by the server (validation) and the pages (labels). */
export const SSPF_CATEGORIES = ['skola', 'socialtjanst', 'polis', 'fritid', 'halsa'] as const;
/** `grund`: the young person, guardians and referral; readable with any consent naming the reader's organisation. */
export const BASIC_CATEGORY = 'grund';
export const READABLE_CATEGORIES = [BASIC_CATEGORY, ...SSPF_CATEGORIES] as const;
export const CASE_STATUSES = ['aktuell', 'vilande', 'avslutad'] as const;
export const REFERRAL_SOURCES = ['skola', 'socialtjanst', 'polis', 'fritid', 'vardnadshavare', 'ungdomen', 'annan'] as const;
export const ENTRY_KINDS = ['assessment', 'instrument', 'goal', 'action', 'follow_up', 'meeting_note'] as const;
/** Whether the factor is present: `finns` counts it in the prevalence statistics. */
export const FACTOR_LEVELS = ['finns', 'delvis', 'finns_inte', 'okant'] as const;
export const REFUSAL_REASONS = ['not_in_team', 'no_consent', 'consent_expired', 'not_a_recipient', 'not_in_unit', 'category_not_covered'] as const;

/** The status of an action at a follow-up meeting. */
export const ACTION_STATUSES = ['klar', 'pagar', 'forsenad', 'ej_paborjad'] as const;

/** Socialstyrelsen's risk and protective factors (Kunskapsguiden), as listed in domain.md. */
export const SSPF_FACTORS = {
	static: ['debut_age', 'gender', 'neuropsychology', 'socioeconomic', 'family_structure'],
	risk_child: ['defiance', 'hyperactivity', 'empathy', 'language_school', 'negative_attitudes', 'low_mood', 'norm_breaking', 'substance_use', 'peer_relations'],
	risk_family: ['parents_difficulties', 'parent_child_relationship', 'parenting_strategies'],
	protective_child: ['school_attachment', 'positive_attitudes', 'positive_company', 'youth_motivation'],
	protective_family: ['parents_engagement', 'parents_positive_strategies', 'parents_motivation']
} as const;
export const ALL_FACTORS = Object.values(SSPF_FACTORS).flat() as readonly string[];
