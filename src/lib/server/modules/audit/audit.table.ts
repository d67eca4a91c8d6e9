import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
		userId: uuid('user_id'),
		userEmail: text('user_email'),
		organisationId: uuid('organisation_id'),
		municipalityId: uuid('municipality_id'),
		action: text('action').notNull(),
		entityType: text('entity_type').notNull(),
		entityId: text('entity_id'),
		changes: jsonb('changes').$type<Record<string, { before: unknown; after: unknown }>>(),
		ip: text('ip'),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull()
	},
	(table) => [index('audit_log_municipality_idx').on(table.municipalityId, table.id), index('audit_log_entity_idx').on(table.entityType, table.entityId)]
);
