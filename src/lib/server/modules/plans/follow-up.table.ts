import { date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/organisations.table';
import { users } from '../users/users.table';
import { measures, plans } from './plans.table';

export const followUpRounds = pgTable(
	'follow_up_rounds',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		planId: uuid('plan_id')
			.notNull()
			.references(() => plans.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		dueDate: date('due_date').notNull(),
		status: text('status').notNull().default('oppen'),
		openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		/** The answers as they stood when the round closed: a closed round never changes. */
		snapshot: jsonb('snapshot')
	},
	(table) => [index('follow_up_rounds_plan_idx').on(table.planId)]
);

export const followUpAnswers = pgTable(
	'follow_up_answers',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => followUpRounds.id, { onDelete: 'cascade' }),
		measureId: uuid('measure_id')
			.notNull()
			.references(() => measures.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id').references(() => organisations.id),
		status: text('status').notNull(),
		done: text('done').notNull().default(''),
		nextSteps: text('next_steps').notNull().default(''),
		/** Reported values for the measure's indicators, keyed by indicator name. */
		indicatorValues: jsonb('indicator_values').$type<Record<string, number>>().notNull().default({}),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by').references(() => users.id)
	},
	(table) => [unique('follow_up_answers_round_measure').on(table.roundId, table.measureId)]
);

/**
 * Each co-responsible organisation's own part of a shared measure's answer. The measure's answer
 * (follow_up_answers) stays the status of record, set by the lead organisation or the coordinator.
 */
export const followUpAnswerParts = pgTable(
	'follow_up_answer_parts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => followUpRounds.id, { onDelete: 'cascade' }),
		measureId: uuid('measure_id')
			.notNull()
			.references(() => measures.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		status: text('status').notNull(),
		done: text('done').notNull().default(''),
		nextSteps: text('next_steps').notNull().default(''),
		indicatorValues: jsonb('indicator_values').$type<Record<string, number>>().notNull().default({}),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by').references(() => users.id)
	},
	(table) => [unique('follow_up_answer_parts_round_measure_organisation').on(table.roundId, table.measureId, table.organisationId)]
);

/** One row per reminder sent, so a reminder run is idempotent and the coordinator sees who was reminded when. */
export const followUpReminders = pgTable(
	'follow_up_reminders',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => followUpRounds.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		recipients: integer('recipients').notNull().default(0),
		sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [unique('follow_up_reminders_once').on(table.roundId, table.organisationId, table.kind)]
);
