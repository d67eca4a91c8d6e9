/** EST's cadences (browser-safe, so the form can list them): a week, a fortnight or a calendar month. */
export const EST_CADENCES = ['vecka', '14dagar', 'manad'] as const;
export type EstCadence = (typeof EST_CADENCES)[number];
