import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from '../organisations/organisations.table';
import { estReports } from './est.table';

/**
 * The id a report was given where it was written (the form's hidden field, or the phone's offline
 * queue), so a report sent twice — a resent form, a queue flushed again after a lost answer — is
 * stored once. One row per report that came with such an id.
 */
export const estReportClientIds = pgTable(
	'est_report_client_ids',
	{
		municipalityId: uuid('municipality_id')
			.notNull()
			.references(() => municipalities.id, { onDelete: 'cascade' }),
		clientId: text('client_id').notNull(),
		reportId: uuid('report_id')
			.notNull()
			.references(() => estReports.id, { onDelete: 'cascade' }),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [primaryKey({ columns: [table.municipalityId, table.clientId] })]
);
