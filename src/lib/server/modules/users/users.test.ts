import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../platform/config';
import { sha256Hex } from '../../platform/crypto';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { DEMO_PASSWORD } from '../../demo/foundation';
import { listOutbox } from '../mail/mail.repository';
import { findAuditRows } from '../audit/audit.repository';
import { findUserByEmail, updateSession } from './users.repository';
import { sessionIsValid } from './users.models';
import {
	beginTotpSetup,
	changePassword,
	completeTotp,
	createUser,
	enableTotp,
	requestPasswordReset,
	resetPassword,
	resolveSession,
	signIn,
	signOut
} from './users.usecases';
import { systemActor } from '../../platform/authz';

const config = { ...readConfig({}), loginMaxFailures: 3, loginLockMinutes: 15 };
const request = { ip: '10.0.0.1', userAgent: 'vitest' };

describe(`accounts and sessions (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
	});
	afterAll(() => database.close());

	it('stores passwords as argon2id hashes', async () => {
		const user = await findUserByEmail(database.db, 'samordnare@falun.demo');
		expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
	});

	it('signs in with the right password and resolves the session to the actor with memberships', async () => {
		const result = await signIn({ db: database.db, config, email: ' Samordnare@Falun.demo ', password: DEMO_PASSWORD, request });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const session = await resolveSession({ db: database.db, config, token: result.token });
		expect(session?.actor.email).toBe('samordnare@falun.demo');
		expect(session?.actor.memberships).toEqual([expect.objectContaining({ role: 'samordnare', municipalityId: database.refs!.municipalities.falun.id })]);
		const audit = await findAuditRows(database.db, { action: 'users.session.signed_in', limit: 10, offset: 0 });
		expect(audit.some((row) => row.userEmail === 'samordnare@falun.demo' && row.ip === '10.0.0.1')).toBe(true);
	});

	it('refuses a wrong password without saying whether the account exists, and audits it', async () => {
		const wrong = await signIn({ db: database.db, config, email: 'politiker@falun.demo', password: 'fel-lösenord', request });
		const unknown = await signIn({ db: database.db, config, email: 'ingen@falun.demo', password: 'fel-lösenord', request });
		expect(wrong).toEqual({ ok: false, code: 'invalid_credentials' });
		expect(unknown).toEqual({ ok: false, code: 'invalid_credentials' });
		const failed = await findAuditRows(database.db, { action: 'users.session.sign_in_failed', limit: 10, offset: 0 });
		expect(failed.map((row) => row.userEmail)).toEqual(expect.arrayContaining(['politiker@falun.demo', 'ingen@falun.demo']));
	});

	it('stops an address after repeated failures on an account, even for the right password, while the owner elsewhere gets in', async () => {
		for (let i = 0; i < 3; i++) await signIn({ db: database.db, config, email: 'kopparstaden@falun.demo', password: 'fel', request });
		const refused = await signIn({ db: database.db, config, email: 'kopparstaden@falun.demo', password: DEMO_PASSWORD, request });
		expect(refused).toEqual({ ok: false, code: 'invalid_credentials' });
		const owner = await signIn({
			db: database.db,
			config,
			email: 'kopparstaden@falun.demo',
			password: DEMO_PASSWORD,
			request: { ...request, ip: '10.0.0.99' }
		});
		expect(owner.ok).toBe(true);
	});

	it('ends sessions after idle time and at the absolute expiry', () => {
		const createdAt = new Date('2026-01-01T08:00:00Z');
		const session = { createdAt, lastSeenAt: new Date('2026-01-01T09:00:00Z'), expiresAt: new Date('2026-01-01T20:00:00Z') };
		expect(sessionIsValid(session, new Date('2026-01-01T10:59:00Z'), 120)).toBe(true);
		expect(sessionIsValid(session, new Date('2026-01-01T11:01:00Z'), 120)).toBe(false);
		expect(sessionIsValid({ ...session, lastSeenAt: new Date('2026-01-01T19:59:00Z') }, new Date('2026-01-01T20:00:00Z'), 120)).toBe(false);
	});

	it('drops an expired session from the database', async () => {
		const result = await signIn({ db: database.db, config, email: 'kommunpolis@falun.demo', password: DEMO_PASSWORD, request });
		if (!result.ok) throw new Error('sign-in failed');
		await updateSession(database.db, sha256Hex(result.token), { expiresAt: new Date(Date.now() - 1000) });
		expect(await resolveSession({ db: database.db, config, token: result.token })).toBeNull();
	});

	it('signs out everywhere', async () => {
		const first = await signIn({ db: database.db, config, email: 'samordnare@sunne.demo', password: DEMO_PASSWORD, request });
		const second = await signIn({ db: database.db, config, email: 'samordnare@sunne.demo', password: DEMO_PASSWORD, request });
		if (!first.ok || !second.ok) throw new Error('sign-in failed');
		const session = await resolveSession({ db: database.db, config, token: first.token });
		await signOut({ db: database.db, sessionId: session!.sessionId, actor: session!.actor, ip: null, everywhere: true });
		expect(await resolveSession({ db: database.db, config, token: first.token })).toBeNull();
		expect(await resolveSession({ db: database.db, config, token: second.token })).toBeNull();
	});

	it('resets a password through the e-mailed link, once', async () => {
		await requestPasswordReset({ db: database.db, config, email: 'politiker@falun.demo', ip: null });
		const [mail] = await listOutbox(database.db);
		expect(mail.toAddress).toBe('politiker@falun.demo');
		const token = /\/losenord\/aterstall\/(\S+)/.exec(mail.body)![1];
		await expect(resetPassword({ db: database.db, token, newPassword: 'kort', ip: null })).rejects.toBeInstanceOf(ValidationError);
		expect(await resetPassword({ db: database.db, token, newPassword: 'ett nytt långt lösenord', ip: null })).toBe(true);
		expect(await resetPassword({ db: database.db, token, newPassword: 'ett annat långt lösenord', ip: null })).toBe(false);
		const result = await signIn({ db: database.db, config, email: 'politiker@falun.demo', password: 'ett nytt långt lösenord', request });
		expect(result.ok).toBe(true);
	});

	it('asks for the TOTP code after the password once the second factor is on', async () => {
		const email = 'totp@falun.demo';
		const user = await createUser({
			db: database.db,
			actor: systemActor('test-setup'),
			input: { email, name: 'T', role: 'lasare', password: 'ett långt lösenord', municipalityId: database.refs!.municipalities.falun.id }
		});
		const first = await signIn({ db: database.db, config, email, password: 'ett långt lösenord', request });
		if (!first.ok) throw new Error('sign-in failed');
		const actor = (await resolveSession({ db: database.db, config, token: first.token }))!.actor;
		const { secret } = await beginTotpSetup({ db: database.db, actor });
		expect(await enableTotp({ db: database.db, actor, code: '000000', ip: null })).toBe(false);
		expect(await enableTotp({ db: database.db, actor, code: await generate({ secret }), ip: null })).toBe(true);

		const second = await signIn({ db: database.db, config, email, password: 'ett långt lösenord', request });
		if (!second.ok) throw new Error('sign-in failed');
		expect(second.pendingTotp).toBe(true);
		const pending = await resolveSession({ db: database.db, config, token: second.token });
		expect(pending?.pendingTotp).toBe(true);
		expect(await completeTotp({ db: database.db, config, sessionId: pending!.sessionId, code: '123', request })).toBe(false);
		expect(await completeTotp({ db: database.db, config, sessionId: pending!.sessionId, code: await generate({ secret }), request })).toBe(true);
		expect((await resolveSession({ db: database.db, config, token: second.token }))?.pendingTotp).toBe(false);
		expect(user.email).toBe(email);
	});

	it('requires the second factor to be set up when the installation demands it for the role', async () => {
		const strict = { ...config, requireTotpRoles: ['samordnare'] };
		const result = await signIn({ db: database.db, config: strict, email: 'samordnare@falun.demo', password: DEMO_PASSWORD, request });
		expect(result).toMatchObject({ ok: true, totpSetupRequired: true });
		if (!result.ok) return;
		expect(await resolveSession({ db: database.db, config: strict, token: result.token })).toMatchObject({ totpSetupRequired: true });
		expect(await resolveSession({ db: database.db, config, token: result.token })).toMatchObject({ totpSetupRequired: false });
	});

	it('locks the account and ends the half-open session after repeated wrong TOTP codes', async () => {
		const email = 'gissning@falun.demo';
		await createUser({
			db: database.db,
			actor: systemActor('test-setup'),
			input: { email, name: 'G', role: 'lasare', password: 'ett långt lösenord', municipalityId: database.refs!.municipalities.falun.id }
		});
		const first = (await signIn({ db: database.db, config, email, password: 'ett långt lösenord', request })) as { token: string };
		const actor = (await resolveSession({ db: database.db, config, token: first.token }))!.actor;
		const { secret } = await beginTotpSetup({ db: database.db, actor });
		await enableTotp({ db: database.db, actor, code: await generate({ secret }), ip: null });
		const second = (await signIn({ db: database.db, config, email, password: 'ett långt lösenord', request })) as { token: string };
		const pending = (await resolveSession({ db: database.db, config, token: second.token }))!;
		for (let i = 0; i < config.loginMaxFailures; i++) {
			expect(await completeTotp({ db: database.db, config, sessionId: pending.sessionId, code: '000000', request })).toBe(false);
		}
		expect(await resolveSession({ db: database.db, config, token: second.token })).toBeNull();
		expect(await signIn({ db: database.db, config, email, password: 'ett långt lösenord', request })).toEqual({ ok: false, code: 'invalid_credentials' });
	});

	it('ends the other sessions when the password is changed', async () => {
		const email = 'byte@falun.demo';
		await createUser({
			db: database.db,
			actor: systemActor('test-setup'),
			input: { email, name: 'B', role: 'lasare', password: 'ett långt lösenord', municipalityId: database.refs!.municipalities.falun.id }
		});
		const mine = (await signIn({ db: database.db, config, email, password: 'ett långt lösenord', request })) as { token: string };
		const thief = (await signIn({ db: database.db, config, email, password: 'ett långt lösenord', request })) as { token: string };
		const session = (await resolveSession({ db: database.db, config, token: mine.token }))!;
		await changePassword({
			db: database.db,
			actor: session.actor,
			sessionId: session.sessionId,
			currentPassword: 'ett långt lösenord',
			newPassword: 'ett helt nytt lösenord',
			ip: null
		});
		expect(await resolveSession({ db: database.db, config, token: mine.token })).not.toBeNull();
		expect(await resolveSession({ db: database.db, config, token: thief.token })).toBeNull();
	});

	it('refuses a membership in an organisation of another municipality', async () => {
		const falun = database.refs!.municipalities.falun.id;
		const sunnePolice = database.refs!.municipalities.sunne.organisations.polis;
		const error = await createUser({
			db: database.db,
			actor: systemActor('test-setup'),
			input: { email: 'fel-org@falun.demo', name: 'F', role: 'medarbetare', municipalityId: falun, organisationId: sunnePolice }
		}).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.fieldErrors.organisationId).toBe('Organisationen finns inte i den här kommunen.');
	});

	it('does not let a Sunne coordinator create users in Falun, nor a coordinator create an admin', async () => {
		const sunne = (await signIn({ db: database.db, config, email: 'samordnare@sunne.demo', password: DEMO_PASSWORD, request })) as { token: string };
		const actor = (await resolveSession({ db: database.db, config, token: sunne.token }))!.actor;
		const falunId = database.refs!.municipalities.falun.id;
		await expect(
			createUser({ db: database.db, actor, input: { email: 'x@falun.demo', name: 'X', role: 'lasare', municipalityId: falunId } })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createUser({ db: database.db, actor, input: { email: 'y@sunne.demo', name: 'Y', role: 'admin' } })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await findUserByEmail(database.db, 'x@falun.demo')).toBeUndefined();
	});

	it('rejects bad input with Swedish messages per field and writes nothing', async () => {
		const error = await createUser({ db: database.db, actor: systemActor('test-setup'), input: { email: 'inte-en-adress', name: '', role: 'lasare' } }).catch(
			(e) => e
		);
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.fieldErrors).toEqual({ email: 'Ange en giltig e-postadress.', name: 'Ange ett namn.' });
		const duplicate = await createUser({
			db: database.db,
			actor: systemActor('test-setup'),
			input: { email: 'SAMORDNARE@falun.demo', name: 'Dubblett', role: 'lasare', municipalityId: database.refs!.municipalities.falun.id }
		}).catch((e) => e);
		expect(duplicate.fieldErrors.email).toMatch(/finns redan/);
	});
});
