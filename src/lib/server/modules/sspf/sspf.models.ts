import { z } from 'zod';

import { ACTION_STATUSES, ALL_FACTORS, CASE_STATUSES, FACTOR_LEVELS, REFERRAL_SOURCES, SSPF_CATEGORIES, SSPF_FACTORS } from '$lib/modules/sspf/constants';

export * from '$lib/modules/sspf/constants';
export type SspfCategory = (typeof SSPF_CATEGORIES)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number] | 'raderad';
export type FactorGroup = keyof typeof SSPF_FACTORS;
export const factorGroupOf = (factor: string): FactorGroup | null =>
	(Object.keys(SSPF_FACTORS) as FactorGroup[]).find((group) => (SSPF_FACTORS[group] as readonly string[]).includes(factor)) ?? null;

const isoDate = z.iso.date();
const name = z.string().trim().min(2).max(120);

export const newCaseSchema = z.object({
	name,
	personnummer: z.string().trim().min(10).max(13),
	guardians: z.array(z.object({ name, phone: z.string().trim().max(40).default('') })).max(2),
	referralFrom: z.string().trim().min(2).max(200),
	referralSource: z.enum(REFERRAL_SOURCES),
	referralReason: z.string().trim().min(2).max(4000),
	referredOn: isoDate
});
export type NewCase = z.infer<typeof newCaseSchema>;

export const consentSchema = z.object({
	signatories: z
		.array(z.object({ role: z.enum(['vardnadshavare', 'ungdomen']), name }))
		.min(1)
		.max(3),
	categories: z.array(z.enum(SSPF_CATEGORIES)).min(1),
	recipients: z.array(z.object({ organisationId: z.uuid(), unit: z.string().trim().max(200).default('') })).min(1),
	validFrom: isoDate,
	validTo: isoDate,
	renewsId: z.uuid().optional()
});
export type ConsentInput = z.infer<typeof consentSchema>;

export const withdrawalSchema = z.union([
	z.object({ whole: z.literal(true) }),
	z.object({ categories: z.array(z.enum(SSPF_CATEGORIES)).default([]), recipients: z.array(z.uuid()).default([]) })
]);

/** What each kind of entry holds (sealed); the instrument entry holds a name and summary, never an instrument's items. */
export const entrySchemas = {
	assessment: z.object({ factor: z.enum(ALL_FACTORS as [string, ...string[]]), level: z.enum(FACTOR_LEVELS), note: z.string().trim().max(2000).default('') }),
	instrument: z.object({ instrument: z.string().trim().min(2).max(80), summary: z.string().trim().min(2).max(4000) }),
	goal: z.object({ goal: z.string().trim().min(2).max(1000) }),
	action: z.object({ action: z.string().trim().min(2).max(1000) }),
	follow_up: z.object({
		minutes: z.string().trim().min(2).max(8000),
		youngPersonTookPart: z.boolean(),
		guardiansTookPart: z.boolean(),
		actionStatuses: z.array(z.object({ actionId: z.uuid(), status: z.enum(ACTION_STATUSES) })).default([])
	}),
	meeting_note: z.object({ minutes: z.string().trim().min(2).max(8000) })
} as const;
export type EntryKind = keyof typeof entrySchemas;

/** The last day of a consent that starts on `from` and runs at most twelve months. */
export function latestConsentEnd(from: string): string {
	const start = new Date(`${from}T00:00:00Z`);
	const end = new Date(Date.UTC(start.getUTCFullYear() + 1, start.getUTCMonth(), start.getUTCDate()));
	end.setUTCDate(end.getUTCDate() - 1);
	return end.toISOString().slice(0, 10);
}

/**
 * Who must sign at this age (on the day the consent starts): under 15 every guardian; 15–17 every
 * guardian and the young person; from 18 the person alone.
 */
export function requiredSignatories(age: number, guardianCount: number): { guardians: number; youngPerson: boolean } {
	if (age >= 18) return { guardians: 0, youngPerson: true };
	return { guardians: Math.max(1, guardianCount), youngPerson: age >= 15 };
}

export function ageGroupOf(age: number): '12–14' | '15–17' | '18–20' {
	return age < 15 ? '12–14' : age < 18 ? '15–17' : '18–20';
}
