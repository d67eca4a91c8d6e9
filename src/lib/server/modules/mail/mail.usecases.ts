import nodemailer from 'nodemailer';
import type { DbOrTx } from '../../db/client';
import type { Config } from '../../platform/config';
import { insertOutboxMail, markOutboxMail } from './mail.repository';
import type { MailAttachment } from './mail.table';

export interface OutgoingMail {
	to: string;
	subject: string;
	body: string;
	/**
	 * Parts of the body that grant access (a reset link). Once the mail has gone out they are
	 * replaced in the outbox copy: the administrator sees that it was sent, never a live link.
	 * A mail kept in the outbox (no SMTP, or a failed send) keeps them, since it is read there.
	 */
	secrets?: string[];
	/** Files sent with the mail (a calendar invitation), kept in the outbox with it. */
	attachments?: MailAttachment[];
}

export const REDACTED = '[dold – visas inte efter att brevet skickats]';

export function redactBody(body: string, secrets: readonly string[] = []): string {
	return secrets.filter(Boolean).reduce((text, secret) => text.split(secret).join(REDACTED), body);
}

/**
 * Every mail is written to the outbox first; with SMTP_URL it is then sent and marked sent.
 * A failed send stays in the outbox with its error, so nothing is lost.
 */
export async function sendMail(db: DbOrTx, config: Pick<Config, 'smtpUrl' | 'mailFrom'>, mail: OutgoingMail): Promise<void> {
	const attachments = mail.attachments ?? [];
	const id = await insertOutboxMail(db, {
		toAddress: mail.to,
		subject: mail.subject,
		body: mail.body,
		attachments,
		transport: config.smtpUrl ? 'smtp' : 'outbox'
	});
	if (!config.smtpUrl) return;
	try {
		const transport = nodemailer.createTransport(config.smtpUrl);
		await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.body, attachments });
		await markOutboxMail(db, id, { sentAt: new Date(), body: redactBody(mail.body, mail.secrets) });
	} catch (error) {
		await markOutboxMail(db, id, { error: (error as Error).message });
	}
}
