import { boolean, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { municipalities, organisations } from '../organisations/organisations.table';

export const users = pgTable('users', {
	id: uuid('id').primaryKey().defaultRandom(),
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash'),
	totpSecret: text('totp_secret'),
	totpEnabled: boolean('totp_enabled').notNull().default(false),
	failedLoginCount: integer('failed_login_count').notNull().default(0),
	lockedUntil: timestamp('locked_until', { withTimezone: true }),
	disabled: boolean('disabled').notNull().default(false),
	locale: text('locale').notNull().default('sv'),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const memberships = pgTable(
	'memberships',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
		/** null for the installation-wide admin role. */
		municipalityId: uuid('municipality_id').references(() => municipalities.id, { onDelete: 'cascade' }),
		role: text('role').notNull()
	},
	(table) => [unique('memberships_unique').on(table.userId, table.organisationId, table.municipalityId, table.role)]
);

export const sessions = pgTable(
	'sessions',
	{
		/** sha256 of the cookie token: a leaked table does not leak usable sessions. */
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		/** Password verified, second factor still owed. */
		pendingTotp: boolean('pending_totp').notNull().default(false),
		ip: text('ip'),
		userAgent: text('user_agent')
	},
	(table) => [index('sessions_user_idx').on(table.userId)]
);

export const passwordResetTokens = pgTable('password_reset_tokens', {
	tokenHash: text('token_hash').primaryKey(),
	userId: uuid('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	usedAt: timestamp('used_at', { withTimezone: true })
});

/** Personal API tokens: only the sha256 is stored; the token is shown once. */
export const apiTokens = pgTable(
	'api_tokens',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull().unique(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(table) => [index('api_tokens_user_idx').on(table.userId)]
);

/**
 * An invitation to join a municipality's work: the link (only its sha256 is stored) lets the
 * person set a password or sign in with the identity provider, once, within its validity.
 */
export const invitations = pgTable(
	'invitations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tokenHash: text('token_hash').notNull().unique(),
		email: text('email').notNull(),
		name: text('name').notNull(),
		role: text('role').notNull(),
		municipalityId: uuid('municipality_id').references(() => municipalities.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
		invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true })
	},
	(table) => [index('invitations_municipality_idx').on(table.municipalityId)]
);
