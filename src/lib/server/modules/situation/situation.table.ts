import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from '../organisations/organisations.table';
import { focusAreas } from '../plans/plans.table';
import { users } from '../users/users.table';
import type { ColumnMapping } from './situation.models';
import type { Bbox, Geometry } from '../../platform/geo/spatial';

/** The municipality as a whole, SCB's RegSO and DeSO, and the municipality's own areas; they nest and may overlap. */
export const areas = pgTable(
	'areas',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		code: text('code').notNull(),
		name: text('name').notNull(),
		parentId: uuid('parent_id'),
		/** The geometry as the source gave it, and in which CRS (3006 or 4326). */
		sourceEpsg: integer('source_epsg').notNull(),
		sourceGeometry: jsonb('source_geometry').$type<Geometry>().notNull(),
		/** WGS84, for maps. */
		geometry: jsonb('geometry').$type<Geometry>().notNull(),
		bbox: jsonb('bbox').$type<Bbox>().notNull(),
		/** Where the boundary came from; demo areas say they are approximate. */
		source: text('source').notNull().default(''),
		approximate: boolean('approximate').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [unique('areas_municipality_kind_code').on(table.municipalityId, table.kind, table.code)]
);

/** Population per area, year, sex (T, K, M) and age group ('totalt' or SCB's groups): the denominator of rates. */
export const areaPopulations = pgTable(
	'area_populations',
	{
		areaId: uuid('area_id')
			.notNull()
			.references(() => areas.id, { onDelete: 'cascade' }),
		year: smallint('year').notNull(),
		sex: text('sex').notNull().default('T'),
		ageGroup: text('age_group').notNull().default('totalt'),
		population: integer('population').notNull()
	},
	(table) => [primaryKey({ columns: [table.areaId, table.year, table.sex, table.ageGroup] })]
);

/** The properties a municipality's own area files name their areas by, as the user chose them; used for its next file. */
export const areaImportSettings = pgTable('area_import_settings', {
	municipalityId: uuid('municipality_id')
		.primaryKey()
		.references(() => municipalities.id, { onDelete: 'cascade' }),
	nameProperty: text('name_property').notNull(),
	codeProperty: text('code_property'),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** A police extract's origin; its column mapping is remembered for the next extract of the same kind. */
export const crimeSources = pgTable(
	'crime_sources',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		mapping: jsonb('mapping').$type<ColumnMapping>().notNull(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [unique('crime_sources_municipality_name').on(table.municipalityId, table.name)]
);

export const crimeImports = pgTable('crime_imports', {
	id: uuid('id').primaryKey().defaultRandom(),
	municipalityId: uuid('municipality_id')
		.notNull()
		.references(() => municipalities.id, { onDelete: 'cascade' }),
	sourceId: uuid('source_id').references(() => crimeSources.id, { onDelete: 'set null' }),
	fileName: text('file_name').notNull(),
	rowsRead: integer('rows_read').notNull(),
	rowsImported: integer('rows_imported').notNull(),
	rowsDuplicate: integer('rows_duplicate').notNull(),
	rowsRejected: integer('rows_rejected').notNull(),
	demo: boolean('demo').notNull().default(false),
	createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/**
 * One reported crime as an aggregate-ready fact: category, when, where. No names, no
 * personal identity numbers, no free text enter this table.
 */
export const crimeEvents = pgTable(
	'crime_events',
	{
		// By default, not always: a restored backup brings its own ids (see db/backup.ts).
		id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
		// No foreign keys here on purpose: their per-row triggers doubled the time of a bulk load
		// on PGlite. Events are removed with their import (deleteCrimeImport) or municipality.
		municipalityId: uuid('municipality_id').notNull(),
		importId: uuid('import_id').notNull(),
		/** Identity of the source row: re-importing an extract adds nothing. */
		hashKey: text('hash_key').notNull(),
		category: text('category').notNull(),
		crimeCode: text('crime_code'),
		occurredOn: text('occurred_on').notNull(),
		year: smallint('year').notNull(),
		month: smallint('month').notNull(),
		weekday: smallint('weekday').notNull(),
		hour: smallint('hour'),
		easting: doublePrecision('easting'),
		northing: doublePrecision('northing'),
		latitude: doublePrecision('latitude'),
		longitude: doublePrecision('longitude'),
		/** Every area containing the event (assigned in TypeScript at import). */
		areaIds: uuid('area_ids').array().notNull(),
		demo: boolean('demo').notNull().default(false)
	},
	(table) => [
		unique('crime_events_municipality_hash').on(table.municipalityId, table.hashKey),
		index('crime_events_municipality_occurred_idx').on(table.municipalityId, table.occurredOn)
	]
);

/**
 * The area that stands for "the whole municipality, every event once" in crime_year_counts: an
 * event lies in several areas (kommun, RegSO, DeSO, own areas), so area rows cannot be summed.
 */
export const WHOLE_MUNICIPALITY = '00000000-0000-0000-0000-000000000000';

/**
 * Pre-aggregated counts of crime_events, written in the same statement as every insert, delete
 * and re-assignment of events (see situation.repository), so the lägesbild and the API never
 * scan a million events. Each table answers part of the dimensions; whatever none of them can
 * answer exactly (partial months, area × weekday/hour) is read from the events themselves. No foreign keys,
 * like crime_events: their per-row checks cost seconds when an import writes 100,000s of counts.
 */
/** Per area (each area containing the event), category and month. */
export const crimeAreaMonthCounts = pgTable(
	'crime_area_month_counts',
	{
		municipalityId: uuid('municipality_id').notNull(),
		year: smallint('year').notNull(),
		month: smallint('month').notNull(),
		areaId: uuid('area_id').notNull(),
		category: text('category').notNull(),
		count: integer('count').notNull()
	},
	(table) => [primaryKey({ columns: [table.municipalityId, table.year, table.month, table.areaId, table.category] })]
);

/**
 * Per area and year, by category and with category '' for all categories together; the area
 * WHOLE_MUNICIPALITY counts every event once. Whole years of a period come from here.
 */
export const crimeYearCounts = pgTable(
	'crime_year_counts',
	{
		municipalityId: uuid('municipality_id').notNull(),
		year: smallint('year').notNull(),
		category: text('category').notNull(),
		areaId: uuid('area_id').notNull(),
		count: integer('count').notNull()
	},
	(table) => [primaryKey({ columns: [table.municipalityId, table.year, table.category, table.areaId] })]
);

/** The whole municipality per month, category, weekday and hour (-1: the hour is unknown). */
export const crimeTimeCounts = pgTable(
	'crime_time_counts',
	{
		municipalityId: uuid('municipality_id').notNull(),
		year: smallint('year').notNull(),
		month: smallint('month').notNull(),
		category: text('category').notNull(),
		weekday: smallint('weekday').notNull(),
		hour: smallint('hour').notNull(),
		count: integer('count').notNull()
	},
	(table) => [primaryKey({ columns: [table.municipalityId, table.year, table.month, table.category, table.weekday, table.hour] })]
);

/** A parsed extract waiting for the mapping and the user's decision; never trusted back from the browser. */
export const crimeImportDrafts = pgTable('crime_import_drafts', {
	id: uuid('id').primaryKey().defaultRandom(),
	municipalityId: uuid('municipality_id')
		.notNull()
		.references(() => municipalities.id, { onDelete: 'cascade' }),
	userId: uuid('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	fileName: text('file_name').notNull(),
	sourceName: text('source_name').notNull(),
	table: jsonb('table').$type<string[][]>().notNull(),
	mapping: jsonb('mapping').$type<ColumnMapping | null>(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** Indicators: one model for Kolada, Brå tables, surveys and socioeconomic figures. */
export const indicatorValues = pgTable(
	'indicator_values',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		/** Null: the figure is for a whole municipality, county or the country (see regionCode). */
		areaId: uuid('area_id').references(() => areas.id, { onDelete: 'cascade' }),
		/** '2080', '0020' (county as Kolada writes it) or '0000' (Sweden) when not per area. */
		regionCode: text('region_code'),
		indicator: text('indicator').notNull(),
		name: text('name').notNull(),
		period: text('period').notNull(),
		sex: text('sex').notNull().default('T'),
		ageGroup: text('age_group').notNull().default('totalt'),
		/** Null: suppressed at the source (Brå's ".."). */
		value: doublePrecision('value'),
		unit: text('unit').notNull().default(''),
		respondents: integer('respondents'),
		source: text('source').notNull(),
		licence: text('licence').notNull().default(''),
		demo: boolean('demo').notNull().default(false)
	},
	(table) => [
		unique('indicator_values_identity')
			.on(table.municipalityId, table.indicator, table.regionCode, table.areaId, table.period, table.sex, table.ageGroup)
			.nullsNotDistinct(),
		index('indicator_values_municipality_idx').on(table.municipalityId, table.indicator)
	]
);

/** Links the municipality's focus areas (plans.table) to the lägesbild that found them. */
export const focusAreaEvidence = pgTable('focus_area_evidence', {
	focusAreaId: uuid('focus_area_id')
		.primaryKey()
		.references(() => focusAreas.id, { onDelete: 'cascade' }),
	rationale: text('rationale').notNull().default(''),
	areaIds: uuid('area_ids').array().notNull().default([]),
	categories: text('categories').array().notNull().default([])
});
