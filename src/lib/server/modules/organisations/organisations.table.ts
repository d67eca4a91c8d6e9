import { boolean, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const municipalities = pgTable('municipalities', {
	id: uuid('id').primaryKey().defaultRandom(),
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	officialName: text('official_name').notNull(),
	scbCode: text('scb_code').notNull().unique(),
	county: text('county').notNull(),
	countyCode: text('county_code').notNull(),
	/** A deactivated municipality keeps its data but is not listed publicly; the app shows it as inactive. */
	active: boolean('active').notNull().default(true),
	/** When its full export was last downloaded: deleting it requires a recent one. */
	exportedAt: timestamp('exported_at', { withTimezone: true }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const organisations = pgTable('organisations', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	type: text('type').notNull(),
	/** URL name of a police area's overview (/app/omrade/{slug}); null for other organisations. */
	slug: text('slug').unique(),
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
