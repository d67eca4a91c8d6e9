import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A file sent with a mail (a calendar invitation), kept as text with the mail. */
export interface MailAttachment {
	filename: string;
	contentType: string;
	content: string;
}

/** Every mail is kept here; without SMTP this is where it is read (demo mode), so no mail is lost. */
export const mailOutbox = pgTable('mail_outbox', {
	id: uuid('id').primaryKey().defaultRandom(),
	toAddress: text('to_address').notNull(),
	subject: text('subject').notNull(),
	body: text('body').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	sentAt: timestamp('sent_at', { withTimezone: true }),
	transport: text('transport').notNull(),
	error: text('error'),
	attachments: jsonb('attachments').$type<MailAttachment[]>().notNull().default([])
});
