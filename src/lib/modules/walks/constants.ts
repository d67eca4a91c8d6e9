/**
 * A finding's states (issue 14), browser-safe so forms can list them: ny, tilldelad, planerad (with
 * a date), åtgärdad (with a photo), delvis åtgärdad, inte vårt ansvar (back to the coordinator),
 * avvisad (with a reason), kvarstår efter återbesök.
 */
export const FINDING_STATES = ['ny', 'tilldelad', 'planerad', 'atgardad', 'delvis_atgardad', 'inte_vart_ansvar', 'avvisad', 'kvarstar'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** What an owner may answer. */
export const OWNER_ANSWER_STATES = ['planerad', 'atgardad', 'delvis_atgardad', 'inte_vart_ansvar'] as const;

/** The method's limit on participants: more residents than this and the walk splits poorly. */
export const RESIDENTS_WARNING_ABOVE = 20;

/** The checklist's default categories (Boverket/Brå questions, scored 1–4 per stop as Safetipin does). */
export const DEFAULT_CHECKLIST = [
	'Belysning',
	'Sikt och överblickbarhet',
	'Vegetation',
	'Gömställen',
	'Skyltning och orientering',
	'Skötsel, nedskräpning och klotter',
	'Människor och aktivitet',
	'Flyktvägar',
	'Kollektivtrafikens hållplatser',
	'Känsla'
] as const;

/** Meetings of a walk, each with its own calendar invitation. */
export const WALK_MEETINGS = ['formote', 'vandring', 'uppfoljning'] as const;
export type WalkMeeting = (typeof WALK_MEETINGS)[number];
