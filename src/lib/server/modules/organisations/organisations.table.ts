import { boolean, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const municipalities = pgTable('municipalities', {
	id: uuid('id').primaryKey().defaultRandom(),
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	officialName: text('official_name').notNull(),
	scbCode: text('scb_code').notNull().unique(),
	county: text('county').notNull(),
	countyCode: text('county_code').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const organisations = pgTable('organisations', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	type: text('type').notNull(),
	/** Created from an imported name nobody has confirmed yet; shown to the coordinator to confirm or merge. */
	needsConfirmation: boolean('needs_confirmation').notNull().default(false),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const organisationMunicipalities = pgTable(
	'organisation_municipalities',
	{
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' })
	},
	(table) => [primaryKey({ columns: [table.organisationId, table.municipalityId] })]
);
