// Regression tests for issue 11, items 5 and 8: reset links, API tokens, the outbox, lock-out and enumeration.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/foundation';
import { readConfig } from '../../platform/config';
import { ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { listOutbox } from '../mail/mail.repository';
import { createApiToken, resolveApiToken } from './api-tokens.usecases';
import { LoginThrottle } from './login-throttle';
import { findMemberships, findUserByEmail } from './users.repository';
import { changePassword, createUser, requestPasswordReset, resetPassword, resolveSession, signIn } from './users.usecases';

const config = { ...readConfig({}), loginMaxFailures: 3, loginLockMinutes: 15 };
const request = { ip: '10.1.0.1', userAgent: 'vitest' };

function linkToken(body: string): string {
	return /\/losenord\/aterstall\/(\S+)/.exec(body)![1];
}

describe(`account hardening (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let smtp: SMTPServer;
	let smtpPort: number;
	const received: string[] = [];

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		smtp = new SMTPServer({
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
		await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
		smtpPort = (smtp.server.address() as AddressInfo).port;
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => smtp.close(() => resolve()));
		await database.close();
	});

	const latestMailTo = async (to: string) => (await listOutbox(database.db)).find((m) => m.toAddress === to)!;

	it('kills every older reset link when one of them is used', async () => {
		const email = 'politiker@falun.demo';
		await requestPasswordReset({ db: database.db, config, email, ip: null });
		const older = linkToken((await latestMailTo(email)).body);
		await requestPasswordReset({ db: database.db, config, email, ip: null });
		const newer = linkToken((await latestMailTo(email)).body);
		expect(newer).not.toBe(older);
		expect(await resetPassword({ db: database.db, token: newer, newPassword: 'ett nytt långt lösenord', ip: null })).toBe(true);
		expect(await resetPassword({ db: database.db, token: older, newPassword: 'angriparens lösenord', ip: null })).toBe(false);
		expect((await signIn({ db: database.db, config, email, password: 'ett nytt långt lösenord', request })).ok).toBe(true);
	});

	it('kills an open reset link when the password is changed, and lists the API tokens that still work', async () => {
		const email = 'kommunpolis@falun.demo';
		await requestPasswordReset({ db: database.db, config, email, ip: null });
		const open = linkToken((await latestMailTo(email)).body);
		const signedIn = await signIn({ db: database.db, config, email, password: DEMO_PASSWORD, request });
		if (!signedIn.ok) throw new Error('sign-in failed');
		const session = (await resolveSession({ db: database.db, config, token: signedIn.token }))!;
		const token = await createApiToken({ db: database.db, actor: session.actor, input: { name: 'BI', expiresInDays: '30' }, ip: null });
		const changed = await changePassword({
			db: database.db,
			actor: session.actor,
			sessionId: session.sessionId,
			currentPassword: DEMO_PASSWORD,
			newPassword: 'ett bytt långt lösenord',
			ip: null
		});
		expect(changed.activeApiTokens).toEqual([{ id: token.id, name: 'BI' }]);
		expect(await resolveApiToken({ db: database.db, token: token.token })).not.toBeNull();
		expect(await resetPassword({ db: database.db, token: open, newPassword: 'angriparens lösenord', ip: null })).toBe(false);
	});

	it('revokes every API token on a reset', async () => {
		const email = 'kopparstaden@falun.demo';
		const signedIn = await signIn({ db: database.db, config, email, password: DEMO_PASSWORD, request });
		if (!signedIn.ok) throw new Error('sign-in failed');
		const session = (await resolveSession({ db: database.db, config, token: signedIn.token }))!;
		const token = await createApiToken({ db: database.db, actor: session.actor, input: { name: 'Skript', expiresInDays: '30' }, ip: null });
		expect(await resolveApiToken({ db: database.db, token: token.token })).not.toBeNull();
		await requestPasswordReset({ db: database.db, config, email, ip: null });
		expect(await resetPassword({ db: database.db, token: linkToken((await latestMailTo(email)).body), newPassword: 'ett återställt lösenord', ip: null })).toBe(
			true
		);
		expect(await resolveApiToken({ db: database.db, token: token.token })).toBeNull();
	});

	it('keeps no live reset link in the outbox once the mail has been sent', async () => {
		const email = 'samordnare@sunne.demo';
		await requestPasswordReset({ db: database.db, config: { ...config, smtpUrl: `smtp://127.0.0.1:${smtpPort}` }, email, ip: null });
		const sent = received.find((m) => m.includes(`To: ${email}`))!;
		// The recipient got the link (quoted-printable may wrap it, so compare without soft breaks).
		const link = linkToken(sent.replace(/=\r?\n/g, ''));
		expect(link.length).toBeGreaterThan(20);
		const kept = await latestMailTo(email);
		expect(kept.sentAt).toBeInstanceOf(Date);
		expect(kept.body).not.toContain(link);
		expect(kept.body).not.toMatch(/\/losenord\/aterstall\//);
		expect(kept.body).toContain('[dold');
	});

	it('answers a throttled address exactly as a wrong password, known account or not', async () => {
		const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 60_000 });
		const attempt = (email: string, password: string, ip = '10.9.9.9') =>
			signIn({ db: database.db, config, email, password, request: { ip, userAgent: null }, throttle });
		for (const email of ['samordnare@falun.demo', 'finns-inte@falun.demo']) {
			expect(await attempt(email, 'fel')).toEqual({ ok: false, code: 'invalid_credentials' });
			expect(await attempt(email, 'fel')).toEqual({ ok: false, code: 'invalid_credentials' });
			expect(throttle.check(email, '10.9.9.9')).toEqual({ refused: true, delayMs: expect.any(Number) });
		}
		// The right password from the throttled address: the same answer as a wrong one.
		expect(await attempt('samordnare@falun.demo', DEMO_PASSWORD)).toEqual({ ok: false, code: 'invalid_credentials' });
		// The same account from another address gets in: five requests can no longer lock anyone out.
		expect((await attempt('samordnare@falun.demo', DEMO_PASSWORD, '10.9.9.10')).ok).toBe(true);
	});

	it('takes as long to refuse a throttled address as to refuse a wrong password', async () => {
		const throttle = new LoginThrottle({ maxFailures: 1, windowMs: 60_000, maxDelayMs: 0 });
		const time = async (email: string, ip: string) => {
			const started = performance.now();
			await signIn({ db: database.db, config, email, password: 'fel', request: { ip, userAgent: null }, throttle });
			return performance.now() - started;
		};
		await time('samordnare@falun.demo', '10.8.0.1'); // the address is now throttled on this account
		const throttled: number[] = [];
		const wrong: number[] = [];
		for (let i = 0; i < 5; i++) {
			throttled.push(await time('samordnare@falun.demo', '10.8.0.1'));
			wrong.push(await time('samordnare@falun.demo', `10.8.1.${i}`));
		}
		const median = (values: number[]) => values.sort((a, b) => a - b)[2];
		const ratio = median(throttled) / median(wrong);
		expect(ratio).toBeGreaterThan(0.5);
		expect(ratio).toBeLessThan(2);
	});

	it('slows every address down on an account under a spread-out attack, with the same delay for an unknown account', () => {
		let now = 0;
		const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
		for (const email of ['a@falun.demo', 'ingen@falun.demo']) {
			for (let i = 0; i < 5; i++) throttle.recordFailure(email, `10.0.0.${i}`);
			expect(throttle.check(email, '10.7.7.7')).toEqual({ refused: false, delayMs: 1000 });
		}
		throttle.recordSuccess('a@falun.demo', '10.7.7.7');
		expect(throttle.check('a@falun.demo', '10.7.7.7')).toEqual({ refused: false, delayMs: 0 });
		now = 60_000;
		expect(throttle.check('ingen@falun.demo', '10.0.0.1')).toEqual({ refused: false, delayMs: 0 });
	});

	it("answers a coordinator who adds an e-mail from another municipality as a new account, and tells no one's password", async () => {
		const sunneSignIn = await signIn({ db: database.db, config, email: 'samordnare@sunne.demo', password: DEMO_PASSWORD, request });
		if (!sunneSignIn.ok) throw new Error('sign-in failed');
		const sunne = (await resolveSession({ db: database.db, config, token: sunneSignIn.token }))!.actor;
		const sunneId = database.refs!.municipalities.sunne.id;
		const falunUser = (await findUserByEmail(database.db, 'kommunpolis@falun.demo'))!;
		const created = await createUser({
			db: database.db,
			actor: sunne,
			input: { email: 'kommunpolis@falun.demo', name: 'Någon annan', role: 'lasare', password: 'samordnarens lösenord', municipalityId: sunneId }
		});
		expect(created.email).toBe('kommunpolis@falun.demo');
		const after = (await findUserByEmail(database.db, 'kommunpolis@falun.demo'))!;
		expect(after.passwordHash).toBe(falunUser.passwordHash);
		expect(after.name).toBe(falunUser.name);
		expect((await findMemberships(database.db, after.id)).map((m) => m.municipalityId)).toContain(sunneId);
		// Within its own municipality the coordinator sees the member anyway, so saying so reveals nothing.
		const again = await createUser({
			db: database.db,
			actor: sunne,
			input: { email: 'kommunpolis@falun.demo', name: 'X', role: 'lasare', municipalityId: sunneId }
		}).catch((e) => e);
		expect(again).toBeInstanceOf(ValidationError);
	});
});
