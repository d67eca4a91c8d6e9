import nodemailer from 'nodemailer';
import type { DbOrTx } from '../../db/client';
import type { Config } from '../../platform/config';
import { insertOutboxMail, markOutboxMail } from './mail.repository';

export interface OutgoingMail {
	to: string;
	subject: string;
	body: string;
}

/**
 * Every mail is written to the outbox first; with SMTP_URL it is then sent and marked sent.
 * A failed send stays in the outbox with its error, so nothing is lost.
 */
export async function sendMail(db: DbOrTx, config: Pick<Config, 'smtpUrl' | 'mailFrom'>, mail: OutgoingMail): Promise<void> {
	const id = await insertOutboxMail(db, { toAddress: mail.to, subject: mail.subject, body: mail.body, transport: config.smtpUrl ? 'smtp' : 'outbox' });
	if (!config.smtpUrl) return;
	try {
		const transport = nodemailer.createTransport(config.smtpUrl);
		await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.body });
		await markOutboxMail(db, id, { sentAt: new Date() });
	} catch (error) {
		await markOutboxMail(db, id, { error: (error as Error).message });
	}
}
