/** Input schemas for medborgarlöften: the browser and the server validate with the same objects. */
import { z } from 'zod';
import { ACTIVITY_OUTCOME_STATUSES, DIALOGUE_KINDS, PROMISE_STATUSES, TARGET_KINDS, type TargetKind } from './constants';
import { parseLooseDate, type LooseDate } from './loose-date';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const longText = (max = 20_000) =>
	z
		.string()
		.trim()
		.max(max, { message: `Texten är för lång (högst ${max.toLocaleString('sv-SE')} tecken).` });
const optionalDate = z
	.string()
	.trim()
	.refine((v) => v === '' || (ISO_DATE.test(v) && !Number.isNaN(Date.parse(v))), { message: 'Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-12-10.' })
	.transform((v) => (v === '' ? null : v));
const LOOSE_DATE_MESSAGE = 'Skriv datumet som 2025-12-10, en månad (”februari 2026”), en årstid (”våren 2026”) eller ”senast juni 2026”.';
/** A date as municipalities write it: a day, a month, a season or a deadline (loose-date.ts). */
const looseDate = z.union([z.string(), z.null()]).transform((v, ctx): LooseDate | null => {
	const parsed = parseLooseDate(v ?? '');
	if (parsed === undefined) {
		ctx.addIssue({ code: 'custom', message: LOOSE_DATE_MESSAGE });
		return z.NEVER;
	}
	return parsed;
});
const year = z
	.union([z.number(), z.string().trim()])
	.transform((v) => (v === '' ? null : Number(v)))
	.refine((v) => v === null || (Number.isInteger(v) && v >= 2000 && v <= 2100), { message: 'Ange ett årtal mellan 2000 och 2100.' });

const count = z
	.number({ message: 'Ange ett heltal, t.ex. 3.' })
	.int({ message: 'Ange ett heltal, t.ex. 3.' })
	.min(0, { message: 'Talet kan inte vara negativt.' })
	.nullable();

export const activityInputSchema = z
	.object({
		id: z
			.string()
			.trim()
			.refine((v) => v === '' || UUID.test(v))
			.transform((v) => (v === '' ? null : v)),
		activity: z.string().trim().min(1, { message: 'Beskriv aktiviteten.' }).max(5_000, { message: 'Aktiviteten är för lång (högst 5 000 tecken).' }),
		group: z
			.string()
			.trim()
			.max(2_000)
			.transform((v) => v || null),
		scope: longText(5_000),
		when: longText(1_000),
		responsible: longText(1_000),
		followUp: longText(1_000),
		/** '' with a value means "at least" (forms and imports from before target kinds). */
		targetKind: z
			.string()
			.trim()
			.optional()
			.refine((v) => !v || (TARGET_KINDS as readonly string[]).includes(v), { message: 'Välj vilken sorts mål det är.' })
			.transform((v) => (v ? (v as TargetKind) : null)),
		targetValue: z
			.string()
			.trim()
			.refine((v) => v === '' || /^\d{1,9}$/.test(v), { message: 'Målvärdet ska vara ett heltal, t.ex. 8.' })
			.transform((v) => (v === '' ? null : Number(v))),
		targetUnit: z
			.string()
			.trim()
			.max(200, { message: 'Enheten är för lång.' })
			.transform((v) => v || null),
		measureIds: z.array(z.string().regex(UUID)).max(100),
		/** Positions of the dialogue basis items the activity answers ("ni sa → vi lovar"). */
		answers: z.array(z.number().int().min(0).max(99)).max(100).default([])
	})
	.transform((a) => {
		// A yes/no target has no number; a number without a kind is "at least".
		if (a.targetKind === 'yes_no') return { ...a, targetValue: null, targetUnit: null };
		return { ...a, targetKind: a.targetKind ?? (a.targetValue !== null || a.targetUnit !== null ? ('at_least' as const) : null) };
	})
	.refine((a) => a.targetKind === null || a.targetKind === 'yes_no' || (a.targetValue !== null && a.targetUnit !== null), {
		message: 'Ange både målvärde och enhet (t.ex. 8 och ”nya områden med grannsamverkan”), eller inget av dem.',
		path: ['targetValue']
	});

export const promiseContentSchema = z
	.object({
		title: z.string().trim().min(1, { message: 'Ange en rubrik.' }).max(300, { message: 'Rubriken är för lång (högst 300 tecken).' }),
		periodStart: year,
		periodEnd: year,
		introduction: longText(),
		problemPicture: longText(),
		commitment: longText(),
		timeframe: longText(2_000),
		followUpForum: longText(300),
		nextFollowUpOn: looseDate,
		signedOn: looseDate,
		internalNotes: longText(),
		parties: z
			.array(
				z.object({
					key: z.string().trim().min(1).max(60),
					name: z.string().trim().min(1, { message: 'Ange partens namn, t.ex. ”Polisen”.' }).max(200, { message: 'Namnet är för långt.' }),
					lines: z.array(z.string().trim().min(1).max(5_000, { message: 'Ett löfte är för långt (högst 5 000 tecken).' })).max(200)
				})
			)
			.max(20),
		signatories: z
			.array(
				z.object({
					name: z.string().trim().min(1, { message: 'Ange namnet på den som undertecknar.' }).max(200, { message: 'Namnet är för långt.' }),
					title: z.string().trim().max(300, { message: 'Titeln är för lång.' }),
					partyKey: z.string().trim().max(60).nullable(),
					signedOn: looseDate
				})
			)
			.max(20),
		dialogues: z
			.array(
				z.object({
					text: z.string().trim().min(1, { message: 'Beskriv vad invånarna sa eller frågade efter.' }).max(5_000, { message: 'Texten är för lång.' }),
					/** 'dialog': a dialogue or survey held; 'enkat': a survey result with its share; 'sa': what citizens said. */
					kind: z.enum(DIALOGUE_KINDS).default('dialog'),
					count: count,
					respondents: count,
					respondentsApprox: z.boolean().default(false),
					share: z
						.number({ message: 'Ange andelen i procent, t.ex. 62.' })
						.int({ message: 'Ange andelen i procent, t.ex. 62.' })
						.min(0, { message: 'Ange andelen i procent, t.ex. 62.' })
						.max(100, { message: 'Andelen kan inte vara över 100 %.' })
						.nullable()
						.default(null),
					held: z.string().trim().max(200, { message: 'Texten är för lång.' }).nullable()
				})
			)
			.max(100),
		focusAreas: z.array(z.string().trim().min(1).max(300)).max(50),
		activities: z.array(activityInputSchema).max(200)
	})
	.refine((p) => p.periodStart === null || p.periodEnd === null || p.periodEnd >= p.periodStart, {
		message: 'Periodens slutår kan inte ligga före startåret.',
		path: ['periodEnd']
	});

export type PromiseContentInput = z.input<typeof promiseContentSchema>;
export type PromiseContent = z.output<typeof promiseContentSchema>;

export const promiseStatusSchema = z.enum(PROMISE_STATUSES);

export const extendPromiseSchema = z.object({
	toYear: year.refine((v) => v !== null, { message: 'Ange året löftet förlängs till.' }),
	decidedOn: optionalDate,
	text: longText(5_000)
});

export const outcomeInputSchema = z.object({
	activityId: z.string().regex(UUID),
	status: z
		.string()
		.trim()
		.refine((v) => v === '' || (ACTIVITY_OUTCOME_STATUSES as readonly string[]).includes(v), { message: 'Välj en status.' })
		.transform((v) => (v === '' ? null : (v as (typeof ACTIVITY_OUTCOME_STATUSES)[number]))),
	/** A count, or 1/0 (ja/nej) for a yes/no target. */
	achieved: z
		.string()
		.trim()
		.transform((v) => (v === 'ja' ? '1' : v === 'nej' ? '0' : v))
		.refine((v) => v === '' || /^\d{1,9}$/.test(v), { message: 'Utfallet ska vara ett heltal, t.ex. 6.' })
		.transform((v) => (v === '' ? null : Number(v))),
	/** The unit of a result reported without a target ("303 kontroller"). */
	unit: z
		.string()
		.trim()
		.max(200, { message: 'Enheten är för lång.' })
		.optional()
		.transform((v) => v || null),
	done: longText(10_000)
});

export const followUpInputSchema = z.object({
	heldOn: looseDate.refine((v) => v !== null, { message: 'Ange när uppföljningen gjordes, t.ex. 2025-12-10 eller ”december 2025”.' }),
	forum: z.string().trim().min(1, { message: 'Ange i vilket forum uppföljningen gjordes, t.ex. ”Lokala rådet för trygghet”.' }).max(300),
	summary: longText(20_000),
	publish: z.boolean(),
	outcomes: z.array(outcomeInputSchema).max(200)
});

/** A correction of a saved follow-up: the corrected values and why; what changed is kept as history. */
export const followUpCorrectionSchema = z.object({
	reason: z
		.string()
		.trim()
		.min(1, { message: 'Skriv varför uppföljningen rättas, t.ex. ”Fel antal kontroller angavs”.' })
		.max(2_000, { message: 'Texten är för lång (högst 2 000 tecken).' }),
	heldOn: followUpInputSchema.shape.heldOn,
	forum: followUpInputSchema.shape.forum,
	summary: longText(20_000),
	outcomes: z.array(outcomeInputSchema.omit({ activityId: true }).extend({ outcomeId: z.string().regex(UUID) })).max(200)
});

export const FEEDBACK_MAX = 2_000;

export const feedbackInputSchema = z.object({
	message: z
		.string()
		.trim()
		.min(1, { message: 'Skriv ditt meddelande.' })
		.max(FEEDBACK_MAX, { message: `Meddelandet är för långt (högst ${FEEDBACK_MAX.toLocaleString('sv-SE')} tecken).` }),
	name: z
		.string()
		.trim()
		.max(200, { message: 'Namnet är för långt.' })
		.transform((v) => v || null),
	email: z
		.string()
		.trim()
		.max(200, { message: 'E-postadressen är för lång.' })
		.refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { message: 'Skriv e-postadressen som namn@exempel.se, eller lämna fältet tomt.' })
		.transform((v) => v || null)
});

export const answerFeedbackSchema = z.object({
	answer: z.string().trim().max(5_000, { message: 'Svaret är för långt (högst 5 000 tecken).' }),
	publish: z.boolean(),
	status: z.enum(['ny', 'besvarad', 'avvisad'])
});

/** Zod issues → one message per form field ("activities.2.targetValue" → "activities-2-targetValue"). */
export function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of issues) {
		const key = issue.path.map(String).join('-') || 'form';
		errors[key] ??= issue.message;
	}
	return errors;
}
