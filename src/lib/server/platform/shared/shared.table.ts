import { bigint, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * What the public pages of a scope (a municipality's id, or '*' for the whole installation) were
 * rendered from: bumped in the same transaction as every write that may change them, so every
 * app server sharing the database sees a change as soon as it commits (see page-cache.ts).
 */
export const publicVersions = pgTable('public_versions', {
	scope: text('scope').primaryKey(),
	version: bigint('version', { mode: 'number' }).notNull().default(0),
	changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});

/** Fixed-window counters shared by every app server: a limit holds however many processes answer. */
export const rateLimitCounters = pgTable('rate_limit_counters', {
	key: text('key').primaryKey(),
	windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
	count: integer('count').notNull()
});

/** One row per run of a scheduled job and time slot: the first process to insert it runs the job. */
export const jobClaims = pgTable(
	'job_claims',
	{
		job: text('job').notNull(),
		slot: text('slot').notNull(),
		claimedBy: text('claimed_by').notNull(),
		claimedAt: timestamp('claimed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' })
	},
	(table) => [primaryKey({ columns: [table.job, table.slot] })]
);

/**
 * Keys every app server must agree on (the public form token's signing key, say): made once by
 * whichever process needs one first, read by all others, so a token signed on one server holds on
 * another and after a restart.
 */
export const sharedSecrets = pgTable('shared_secrets', {
	name: text('name').primaryKey(),
	secret: text('secret').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});
