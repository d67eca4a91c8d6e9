/** Input schemas for medborgarlöften: the browser and the server validate with the same objects. */
import { z } from 'zod';
import { ACTIVITY_OUTCOME_STATUSES, DIALOGUE_KINDS, PROMISE_STATUSES, TARGET_KINDS, type TargetKind } from './constants';
import { parseLooseDate, type LooseDate } from './loose-date';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const longText = (max = 20_000) => z.string().trim().max(max, { message: 'promises.text_too_long' });
const optionalDate = z
	.string()
	.trim()
	.refine((v) => v === '' || (ISO_DATE.test(v) && !Number.isNaN(Date.parse(v))), { message: 'promises.date_invalid' })
	.transform((v) => (v === '' ? null : v));
const LOOSE_DATE_MESSAGE = 'promises.loose_date_invalid';
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
	.refine((v) => v === null || (Number.isInteger(v) && v >= 2000 && v <= 2100), { message: 'promises.year_invalid' });

const count = z
	.number({ message: 'promises.integer_invalid' })
	.int({ message: 'promises.integer_invalid' })
	.min(0, { message: 'promises.number_negative' })
	.nullable();

export const activityInputSchema = z
	.object({
		id: z
			.string()
			.trim()
			.refine((v) => v === '' || UUID.test(v))
			.transform((v) => (v === '' ? null : v)),
		activity: z.string().trim().min(1, { message: 'promises.activity_missing' }).max(5_000, { message: 'promises.activity_too_long' }),
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
			.refine((v) => !v || (TARGET_KINDS as readonly string[]).includes(v), { message: 'promises.target_kind_missing' })
			.transform((v) => (v ? (v as TargetKind) : null)),
		targetValue: z
			.string()
			.trim()
			.refine((v) => v === '' || /^\d{1,9}$/.test(v), { message: 'promises.target_value_invalid' })
			.transform((v) => (v === '' ? null : Number(v))),
		targetUnit: z
			.string()
			.trim()
			.max(200, { message: 'promises.unit_too_long' })
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
		message: 'promises.target_incomplete',
		path: ['targetValue']
	});

export const promiseContentSchema = z
	.object({
		title: z.string().trim().min(1, { message: 'promises.title_missing' }).max(300, { message: 'promises.title_too_long' }),
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
					name: z.string().trim().min(1, { message: 'promises.party_name_missing' }).max(200, { message: 'promises.name_too_long' }),
					lines: z.array(z.string().trim().min(1).max(5_000, { message: 'promises.promise_line_too_long' })).max(200)
				})
			)
			.max(20),
		signatories: z
			.array(
				z.object({
					name: z.string().trim().min(1, { message: 'promises.signatory_name_missing' }).max(200, { message: 'promises.name_too_long' }),
					title: z.string().trim().max(300, { message: 'promises.signatory_title_too_long' }),
					partyKey: z.string().trim().max(60).nullable(),
					signedOn: looseDate
				})
			)
			.max(20),
		dialogues: z
			.array(
				z.object({
					text: z.string().trim().min(1, { message: 'promises.dialogue_text_missing' }).max(5_000, { message: 'promises.text_too_long' }),
					/** 'dialog': a dialogue or survey held; 'enkat': a survey result with its share; 'sa': what citizens said. */
					kind: z.enum(DIALOGUE_KINDS).default('dialog'),
					count: count,
					respondents: count,
					respondentsApprox: z.boolean().default(false),
					share: z
						.number({ message: 'promises.share_invalid' })
						.int({ message: 'promises.share_invalid' })
						.min(0, { message: 'promises.share_invalid' })
						.max(100, { message: 'promises.share_over_100' })
						.nullable()
						.default(null),
					held: z.string().trim().max(200, { message: 'promises.text_too_long' }).nullable()
				})
			)
			.max(100),
		focusAreas: z.array(z.string().trim().min(1).max(300)).max(50),
		activities: z.array(activityInputSchema).max(200)
	})
	.refine((p) => p.periodStart === null || p.periodEnd === null || p.periodEnd >= p.periodStart, {
		message: 'promises.period_end_before_start',
		path: ['periodEnd']
	});

export type PromiseContentInput = z.input<typeof promiseContentSchema>;
export type PromiseContent = z.output<typeof promiseContentSchema>;

export const promiseStatusSchema = z.enum(PROMISE_STATUSES);

export const extendPromiseSchema = z.object({
	toYear: year.refine((v) => v !== null, { message: 'promises.extend_year_missing' }),
	decidedOn: optionalDate,
	text: longText(5_000)
});

export const outcomeInputSchema = z.object({
	activityId: z.string().regex(UUID),
	status: z
		.string()
		.trim()
		.refine((v) => v === '' || (ACTIVITY_OUTCOME_STATUSES as readonly string[]).includes(v), { message: 'promises.status_missing' })
		.transform((v) => (v === '' ? null : (v as (typeof ACTIVITY_OUTCOME_STATUSES)[number]))),
	/** A count, or 1/0 (ja/nej) for a yes/no target. */
	achieved: z
		.string()
		.trim()
		.transform((v) => (v === 'ja' ? '1' : v === 'nej' ? '0' : v))
		.refine((v) => v === '' || /^\d{1,9}$/.test(v), { message: 'promises.outcome_invalid' })
		.transform((v) => (v === '' ? null : Number(v))),
	/** The unit of a result reported without a target ("303 kontroller"). */
	unit: z
		.string()
		.trim()
		.max(200, { message: 'promises.unit_too_long' })
		.optional()
		.transform((v) => v || null),
	done: longText(10_000)
});

export const followUpInputSchema = z.object({
	heldOn: looseDate.refine((v) => v !== null, { message: 'promises.follow_up_date_missing' }),
	forum: z.string().trim().min(1, { message: 'promises.forum_missing' }).max(300),
	summary: longText(20_000),
	publish: z.boolean(),
	outcomes: z.array(outcomeInputSchema).max(200)
});

/** A correction of a saved follow-up: the corrected values and why; what changed is kept as history. */
export const followUpCorrectionSchema = z.object({
	reason: z.string().trim().min(1, { message: 'promises.correction_reason_missing' }).max(2_000, { message: 'promises.text_too_long' }),
	heldOn: followUpInputSchema.shape.heldOn,
	forum: followUpInputSchema.shape.forum,
	summary: longText(20_000),
	outcomes: z.array(outcomeInputSchema.omit({ activityId: true }).extend({ outcomeId: z.string().regex(UUID) })).max(200)
});

export const FEEDBACK_MAX = 2_000;

export const feedbackInputSchema = z.object({
	message: z.string().trim().min(1, { message: 'promises.feedback_message_missing' }).max(FEEDBACK_MAX, { message: 'promises.feedback_message_too_long' }),
	name: z
		.string()
		.trim()
		.max(200, { message: 'promises.name_too_long' })
		.transform((v) => v || null),
	email: z
		.string()
		.trim()
		.max(200, { message: 'promises.email_too_long' })
		.refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { message: 'promises.email_invalid' })
		.transform((v) => v || null)
});

export const answerFeedbackSchema = z.object({
	answer: z.string().trim().max(5_000, { message: 'promises.answer_too_long' }),
	publish: z.boolean(),
	status: z.enum(['ny', 'besvarad', 'avvisad'])
});
