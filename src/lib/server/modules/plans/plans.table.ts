import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { municipalities, organisations } from '../organisations/organisations.table';
import { users } from '../users/users.table';

export interface MeasureIndicator {
	name: string;
	unit: string;
	baseline: number | null;
	target: number | null;
}

/** Focus areas and their problems belong to the municipality (the lägesbild will create them), not to one plan. */
export const focusAreas = pgTable('focus_areas', {
	id: uuid('id').primaryKey().defaultRandom(),
	municipalityId: uuid('municipality_id')
		.notNull()
		.references(() => municipalities.id, { onDelete: 'cascade' }),
	title: text('title').notNull(),
	summary: text('summary').notNull().default(''),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const problems = pgTable('problems', {
	id: uuid('id').primaryKey().defaultRandom(),
	focusAreaId: uuid('focus_area_id')
		.notNull()
		.references(() => focusAreas.id, { onDelete: 'cascade' }),
	text: text('text').notNull(),
	sortOrder: integer('sort_order').notNull().default(0)
});

export const plans = pgTable(
	'plans',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		period: text('period'),
		status: text('status').notNull().default('utkast'),
		preamble: text('preamble').notNull().default(''),
		revision: integer('revision').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('plans_municipality_idx').on(table.municipalityId)]
);

export const planFocusAreas = pgTable(
	'plan_focus_areas',
	{
		planId: uuid('plan_id')
			.notNull()
			.references(() => plans.id, { onDelete: 'cascade' }),
		focusAreaId: uuid('focus_area_id')
			.notNull()
			.references(() => focusAreas.id, { onDelete: 'cascade' }),
		sortOrder: integer('sort_order').notNull()
	},
	(table) => [primaryKey({ columns: [table.planId, table.focusAreaId] })]
);

export const planDecisions = pgTable('plan_decisions', {
	id: uuid('id').primaryKey().defaultRandom(),
	planId: uuid('plan_id')
		.notNull()
		.references(() => plans.id, { onDelete: 'cascade' }),
	body: text('body').notNull(),
	date: date('date'),
	kind: text('kind').notNull(),
	reference: text('reference'),
	text: text('text').notNull().default(''),
	sortOrder: integer('sort_order').notNull().default(0)
});

/** A remiss collects one answer per consulted body. */
export const decisionResponses = pgTable('decision_responses', {
	id: uuid('id').primaryKey().defaultRandom(),
	decisionId: uuid('decision_id')
		.notNull()
		.references(() => planDecisions.id, { onDelete: 'cascade' }),
	body: text('body').notNull(),
	receivedOn: date('received_on'),
	answer: text('answer').notNull().default(''),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** Documents attached to a decision step (protokollsutdrag, remissvar); kept in the database so backups hold them. */
export const decisionDocuments = pgTable('decision_documents', {
	id: uuid('id').primaryKey().defaultRandom(),
	decisionId: uuid('decision_id')
		.notNull()
		.references(() => planDecisions.id, { onDelete: 'cascade' }),
	fileName: text('file_name').notNull(),
	mediaType: text('media_type').notNull(),
	contentBase64: text('content_base64').notNull(),
	size: integer('size').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** The plan as it stood when a decided plan was changed: earlier revisions stay readable and diffable. */
export const planRevisions = pgTable(
	'plan_revisions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		planId: uuid('plan_id')
			.notNull()
			.references(() => plans.id, { onDelete: 'cascade' }),
		revision: integer('revision').notNull(),
		reason: text('reason').notNull().default(''),
		snapshot: jsonb('snapshot').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		createdBy: uuid('created_by').references(() => users.id)
	},
	(table) => [unique('plan_revisions_plan_revision').on(table.planId, table.revision)]
);

export const measures = pgTable(
	'measures',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		planId: uuid('plan_id')
			.notNull()
			.references(() => plans.id, { onDelete: 'cascade' }),
		focusAreaId: uuid('focus_area_id')
			.notNull()
			.references(() => focusAreas.id),
		sortOrder: integer('sort_order').notNull(),
		title: text('title').notNull(),
		/** The Åtgärd column exactly as the municipality wrote it. */
		description: text('description').notNull(),
		timeText: text('time_text').notNull().default(''),
		startDate: date('start_date'),
		endDate: date('end_date'),
		ongoing: boolean('ongoing').notNull().default(false),
		scope: text('scope').notNull().default(''),
		responsibleText: text('responsible_text').notNull().default(''),
		costText: text('cost_text').notNull().default(''),
		costAmount: integer('cost_amount'),
		fundingSource: text('funding_source'),
		goal: text('goal').notNull().default(''),
		followUpText: text('follow_up_text').notNull().default(''),
		followUpForums: jsonb('follow_up_forums').$type<string[]>().notNull().default([]),
		followUpCadence: text('follow_up_cadence'),
		/** Places named in Omfattning, as the coordinator confirmed them (the lägesbild will map them to areas). */
		targetAreas: jsonb('target_areas').$type<string[]>().notNull().default([]),
		/** Measurable parts of Mål: [{ name, unit, baseline, target }]. */
		indicators: jsonb('indicators').$type<MeasureIndicator[]>().notNull().default([]),
		/** Risk and protective factors the measure targets (codes from domain.md's list). */
		factors: jsonb('factors').$type<string[]>().notNull().default([]),
		status: text('status'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('measures_plan_idx').on(table.planId, table.sortOrder)]
);

export const measureResponsibles = pgTable(
	'measure_responsibles',
	{
		measureId: uuid('measure_id')
			.notNull()
			.references(() => measures.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		lead: boolean('lead').notNull().default(false)
	},
	(table) => [primaryKey({ columns: [table.measureId, table.organisationId] })]
);

export const measureProblems = pgTable(
	'measure_problems',
	{
		measureId: uuid('measure_id')
			.notNull()
			.references(() => measures.id, { onDelete: 'cascade' }),
		problemId: uuid('problem_id')
			.notNull()
			.references(() => problems.id, { onDelete: 'cascade' })
	},
	(table) => [primaryKey({ columns: [table.measureId, table.problemId] })]
);

/** A parsed import waiting for the user's confirmation: the preview is saved, not trusted back from the browser. */
export const planImportDrafts = pgTable('plan_import_drafts', {
	id: uuid('id').primaryKey().defaultRandom(),
	municipalityId: uuid('municipality_id')
		.notNull()
		.references(() => municipalities.id, { onDelete: 'cascade' }),
	userId: uuid('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	fileName: text('file_name').notNull(),
	parsed: jsonb('parsed').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});
