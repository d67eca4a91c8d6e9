import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { listOutbox } from './mail.repository';
import { sendMail } from './mail.usecases';

describe('outgoing e-mail', () => {
	let database: TestDb;
	let server: SMTPServer;
	let port: number;
	const received: string[] = [];

	beforeAll(async () => {
		database = await createTestDb();
		server = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS'],
			onData(stream, _session, callback) {
				let data = '';
				stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
				stream.on('end', () => {
					received.push(data);
					callback();
				});
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		port = (server.server.address() as AddressInfo).port;
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => server.close(() => resolve()));
		await database.close();
	});

	it('goes out over SMTP and is kept in the outbox marked as sent', async () => {
		await sendMail(
			database.db,
			{ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Förebygg <noreply@falun.se>' },
			{ to: 'kopparstaden@falun.demo', subject: 'Uppföljning Halvår 1', body: 'Hej! Dags att följa upp.' }
		);
		expect(received).toHaveLength(1);
		expect(received[0]).toMatch(/To: kopparstaden@falun\.demo/);
		const [kept] = await listOutbox(database.db);
		expect(kept).toMatchObject({ toAddress: 'kopparstaden@falun.demo', transport: 'smtp', error: null });
		expect(kept.sentAt).toBeInstanceOf(Date);
	});

	it('keeps the mail with its error when the SMTP server cannot be reached', async () => {
		await sendMail(database.db, { smtpUrl: 'smtp://127.0.0.1:1', mailFrom: 'x@falun.se' }, { to: 'politiker@falun.demo', subject: 'S', body: 'B' });
		const kept = (await listOutbox(database.db)).find((m) => m.toAddress === 'politiker@falun.demo');
		expect(kept?.sentAt).toBeNull();
		expect(kept?.error).toBeTruthy();
	});

	it('keeps every mail in the outbox when no SMTP server is configured', async () => {
		await sendMail(database.db, { smtpUrl: null, mailFrom: 'x@falun.se' }, { to: 'samordnare@falun.demo', subject: 'Demo', body: 'Text' });
		const kept = (await listOutbox(database.db)).find((m) => m.toAddress === 'samordnare@falun.demo');
		expect(kept).toMatchObject({ transport: 'outbox', sentAt: null });
	});
});
