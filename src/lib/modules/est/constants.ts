/** EST's cadences (browser-safe, so the form can list them): a week, a fortnight or a calendar month. */
export const EST_CADENCES = ['vecka', '14dagar', 'manad'] as const;
export type EstCadence = (typeof EST_CADENCES)[number];

/** When in the day something happened: the parts of the day the EST picture compares. */
export const EST_TIMES_OF_DAY = ['natt', 'morgon', 'dag', 'kvall'] as const;
export type EstTimeOfDay = (typeof EST_TIMES_OF_DAY)[number];

/** The assessed effect on safety, 1 (little) to 4 (the place is avoided); the words are est.effect.N. */
export const EST_EFFECTS = ['1', '2', '3', '4'] as const;

/** What became of a report, as its reporter sees it. */
export const EST_REPORT_STATUSES = ['mottagen', 'behandlad', 'atgard_beslutad', 'atgardad'] as const;
export type EstReportStatus = (typeof EST_REPORT_STATUSES)[number];

/** The categories a municipality starts with (issue 13); the coordinator edits the list. */
export const EST_DEFAULT_CATEGORIES = [
	'Skadegörelse',
	'Klotter',
	'Nedskräpning',
	'Brand/anlagd brand',
	'Mörk eller öde plats',
	'Belysning ur funktion',
	'Samling som upplevs hotfull',
	'Misstänkt narkotikahandel',
	'Olaglig moped-/EPA-körning',
	'Våld',
	'Hot mot personal',
	'Inbrott',
	'Kanyler/sprutor',
	'Annat'
] as const;

/** A task's state: decided (nothing reported yet), ongoing, done, not done. */
export const EST_TASK_STATUSES = ['oppen', 'pagar', 'klar', 'inte_klar'] as const;
/** What a check (by the owner or at the next meeting) may say. */
export const EST_CHECK_STATUSES = ['klar', 'pagar', 'inte_klar'] as const;
