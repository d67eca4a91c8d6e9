import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from '../../organisations/organisations.table';
import { focusAreas, plans, problems } from '../../plans/plans.table';
import { users } from '../../users/users.table';

/**
 * The lägesbild document under Lag (2023:196) § 4: written sections next to figures from the
 * data. A draft shows live figures; adoption stores every figure in `snapshot`, so the adopted
 * document says what the municipality decided on even after new imports.
 */
export const situationReports = pgTable(
	'situation_reports',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		periodFrom: date('period_from').notNull(),
		periodTo: date('period_to').notNull(),
		/** 'utkast' or 'antagen'. */
		status: text('status').notNull().default('utkast'),
		adoptedBody: text('adopted_body'),
		adoptedOn: date('adopted_on'),
		adoptedParagraph: text('adopted_paragraph'),
		summary: text('summary').notNull().default(''),
		sourcesUsed: text('sources_used').notNull().default(''),
		sourcesLeftOut: text('sources_left_out').notNull().default(''),
		crimeText: text('crime_text').notNull().default(''),
		unsafetyText: text('unsafety_text').notNull().default(''),
		socioeconomicText: text('socioeconomic_text').notNull().default(''),
		analysisText: text('analysis_text').notNull().default(''),
		/** Every figure as it stood at adoption (SituationFigures); null while a draft. */
		snapshot: jsonb('snapshot'),
		/** Only an adopted lägesbild may be public. */
		published: boolean('published').notNull().default(false),
		/** The lägesbild this one was started from (its text copied). */
		basedOnId: uuid('based_on_id'),
		demo: boolean('demo').notNull().default(false),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('situation_reports_municipality_idx').on(table.municipalityId)]
);

/** A focus area as the lägesbild argues for it; on adoption it becomes (or updates) the municipality's focus area. */
export const situationReportFocusAreas = pgTable(
	'situation_report_focus_areas',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		reportId: uuid('report_id')
			.notNull()
			.references(() => situationReports.id, { onDelete: 'cascade' }),
		sortOrder: integer('sort_order').notNull().default(0),
		title: text('title').notNull(),
		rationale: text('rationale').notNull().default(''),
		areaIds: uuid('area_ids').array().notNull().default([]),
		categories: text('categories').array().notNull().default([]),
		/** The municipality's focus area this one is (set at adoption, or linked beforehand). */
		focusAreaId: uuid('focus_area_id').references(() => focusAreas.id, { onDelete: 'set null' })
	},
	(table) => [
		index('situation_report_focus_areas_report_idx').on(table.reportId, table.sortOrder),
		index('situation_report_focus_areas_focus_area_idx').on(table.focusAreaId)
	]
);

export const situationReportProblems = pgTable('situation_report_problems', {
	id: uuid('id').primaryKey().defaultRandom(),
	reportFocusAreaId: uuid('report_focus_area_id')
		.notNull()
		.references(() => situationReportFocusAreas.id, { onDelete: 'cascade' }),
	sortOrder: integer('sort_order').notNull().default(0),
	text: text('text').notNull(),
	problemId: uuid('problem_id').references(() => problems.id, { onDelete: 'set null' })
});

/** An action plan "is based on one lägesbild". */
export const planSituationReports = pgTable('plan_situation_reports', {
	planId: uuid('plan_id')
		.primaryKey()
		.references(() => plans.id, { onDelete: 'cascade' }),
	reportId: uuid('report_id')
		.notNull()
		.references(() => situationReports.id, { onDelete: 'cascade' })
});

/** The renewal reminder of an adopted lägesbild, claimed once so the hourly job never sends it twice. */
export const situationReportReminders = pgTable('situation_report_reminders', {
	reportId: uuid('report_id')
		.primaryKey()
		.references(() => situationReports.id, { onDelete: 'cascade' }),
	dueOn: date('due_on').notNull(),
	recipients: integer('recipients').notNull(),
	sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow()
});
