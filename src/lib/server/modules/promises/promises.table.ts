import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from '../organisations/organisations.table';
import { measures } from '../plans/plans.table';
import { users } from '../users/users.table';

/** One medborgarlöfte: the police area's and the municipality's joint commitment to citizens. */
export const promises = pgTable(
	'promises',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		/** The public address: /{kommun}/medborgarloften/{slug}. */
		slug: text('slug').notNull(),
		title: text('title').notNull(),
		periodStart: integer('period_start'),
		periodEnd: integer('period_end'),
		status: text('status').notNull().default('utkast'),
		introduction: text('introduction').notNull().default(''),
		problemPicture: text('problem_picture').notNull().default(''),
		commitment: text('commitment').notNull().default(''),
		timeframe: text('timeframe').notNull().default(''),
		followUpForum: text('follow_up_forum').notNull().default(''),
		/** The next public follow-up meeting (iCalendar feed). */
		nextFollowUpOn: date('next_follow_up_on'),
		/** 'day', 'month', 'season' or 'by-…' (../../../modules/promises/loose-date.ts); null is a day. */
		nextFollowUpPrecision: text('next_follow_up_precision'),
		/** Never shown outside the app. */
		internalNotes: text('internal_notes').notNull().default(''),
		licence: text('licence').notNull().default('CC0-1.0'),
		source: text('source').notNull().default(''),
		signedOn: date('signed_on'),
		/** "februari 2019" is stored as 2019-02-01 with precision 'month' and shown as written. */
		signedOnPrecision: text('signed_on_precision'),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [unique('promises_municipality_slug').on(table.municipalityId, table.slug), index('promises_municipality_idx').on(table.municipalityId)]
);

/** A party of the promise (police area, municipality, housing company …) with its list of "… lovar att" lines. */
export const promiseParties = pgTable('promise_parties', {
	id: uuid('id').primaryKey().defaultRandom(),
	promiseId: uuid('promise_id')
		.notNull()
		.references(() => promises.id, { onDelete: 'cascade' }),
	/** 'polisen', 'kommunen', 'gemensamt' or a slug of another partner. */
	key: text('key').notNull(),
	name: text('name').notNull(),
	sortOrder: integer('sort_order').notNull().default(0)
});

export const promiseLines = pgTable(
	'promise_lines',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		partyId: uuid('party_id')
			.notNull()
			.references(() => promiseParties.id, { onDelete: 'cascade' }),
		text: text('text').notNull(),
		sortOrder: integer('sort_order').notNull().default(0)
	},
	(table) => [index('promise_lines_party_idx').on(table.partyId)]
);

export const promiseSignatories = pgTable('promise_signatories', {
	id: uuid('id').primaryKey().defaultRandom(),
	promiseId: uuid('promise_id')
		.notNull()
		.references(() => promises.id, { onDelete: 'cascade' }),
	partyKey: text('party_key'),
	name: text('name').notNull(),
	title: text('title').notNull().default(''),
	signedOn: date('signed_on'),
	signedOnPrecision: text('signed_on_precision'),
	sortOrder: integer('sort_order').notNull().default(0)
});

/** "Förlängt till 2024": each extension is a row, so the original period stays readable as history. */
export const promiseExtensions = pgTable('promise_extensions', {
	id: uuid('id').primaryKey().defaultRandom(),
	promiseId: uuid('promise_id')
		.notNull()
		.references(() => promises.id, { onDelete: 'cascade' }),
	fromYear: integer('from_year'),
	toYear: integer('to_year').notNull(),
	decidedOn: date('decided_on'),
	text: text('text').notNull().default(''),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** The citizen dialogues and surveys the promise came from ("ni sa"). */
export const promiseDialogues = pgTable('promise_dialogues', {
	id: uuid('id').primaryKey().defaultRandom(),
	promiseId: uuid('promise_id')
		.notNull()
		.references(() => promises.id, { onDelete: 'cascade' }),
	text: text('text').notNull(),
	/** 'dialog' (a dialogue or survey held: when, how many, respondents), 'enkat' (a survey result with its share) or 'sa' (what citizens said). */
	kind: text('kind').notNull().default('dialog'),
	count: integer('count'),
	respondents: integer('respondents'),
	/** "ca 600": the number of respondents is approximate. */
	respondentsApprox: boolean('respondents_approx').notNull().default(false),
	/** A survey result's share in per cent ("62 % känner sig otrygga"). */
	share: integer('share'),
	held: text('held'),
	sortOrder: integer('sort_order').notNull().default(0)
});

export const promiseFocusAreas = pgTable('promise_focus_areas', {
	id: uuid('id').primaryKey().defaultRandom(),
	promiseId: uuid('promise_id')
		.notNull()
		.references(() => promises.id, { onDelete: 'cascade' }),
	title: text('title').notNull(),
	sortOrder: integer('sort_order').notNull().default(0)
});

/** A row of the activity table: Aktivitet, Omfattning, När, Ansvarig, Uppföljning, plus an optional measurable target. */
export const promiseActivities = pgTable(
	'promise_activities',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		promiseId: uuid('promise_id')
			.notNull()
			.references(() => promises.id, { onDelete: 'cascade' }),
		sortOrder: integer('sort_order').notNull().default(0),
		activity: text('activity').notNull(),
		/** The lead-in of a nested list the activity belongs to ("… Detta genom att:"). */
		groupText: text('group_text'),
		scope: text('scope').notNull().default(''),
		timeText: text('time_text').notNull().default(''),
		responsible: text('responsible').notNull().default(''),
		followUp: text('follow_up').notNull().default(''),
		/** 'at_least', 'exactly', 'at_most' (with a value and unit) or 'yes_no' (the activity itself is the target); null: no target. */
		targetKind: text('target_kind'),
		targetValue: integer('target_value'),
		targetUnit: text('target_unit'),
		/** The dialogue basis items (their positions in the promise's list) the activity answers: "ni sa → vi lovar". */
		answers: jsonb('answers').$type<number[]>().notNull().default([]),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('promise_activities_promise_idx').on(table.promiseId, table.sortOrder)]
);

/** The action-plan measures an activity is part of. */
export const promiseActivityMeasures = pgTable(
	'promise_activity_measures',
	{
		activityId: uuid('activity_id')
			.notNull()
			.references(() => promiseActivities.id, { onDelete: 'cascade' }),
		measureId: uuid('measure_id')
			.notNull()
			.references(() => measures.id, { onDelete: 'cascade' })
	},
	(table) => [primaryKey({ columns: [table.activityId, table.measureId] })]
);

/** A follow-up as a dated snapshot: it keeps the activity text and target as they were that day. */
export const promiseFollowUps = pgTable(
	'promise_follow_ups',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		promiseId: uuid('promise_id')
			.notNull()
			.references(() => promises.id, { onDelete: 'cascade' }),
		heldOn: date('held_on').notNull(),
		heldOnPrecision: text('held_on_precision'),
		forum: text('forum').notNull().default(''),
		summary: text('summary').notNull().default(''),
		published: boolean('published').notNull().default(false),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' })
	},
	(table) => [index('promise_follow_ups_promise_idx').on(table.promiseId, table.heldOn)]
);

export const promiseOutcomes = pgTable('promise_outcomes', {
	id: uuid('id').primaryKey().defaultRandom(),
	followUpId: uuid('follow_up_id')
		.notNull()
		.references(() => promiseFollowUps.id, { onDelete: 'cascade' }),
	/** Null once the activity is removed from the promise; the snapshot below still tells what it was. */
	activityId: uuid('activity_id').references(() => promiseActivities.id, { onDelete: 'set null' }),
	sortOrder: integer('sort_order').notNull().default(0),
	activityText: text('activity_text').notNull(),
	targetKind: text('target_kind'),
	targetValue: integer('target_value'),
	/** The target's unit, or the unit of a result reported without a target ("303 kontroller"). */
	targetUnit: text('target_unit'),
	/** A count, or 1/0 for a yes/no target. */
	achieved: integer('achieved'),
	status: text('status'),
	done: text('done').notNull().default('')
});

/**
 * A saved follow-up corrected later: what changed, when and why. The follow-up shows the corrected
 * values; this history is public with a published follow-up, so a correction is never silent.
 */
export const promiseFollowUpCorrections = pgTable(
	'promise_follow_up_corrections',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		followUpId: uuid('follow_up_id')
			.notNull()
			.references(() => promiseFollowUps.id, { onDelete: 'cascade' }),
		reason: text('reason').notNull(),
		/** [{ field, activity?, before, after }] as readable text. */
		changes: jsonb('changes').notNull(),
		correctedAt: timestamp('corrected_at', { withTimezone: true }).notNull().defaultNow(),
		correctedBy: uuid('corrected_by').references(() => users.id, { onDelete: 'set null' })
	},
	(table) => [index('promise_follow_up_corrections_idx').on(table.followUpId, table.correctedAt)]
);

/** "Tyck till": a citizen's message. Name and e-mail are never published; only an answer the coordinator publishes is. */
export const promiseFeedback = pgTable(
	'promise_feedback',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		promiseId: uuid('promise_id')
			.notNull()
			.references(() => promises.id, { onDelete: 'cascade' }),
		message: text('message').notNull(),
		name: text('name'),
		email: text('email'),
		/** 'ny', 'besvarad', 'avvisad'. */
		status: text('status').notNull().default('ny'),
		answer: text('answer'),
		answerPublished: boolean('answer_published').notNull().default(false),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		answeredBy: uuid('answered_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('promise_feedback_promise_idx').on(table.promiseId, table.createdAt)]
);

/** A parsed import waiting for the coordinator's confirmation: the preview is saved, not trusted back from the browser. */
export const promiseImportDrafts = pgTable('promise_import_drafts', {
	id: uuid('id').primaryKey().defaultRandom(),
	municipalityId: uuid('municipality_id')
		.notNull()
		.references(() => municipalities.id, { onDelete: 'cascade' }),
	userId: uuid('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	parsed: jsonb('parsed').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});
