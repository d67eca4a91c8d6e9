import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { municipalities, organisations } from '../organisations/organisations.table';
import { users } from '../users/users.table';

/*
 * SSPF (issue 15). Every column that says something about a person holds ciphertext sealed with the
 * case's data key (see sspf.crypto.ts); the clear columns are references, dates, states and the
 * consent's scope, which the policy must read without a key. Erasing a case destroys its wrapped key
 * and deletes its rows, leaving only the case row: that a case existed and was erased.
 */

/** Per municipality: how long closed cases are kept before they are erased. */
export const sspfSettings = pgTable('sspf_settings', {
	municipalityId: uuid('municipality_id')
		.primaryKey()
		.references(() => municipalities.id, { onDelete: 'cascade' }),
	retentionMonths: integer('retention_months').notNull().default(24)
});

/** The styrgrupp (statistics only) and the beredningsgrupp (named members); `coordinator` is the SSPF coordinator. */
export const sspfGroupMembers = pgTable(
	'sspf_group_members',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		groupKind: text('group_kind').notNull(),
		coordinator: boolean('coordinator').notNull().default(false),
		addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		unique('sspf_group_members_unique').on(table.municipalityId, table.userId, table.groupKind),
		check('sspf_group_members_kind', sql`group_kind in ('styrgrupp', 'beredningsgrupp')`)
	]
);

export const sspfCases = pgTable(
	'sspf_cases',
	{
		id: uuid('id').primaryKey(),
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		/** SIG-2026-003: the only name a case has outside its team. */
		reference: text('reference').notNull(),
		status: text('status').notNull().default('aktuell'),
		coordinatorId: uuid('coordinator_id').references(() => users.id, { onDelete: 'set null' }),
		/** Who referred, as a kind of source (skola, socialtjanst, polis, fritid, vardnadshavare, ungdomen, annan): statistics. */
		referralSource: text('referral_source').notNull(),
		referredOn: date('referred_on').notNull(),
		closedOn: date('closed_on'),
		/** The organisation with overall responsibility for the individual plan. */
		planLeadOrganisationId: uuid('plan_lead_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		/**
		 * The id of the master key that wraps the case's data key. The wrapped key itself lives in the key
		 * store outside the database (sspf.crypto.ts), so no backup carries it; null once erased.
		 */
		wrappedKey: text('wrapped_key'),
		/** Keyed hash of the personal identity number (blind index); null once erased. */
		personnummerIndex: text('personnummer_index'),
		/** Field name → ciphertext (young person, guardians, referral, plan goals). */
		sealed: jsonb('sealed').$type<Record<string, string>>().notNull().default({}),
		erasedAt: timestamp('erased_at', { withTimezone: true }),
		erasureReason: text('erasure_reason'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		unique('sspf_cases_reference').on(table.municipalityId, table.reference),
		index('sspf_cases_personnummer_idx').on(table.municipalityId, table.personnummerIndex),
		check('sspf_cases_status', sql`status in ('aktuell', 'vilande', 'avslutad', 'raderad')`)
	]
);

/** The case team: named people from the organisations the consent names. */
export const sspfCaseTeam = pgTable(
	'sspf_case_team',
	{
		caseId: uuid('case_id')
			.notNull()
			.references(() => sspfCases.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		/**
		 * The member's unit within the organisation (e.g. "Elevhälsan, Slättaskolan"), '' for none. A consent
		 * that names a unit as recipient lets only members of that unit read (consentRule).
		 */
		unit: text('unit').notNull().default(''),
		addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [primaryKey({ columns: [table.caseId, table.userId] })]
);

export interface ConsentRecipient {
	organisationId: string;
	/** A unit within the organisation (e.g. "Elevhälsan, Slättaskolan"), or empty for the whole organisation. */
	unit: string;
}

export const sspfConsents = pgTable(
	'sspf_consents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => sspfCases.id, { onDelete: 'cascade' }),
		validFrom: date('valid_from').notNull(),
		validTo: date('valid_to').notNull(),
		categories: jsonb('categories').$type<string[]>().notNull(),
		recipients: jsonb('recipients').$type<ConsentRecipient[]>().notNull(),
		/** Who signed (names and roles), sealed. */
		signatoriesSealed: text('signatories_sealed').notNull(),
		/** The scanned signed form, sealed, and what its magic bytes say it is (pdf, jpeg, png). */
		documentSealed: text('document_sealed'),
		documentType: text('document_type'),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
		withdrawnCategories: jsonb('withdrawn_categories').$type<string[]>().notNull().default([]),
		withdrawnRecipients: jsonb('withdrawn_recipients').$type<string[]>().notNull().default([]),
		/** The consent this one renews. */
		renewsId: uuid('renews_id'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('sspf_consents_case_idx').on(table.caseId), check('sspf_consents_period', sql`valid_to >= valid_from`)]
);

/**
 * The work on a case: factor assessments, instrument summaries, plan goals, actions, follow-up
 * meetings and beredningsgrupp minutes. The payload is sealed; `category` is the information category
 * a reader's consent must cover; the action's owner and dates stay clear for reminders and statistics.
 */
export const sspfEntries = pgTable(
	'sspf_entries',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => sspfCases.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		category: text('category').notNull(),
		sealed: text('sealed').notNull(),
		occurredOn: date('occurred_on').notNull(),
		dueOn: date('due_on'),
		doneOn: date('done_on'),
		ownerOrganisationId: uuid('owner_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
		meetingId: uuid('meeting_id'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		index('sspf_entries_case_idx').on(table.caseId, table.kind),
		check('sspf_entries_kind', sql`kind in ('assessment', 'instrument', 'goal', 'action', 'follow_up', 'meeting_note')`)
	]
);

/** Rectification history: the earlier value of a corrected field, sealed with the same case key. */
export const sspfFieldHistory = pgTable('sspf_field_history', {
	id: uuid('id').primaryKey().defaultRandom(),
	caseId: uuid('case_id')
		.notNull()
		.references(() => sspfCases.id, { onDelete: 'cascade' }),
	field: text('field').notNull(),
	sealedBefore: text('sealed_before').notNull(),
	reasonSealed: text('reason_sealed').notNull(),
	changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
	changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' })
});

/** A beredningsgrupp meeting: its date, the cases on its agenda, and general minutes (no personal data). */
export const sspfMeetings = pgTable('sspf_meetings', {
	id: uuid('id').primaryKey().defaultRandom(),
	municipalityId: uuid('municipality_id')
		.notNull()
		.references(() => municipalities.id, { onDelete: 'cascade' }),
	meetsOn: date('meets_on').notNull(),
	caseIds: jsonb('case_ids').$type<string[]>().notNull().default([]),
	/** Who attends (user ids): a case is on the agenda only when its consent covers every attendee's organisation. */
	attendees: jsonb('attendees').$type<string[]>().notNull().default([]),
	generalMinutes: text('general_minutes').notNull().default(''),
	createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});
