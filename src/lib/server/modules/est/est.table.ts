import {
	boolean,
	check,
	date,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { bytea } from '../../db/columns';
import { municipalities, organisations } from '../organisations/organisations.table';
import { areas } from '../situation/situation.table';
import { users } from '../users/users.table';

/**
 * How often a municipality's EST group meets (issue 13): the cadence and the day the first cycle
 * started; cycles follow each other from there. One row per municipality, none until it is set.
 */
export const estCycleSettings = pgTable(
	'est_cycle_settings',
	{
		municipalityId: uuid('municipality_id')
			.primaryKey()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		/** 'vecka' (7 days), '14dagar' or 'manad' (calendar month). */
		cadence: text('cadence').notNull(),
		firstCycleStart: date('first_cycle_start').notNull(),
		/** After how many months a report's free text and photo are removed (its counts stay). */
		retentionMonths: integer('retention_months').notNull().default(24),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' })
	},
	() => [
		check('est_cycle_settings_cadence', sql`cadence in ('vecka', '14dagar', 'manad')`),
		check('est_cycle_settings_retention', sql`retention_months between 1 and 120`)
	]
);

/**
 * The municipality's report categories, in the order the form lists them. None stored means the
 * defaults of issue 13 (est.models.ts); the coordinator's first edit stores the whole list.
 */
export const estCategories = pgTable(
	'est_categories',
	{
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		position: integer('position').notNull()
	},
	(table) => [primaryKey({ columns: [table.municipalityId, table.name] })]
);

/** The organisations taking part in the municipality's EST group (they report and get tasks). */
export const estParticipants = pgTable(
	'est_participants',
	{
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' })
	},
	(table) => [primaryKey({ columns: [table.municipalityId, table.organisationId] })]
);

/**
 * A partner's report of a place or situation — never an individual: what (a category), where (a
 * place, and a point or area when known), when (date and time of day), and how much it affects
 * safety (1–4). Free text and photo are removed after the retention time; the row stays for counts.
 */
export const estReports = pgTable(
	'est_reports',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		category: text('category').notNull(),
		/** The address or named place as the reporter wrote it ('' when only a point was given). */
		place: text('place').notNull(),
		/** The lägesbild area the place lies in (picked, or found from the point). */
		areaId: uuid('area_id').references(() => areas.id, { onDelete: 'set null' }),
		latitude: doublePrecision('latitude'),
		longitude: doublePrecision('longitude'),
		occurredOn: date('occurred_on').notNull(),
		/** 'natt' (00–06), 'morgon' (06–10), 'dag' (10–18), 'kvall' (18–24). */
		timeOfDay: text('time_of_day').notNull().default('dag'),
		effect: smallint('effect').notNull(),
		description: text('description').notNull().default(''),
		photo: bytea('photo'),
		photoWidth: integer('photo_width'),
		photoHeight: integer('photo_height'),
		/** When retention removed the free text and photo. */
		contentRemovedAt: timestamp('content_removed_at', { withTimezone: true }),
		/** What became of it, for the reporter: mottagen, behandlad, atgard_beslutad, atgardad. */
		status: text('status').notNull().default('mottagen'),
		/** The reporter wants an e-mail when the status changes. */
		notifyReporter: boolean('notify_reporter').notNull().default(false),
		/** 'formular', 'import' or 'open311'. */
		channel: text('channel').notNull().default('formular'),
		organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
		reportedBy: uuid('reported_by').references(() => users.id, { onDelete: 'set null' })
	},
	(table) => [
		index('est_reports_municipality_idx').on(table.municipalityId, table.occurredOn),
		index('est_reports_reporter_idx').on(table.reportedBy),
		check('est_reports_effect', sql`effect between 1 and 4`),
		check('est_reports_time_of_day', sql`time_of_day in ('natt', 'morgon', 'dag', 'kvall')`),
		check('est_reports_status', sql`status in ('mottagen', 'behandlad', 'atgard_beslutad', 'atgardad')`),
		check('est_reports_point', sql`(latitude is null) = (longitude is null)`)
	]
);

/** An EST group meeting: when, who took part (organisations), and its notes. */
export const estMeetings = pgTable(
	'est_meetings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		heldOn: date('held_on').notNull(),
		/** Ids of the organisations present. */
		participantIds: jsonb('participant_ids').$type<string[]>().notNull().default([]),
		notes: text('notes').notNull().default(''),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('est_meetings_municipality_idx').on(table.municipalityId, table.heldOn)]
);

/** A place the group prioritised at a meeting; it stays prioritised until a later meeting releases it. */
export const estPriorities = pgTable(
	'est_priorities',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		place: text('place').notNull(),
		reason: text('reason').notNull().default(''),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => estMeetings.id, { onDelete: 'cascade' }),
		releasedMeetingId: uuid('released_meeting_id').references(() => estMeetings.id, { onDelete: 'set null' })
	},
	(table) => [index('est_priorities_municipality_idx').on(table.municipalityId)]
);

/**
 * An insats the meeting decided: what, where, which organisation, by when. The organisation's
 * staff report progress (status); the next meeting checks it (est_task_checks).
 */
export const estTasks = pgTable(
	'est_tasks',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => estMeetings.id, { onDelete: 'cascade' }),
		what: text('what').notNull(),
		place: text('place').notNull(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		dueOn: date('due_on').notNull(),
		/** 'oppen' (decided, nothing reported), 'pagar', 'klar', 'inte_klar'. */
		status: text('status').notNull().default('oppen'),
		comment: text('comment').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		index('est_tasks_municipality_idx').on(table.municipalityId, table.status),
		check('est_tasks_status', sql`status in ('oppen', 'pagar', 'klar', 'inte_klar')`)
	]
);

/** A meeting's check of an open task: done, ongoing or not done, with a comment. */
export const estTaskChecks = pgTable(
	'est_task_checks',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		taskId: uuid('task_id')
			.notNull()
			.references(() => estTasks.id, { onDelete: 'cascade' }),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => estMeetings.id, { onDelete: 'cascade' }),
		status: text('status').notNull(),
		comment: text('comment').notNull().default(''),
		checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [unique('est_task_checks_once').on(table.taskId, table.meetingId), check('est_task_checks_status', sql`status in ('pagar', 'klar', 'inte_klar')`)]
);

/**
 * The municipality's escalation routine (issue 13): after how many cycles running a prioritised
 * place is raised, to whom (the crime-prevention council or the municipal leadership) and their
 * addresses. None stored means three cycles, to the council, with no addresses yet.
 */
export const estEscalationSettings = pgTable(
	'est_escalation_settings',
	{
		municipalityId: uuid('municipality_id')
			.primaryKey()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		repeatCycles: integer('repeat_cycles').notNull().default(3),
		/** 'bra' (brottsförebyggande rådet) or 'kommunledning'. */
		recipientGroup: text('recipient_group').notNull().default('bra'),
		recipientEmails: jsonb('recipient_emails').$type<string[]>().notNull().default([]),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' })
	},
	() => [
		check('est_escalation_settings_cycles', sql`repeat_cycles between 2 and 26`),
		check('est_escalation_settings_group', sql`recipient_group in ('bra', 'kommunledning')`)
	]
);

/**
 * A matter the EST group raised to the crime-prevention council or the municipal leadership: a
 * place prioritised too many cycles running (raised by the routine) or a meeting's decision marked
 * for escalation. Who was notified and when, the outcome, and the action-plan measure it became.
 */
export const estEscalations = pgTable(
	'est_escalations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		place: text('place').notNull(),
		/** 'upprepad_prioritering' (the routine) or 'motesbeslut' (a meeting marked it). */
		reason: text('reason').notNull(),
		/** What the group or the routine wrote about why. */
		description: text('description').notNull().default(''),
		priorityId: uuid('priority_id').references(() => estPriorities.id, { onDelete: 'set null' }),
		meetingId: uuid('meeting_id').references(() => estMeetings.id, { onDelete: 'set null' }),
		/** For the routine: how many cycles running the place had been prioritised. */
		cycles: integer('cycles'),
		recipientGroup: text('recipient_group').notNull(),
		/** The addresses notified (by queued e-mail) when it was raised. */
		recipients: jsonb('recipients').$type<string[]>().notNull().default([]),
		notifiedAt: timestamp('notified_at', { withTimezone: true }),
		/** 'oppen' until its outcome is recorded, then 'avgjord'. */
		status: text('status').notNull().default('oppen'),
		outcome: text('outcome').notNull().default(''),
		outcomeOn: date('outcome_on'),
		/** The action-plan measure the matter became (plans module; linked back in the measure's text). */
		planId: uuid('plan_id'),
		measureId: uuid('measure_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' })
	},
	(table) => [
		index('est_escalations_municipality_idx').on(table.municipalityId, table.createdAt),
		unique('est_escalations_priority_once').on(table.priorityId),
		check('est_escalations_reason', sql`reason in ('upprepad_prioritering', 'motesbeslut')`),
		check('est_escalations_group', sql`recipient_group in ('bra', 'kommunledning')`),
		check('est_escalations_status', sql`status in ('oppen', 'avgjord')`)
	]
);

/**
 * An uploaded incident log waiting for its column mapping and confirmation (bulk import, issue 13):
 * the table is kept here, not trusted back from the browser. Removed when imported.
 */
export const estImportDrafts = pgTable('est_import_drafts', {
	id: uuid('id').primaryKey().defaultRandom(),
	municipalityId: uuid('municipality_id')
		.notNull()
		.references(() => municipalities.id, { onDelete: 'cascade' }),
	userId: uuid('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	fileName: text('file_name').notNull(),
	/** The partner whose log it is: the reports are filed under this organisation. */
	organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
	table: jsonb('table').$type<string[][]>().notNull(),
	/** Field → column header ('' = not in the file), plus the effect assumed for rows without one. */
	mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});
