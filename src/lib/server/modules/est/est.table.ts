import { check, date, index, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { municipalities } from '../organisations/organisations.table';
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
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' })
	},
	() => [check('est_cycle_settings_cadence', sql`cadence in ('vecka', '14dagar', 'manad')`)]
);

/**
 * A partner's report of a place or situation — never an individual: what (a category), where (a
 * place), when, and how much it affects safety (1–4).
 */
export const estReports = pgTable(
	'est_reports',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		category: text('category').notNull(),
		place: text('place').notNull(),
		occurredOn: date('occurred_on').notNull(),
		effect: smallint('effect').notNull(),
		description: text('description').notNull().default(''),
		reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
		reportedBy: uuid('reported_by').references(() => users.id, { onDelete: 'set null' })
	},
	(table) => [index('est_reports_municipality_idx').on(table.municipalityId, table.occurredOn), check('est_reports_effect', sql`effect between 1 and 4`)]
);
