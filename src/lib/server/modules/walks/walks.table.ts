import { sql } from 'drizzle-orm';
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
import { bytea } from '../../db/columns';
import { municipalities, organisations } from '../organisations/organisations.table';
import { estReports } from '../est/est.table';
import { measures } from '../plans/plans.table';
import { areas } from '../situation/situation.table';
import { users } from '../users/users.table';

/**
 * A municipality's checklist template for safety walks (issue 14): the categories each stop is
 * scored on (1–4). Seeded with the defaults on first use; the coordinator edits it.
 */
export const walkChecklistCategories = pgTable(
	'walk_checklist_categories',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		label: text('label').notNull(),
		position: smallint('position').notNull(),
		active: boolean('active').notNull().default(true)
	},
	(table) => [unique('walk_checklist_categories_label').on(table.municipalityId, table.label)]
);

/** A trygghetsvandring: its area, route, the three meetings and who takes part. */
export const walks = pgTable(
	'walks',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		/** A lägesbild area, or null with `drawnArea` (GeoJSON polygon) or only `areaName`. */
		areaId: uuid('area_id').references(() => areas.id, { onDelete: 'set null' }),
		areaName: text('area_name').notNull().default(''),
		drawnArea: jsonb('drawn_area'),
		/** The route as [lon, lat] pairs (WGS 84), when drawn on the map. */
		route: jsonb('route').$type<[number, number][]>(),
		meetingPlace: text('meeting_place').notNull().default(''),
		organiser: text('organiser').notNull(),
		invitedOrganisationIds: jsonb('invited_organisation_ids').$type<string[]>().notNull().default([]),
		residentsExpected: integer('residents_expected').notNull().default(0),
		preMeetingAt: timestamp('pre_meeting_at', { withTimezone: true }),
		walkAt: timestamp('walk_at', { withTimezone: true }).notNull(),
		followUpAt: timestamp('follow_up_at', { withTimezone: true }),
		/** The checklist's categories, copied from the template when the walk was planned. */
		checklist: jsonb('checklist').$type<string[]>().notNull(),
		/** A re-walk: the earlier walk on the same route whose findings it checks. */
		previousWalkId: uuid('previous_walk_id'),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' })
	},
	(table) => [index('walks_municipality_idx').on(table.municipalityId, table.walkAt), check('walks_residents', sql`residents_expected >= 0`)]
);

/** A stop on the route, in walking order; position is optional (listed as text without JavaScript). */
export const walkStops = pgTable(
	'walk_stops',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		walkId: uuid('walk_id')
			.notNull()
			.references(() => walks.id, { onDelete: 'cascade' }),
		position: smallint('position').notNull(),
		name: text('name').notNull(),
		lat: doublePrecision('lat'),
		lon: doublePrecision('lon')
	},
	(table) => [unique('walk_stops_position').on(table.walkId, table.position)]
);

/** A stop's score (1 = otryggt … 4 = tryggt) on one checklist category. */
export const walkStopScores = pgTable(
	'walk_stop_scores',
	{
		stopId: uuid('stop_id')
			.notNull()
			.references(() => walkStops.id, { onDelete: 'cascade' }),
		category: text('category').notNull(),
		score: smallint('score').notNull(),
		scoredAt: timestamp('scored_at', { withTimezone: true }).notNull().defaultNow(),
		scoredBy: uuid('scored_by').references(() => users.id, { onDelete: 'set null' })
	},
	(table) => [primaryKey({ columns: [table.stopId, table.category] }), check('walk_stop_scores_range', sql`score between 1 and 4`)]
);

/**
 * A deficiency found on a walk. `clientId` is made on the phone when the finding is written down,
 * so the same finding sent twice (two walkers, a retried offline queue) is stored once.
 */
export const walkFindings = pgTable(
	'walk_findings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		walkId: uuid('walk_id')
			.notNull()
			.references(() => walks.id, { onDelete: 'cascade' }),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		clientId: text('client_id').notNull(),
		number: integer('number').notNull(),
		stopId: uuid('stop_id').references(() => walkStops.id, { onDelete: 'set null' }),
		lat: doublePrecision('lat'),
		lon: doublePrecision('lon'),
		category: text('category').notNull(),
		description: text('description').notNull(),
		proposedMeasure: text('proposed_measure').notNull().default(''),
		notedBy: text('noted_by').notNull().default(''),
		state: text('state').notNull().default('ny'),
		plannedOn: date('planned_on'),
		rejectReason: text('reject_reason').notNull().default(''),
		/** The owner: an organisation of the partnership, or one outside it (name and e-mail). */
		ownerOrganisationId: uuid('owner_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		ownerName: text('owner_name').notNull().default(''),
		ownerEmail: text('owner_email').notNull().default(''),
		answer: text('answer').notNull().default(''),
		/** On a re-walk: the earlier walk's finding checked here. */
		previousFindingId: uuid('previous_finding_id'),
		/** The action-plan measure this finding became part of (plans module), if any. */
		planMeasureId: uuid('plan_measure_id').references(() => measures.id, { onDelete: 'set null' }),
		/** The EST report (a reported place) this finding is the same matter as, if any. */
		estReportId: uuid('est_report_id').references(() => estReports.id, { onDelete: 'set null' }),
		/** From a resident's digital walk report, accepted by the coordinator. */
		fromResidentReport: boolean('from_resident_report').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		unique('walk_findings_client').on(table.walkId, table.clientId),
		unique('walk_findings_number').on(table.walkId, table.number),
		index('walk_findings_municipality_idx').on(table.municipalityId, table.state),
		check('walk_findings_state', sql`state in ('ny', 'tilldelad', 'planerad', 'atgardad', 'delvis_atgardad', 'inte_vart_ansvar', 'avvisad', 'kvarstar')`)
	]
);

/** Every change of a finding (state, owner, answer), with who and when: the finding's history. */
export const walkFindingEvents = pgTable(
	'walk_finding_events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		findingId: uuid('finding_id')
			.notNull()
			.references(() => walkFindings.id, { onDelete: 'cascade' }),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		/** The person's name, or the outside owner's name and e-mail when answered through the link. */
		by: text('by').notNull(),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		fromState: text('from_state'),
		toState: text('to_state').notNull(),
		note: text('note').notNull().default('')
	},
	(table) => [index('walk_finding_events_finding_idx').on(table.findingId, table.at)]
);

/** A finding's photo, stripped of metadata; `publishable` only when the coordinator saw no people in it. */
export const walkFindingPhotos = pgTable('walk_finding_photos', {
	id: uuid('id').primaryKey().defaultRandom(),
	findingId: uuid('finding_id')
		.notNull()
		.references(() => walkFindings.id, { onDelete: 'cascade' }),
	/** 'fore' on the walk, 'efter' when the owner or a re-walk shows it fixed. */
	kind: text('kind').notNull().default('fore'),
	bytes: bytea('bytes').notNull(),
	mime: text('mime').notNull(),
	width: integer('width').notNull(),
	height: integer('height').notNull(),
	publishable: boolean('publishable').notNull().default(false),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/**
 * An outside owner's personal link to answer for their findings of one walk, without an account.
 * Only the token's SHA-256 is stored; the link expires and the coordinator can revoke it.
 */
export const walkOwnerLinks = pgTable('walk_owner_links', {
	id: uuid('id').primaryKey().defaultRandom(),
	walkId: uuid('walk_id')
		.notNull()
		.references(() => walks.id, { onDelete: 'cascade' }),
	ownerEmail: text('owner_email').notNull(),
	ownerName: text('owner_name').notNull(),
	tokenHash: text('token_hash').notNull().unique(),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	revokedAt: timestamp('revoked_at', { withTimezone: true }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	lastUsedAt: timestamp('last_used_at', { withTimezone: true })
});

/**
 * A resident's report from the public "digital trygghetsvandring": anonymous (no name, e-mail or
 * address of the sender is kept), waiting for the coordinator, who turns it into a finding of a
 * walk or rejects it.
 */
export const walkResidentReports = pgTable(
	'walk_resident_reports',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		place: text('place').notNull(),
		lat: doublePrecision('lat'),
		lon: doublePrecision('lon'),
		category: text('category').notNull(),
		description: text('description').notNull(),
		photo: bytea('photo'),
		photoWidth: integer('photo_width'),
		photoHeight: integer('photo_height'),
		/** 'vantar' until moderated, then 'godkand' (with its finding) or 'avvisad'. */
		status: text('status').notNull().default('vantar'),
		findingId: uuid('finding_id').references(() => walkFindings.id, { onDelete: 'set null' }),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
		moderatedAt: timestamp('moderated_at', { withTimezone: true }),
		moderatedBy: uuid('moderated_by').references(() => users.id, { onDelete: 'set null' })
	},
	(table) => [
		index('walk_resident_reports_queue_idx').on(table.municipalityId, table.status, table.receivedAt),
		check('walk_resident_reports_status', sql`status in ('vantar', 'godkand', 'avvisad')`)
	]
);
