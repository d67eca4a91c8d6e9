import { hash, verify } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { Db, DbOrTx } from '../../db/client';
import { decide, isAdmin, type Actor } from '../../platform/authz';
import type { Config } from '../../platform/config';
import { newToken, sha256Hex } from '../../platform/crypto';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { recordAudit, type AuditContext } from '../audit/public';
import { sendMail } from '../mail/public';
import { findMunicipalitiesByIds, findOrganisationInMunicipality } from '../organisations/public';
import {
	consumeResetToken,
	deleteSession,
	deleteOtherSessions,
	deleteSessionsOfUser,
	findMemberships,
	findSession,
	findUserByEmail,
	findUserById,
	incrementFailedLogins,
	insertMembership,
	insertResetToken,
	insertSession,
	insertUser,
	touchSession,
	updateSession,
	updateUser,
	type UserRow
} from './users.repository';
import { createUserSchema, passwordSchema, sessionIsValid, type CreateUserInput } from './users.models';

// algorithm 2 is Argon2id (a const enum in the typings, which isolated modules cannot read).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
// Verifying against this keeps the timing of "no such user" equal to "wrong password".
const DUMMY_HASH_PROMISE = hash('förebygg-timing-equaliser', ARGON2_OPTIONS);

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}

export type AuthConfig = Pick<
	Config,
	'sessionIdleMinutes' | 'sessionAbsoluteHours' | 'requireTotpRoles' | 'loginMaxFailures' | 'loginLockMinutes' | 'smtpUrl' | 'mailFrom' | 'origin'
>;

export interface RequestInfo {
	ip: string | null;
	userAgent: string | null;
}

export type SignInResult =
	{ ok: true; token: string; pendingTotp: boolean; totpSetupRequired: boolean } | { ok: false; code: 'invalid_credentials' | 'locked' };

export async function actorFor(db: Db, user: UserRow): Promise<Actor> {
	return { userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(db, user.id) };
}

async function startSession(db: DbOrTx, config: AuthConfig, user: UserRow, request: RequestInfo, pendingTotp: boolean) {
	const token = newToken();
	const now = new Date();
	await insertSession(db, {
		id: sha256Hex(token),
		userId: user.id,
		createdAt: now,
		lastSeenAt: now,
		expiresAt: new Date(now.getTime() + config.sessionAbsoluteHours * 3_600_000),
		pendingTotp,
		ip: request.ip,
		userAgent: request.userAgent?.slice(0, 300) ?? null
	});
	return token;
}

function totpRequiredFor(config: AuthConfig, actor: Actor): boolean {
	return actor.memberships.some((m) => config.requireTotpRoles.includes(m.role));
}

export async function signIn(options: { db: Db; config: AuthConfig; email: string; password: string; request: RequestInfo }): Promise<SignInResult> {
	const { db, config, request } = options;
	const email = options.email.trim().toLowerCase();
	const user = await findUserByEmail(db, email);
	const audit: AuditContext = { actor: null, ip: request.ip, userEmail: email };
	if (!user || !user.passwordHash || user.disabled) {
		await verify(await DUMMY_HASH_PROMISE, options.password).catch(() => false);
		await db.transaction((tx) => recordAudit(tx, audit, { action: 'users.session.sign_in_failed', entityType: 'user', entityId: user?.id ?? null }));
		return { ok: false, code: 'invalid_credentials' };
	}
	if (user.lockedUntil && user.lockedUntil > new Date()) {
		await db.transaction((tx) => recordAudit(tx, audit, { action: 'users.session.refused_locked', entityType: 'user', entityId: user.id }));
		return { ok: false, code: 'locked' };
	}
	const valid = await verify(user.passwordHash, options.password).catch(() => false);
	if (!valid) {
		await db.transaction(async (tx) => {
			const failures = await incrementFailedLogins(tx, user.id);
			const lock = failures >= config.loginMaxFailures;
			if (lock) await updateUser(tx, user.id, { lockedUntil: new Date(Date.now() + config.loginLockMinutes * 60_000), failedLoginCount: 0 });
			await recordAudit(tx, audit, {
				action: lock ? 'auth.account_locked' : 'users.session.sign_in_failed',
				entityType: 'user',
				entityId: user.id,
				changes: { failedLoginCount: { before: failures - 1, after: lock ? 0 : failures } }
			});
		});
		return { ok: false, code: 'invalid_credentials' };
	}
	const actor = await actorFor(db, user);
	const needsTotp = user.totpEnabled;
	const totpSetupRequired = !user.totpEnabled && totpRequiredFor(config, actor);
	const token = await db.transaction(async (tx) => {
		await updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil: null });
		await recordAudit(tx, { actor, ip: request.ip }, { action: 'users.session.signed_in', entityType: 'user', entityId: user.id });
		return startSession(tx, config, user, request, needsTotp);
	});
	return { ok: true, token, pendingTotp: needsTotp, totpSetupRequired };
}

/** Signs in a user the identity provider vouched for; only existing, enabled accounts get in. */
export async function signInWithIdentityProvider(options: { db: Db; config: AuthConfig; email: string; request: RequestInfo; issuer: string }) {
	const { db, config, request } = options;
	const user = await findUserByEmail(db, options.email);
	if (!user || user.disabled) {
		await db.transaction((tx) =>
			recordAudit(tx, { actor: null, ip: request.ip, userEmail: options.email }, { action: 'users.oidc.unknown_user', entityType: 'user' })
		);
		return null;
	}
	const actor = await actorFor(db, user);
	return db.transaction(async (tx) => {
		await recordAudit(
			tx,
			{ actor, ip: request.ip },
			{
				action: 'users.session.signed_in',
				entityType: 'user',
				entityId: user.id,
				changes: { method: { before: null, after: `oidc:${options.issuer}` } }
			}
		);
		// The provider's sign-in replaces the password, not our second factor.
		return { token: await startSession(tx, config, user, request, user.totpEnabled), pendingTotp: user.totpEnabled };
	});
}

export interface ResolvedSession {
	actor: Actor;
	sessionId: string;
	pendingTotp: boolean;
	/** The installation demands a second factor for this role and the user has none yet. */
	totpSetupRequired: boolean;
	locale: string;
}

export async function resolveSession(options: { db: Db; config: AuthConfig; token: string }): Promise<ResolvedSession | null> {
	const { db, config } = options;
	const id = sha256Hex(options.token);
	const session = await findSession(db, id);
	if (!session) return null;
	const now = new Date();
	if (!sessionIsValid(session, now, config.sessionIdleMinutes)) {
		await deleteSession(db, id);
		return null;
	}
	const user = await findUserById(db, session.userId);
	if (!user || user.disabled) return null;
	// Writing on every request would turn reads into writes; a minute's resolution is enough for idle expiry.
	if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await touchSession(db, id, now);
	const actor = await actorFor(db, user);
	return {
		actor,
		sessionId: id,
		pendingTotp: session.pendingTotp,
		totpSetupRequired: !user.totpEnabled && totpRequiredFor(config, actor),
		locale: user.locale
	};
}

export async function completeTotp(options: { db: Db; config: AuthConfig; sessionId: string; code: string; request: RequestInfo }): Promise<boolean> {
	const { db, sessionId } = options;
	const session = await findSession(db, sessionId);
	if (!session?.pendingTotp) return false;
	const user = await findUserById(db, session.userId);
	if (!user?.totpSecret) return false;
	const ok = await checkTotp(user.totpSecret, options.code);
	const actor = await actorFor(db, user);
	await db.transaction(async (tx) => {
		if (ok) {
			await updateSession(tx, sessionId, { pendingTotp: false });
			await updateUser(tx, user.id, { failedLoginCount: 0 });
		} else {
			// Wrong codes count like wrong passwords: after the limit the account locks and the half-open session ends.
			const failures = await incrementFailedLogins(tx, user.id);
			if (failures >= options.config.loginMaxFailures) {
				await updateUser(tx, user.id, { lockedUntil: new Date(Date.now() + options.config.loginLockMinutes * 60_000), failedLoginCount: 0 });
				await deleteSessionsOfUser(tx, user.id);
			}
		}
		await recordAudit(
			tx,
			{ actor, ip: options.request.ip },
			{ action: ok ? 'users.totp.verified' : 'users.totp.failed', entityType: 'user', entityId: user.id }
		);
	});
	return ok;
}

async function checkTotp(secret: string, code: string): Promise<boolean> {
	const token = code.replace(/\s+/g, '');
	if (!/^\d{6}$/.test(token)) return false;
	const result = await verifyTotp({ secret, token, epochTolerance: 30 });
	return result.valid;
}

export async function signOut(options: { db: Db; sessionId: string; actor: Actor; ip: string | null; everywhere: boolean }) {
	const { db, actor } = options;
	await db.transaction(async (tx) => {
		const ended = options.everywhere ? await deleteSessionsOfUser(tx, actor.userId) : (await deleteSession(tx, options.sessionId), 1);
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: options.everywhere ? 'users.session.signed_out_everywhere' : 'users.session.signed_out',
				entityType: 'user',
				entityId: actor.userId,
				changes: { sessions: { before: ended, after: 0 } }
			}
		);
	});
}

export async function beginTotpSetup(options: { db: Db; actor: Actor }) {
	const user = await findUserById(options.db, options.actor.userId);
	if (!user) throw new ForbiddenError('no_user');
	const secret = user.totpSecret && !user.totpEnabled ? user.totpSecret : generateSecret();
	if (secret !== user.totpSecret) await updateUser(options.db, user.id, { totpSecret: secret });
	return { secret, uri: generateURI({ issuer: 'Förebygg', label: user.email, secret }) };
}

export async function enableTotp(options: { db: Db; actor: Actor; code: string; ip: string | null }): Promise<boolean> {
	const { db, actor } = options;
	const user = await findUserById(db, actor.userId);
	if (!user?.totpSecret || !(await checkTotp(user.totpSecret, options.code))) return false;
	await db.transaction(async (tx) => {
		await updateUser(tx, user.id, { totpEnabled: true });
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'users.totp.enabled',
				entityType: 'user',
				entityId: user.id,
				changes: { totpEnabled: { before: false, after: true } }
			}
		);
	});
	return true;
}

export async function changePassword(options: { db: Db; actor: Actor; sessionId: string; currentPassword: string; newPassword: string; ip: string | null }) {
	const { db, actor } = options;
	const user = await findUserById(db, actor.userId);
	if (!user?.passwordHash || !(await verify(user.passwordHash, options.currentPassword).catch(() => false))) {
		throw new ValidationError({ currentPassword: 'Nuvarande lösenord stämmer inte.' });
	}
	const parsed = passwordSchema.safeParse(options.newPassword);
	if (!parsed.success) throw new ValidationError({ newPassword: parsed.error.issues[0].message });
	const passwordHash = await hashPassword(parsed.data);
	await db.transaction(async (tx) => {
		await updateUser(tx, user.id, { passwordHash });
		// Whoever knew the old password may hold a session: keep only the one that changed it.
		await deleteOtherSessions(tx, user.id, options.sessionId);
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'users.password.changed',
				entityType: 'user',
				entityId: user.id,
				changes: { passwordHash: { before: '•••', after: '•••' } }
			}
		);
	});
}

const RESET_VALID_MINUTES = 60;

/** Always behaves the same whether the address exists, so it cannot be used to probe for accounts. */
export async function requestPasswordReset(options: { db: Db; config: AuthConfig; email: string; ip: string | null }) {
	const { db, config } = options;
	const user = await findUserByEmail(db, options.email);
	if (!user || user.disabled) return;
	const token = newToken();
	await db.transaction(async (tx) => {
		await insertResetToken(tx, { tokenHash: sha256Hex(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_VALID_MINUTES * 60_000) });
		await sendMail(tx, config, {
			to: user.email,
			subject: 'Återställ ditt lösenord i Förebygg',
			body:
				`Hej ${user.name},\n\nNågon (förhoppningsvis du) bad om att återställa lösenordet till Förebygg.\n` +
				`Öppna länken inom ${RESET_VALID_MINUTES} minuter för att välja ett nytt lösenord:\n\n` +
				`${config.origin}/losenord/aterstall/${token}\n\nOm det inte var du kan du bortse från det här meddelandet.\n`
		});
		await recordAudit(
			tx,
			{ actor: null, ip: options.ip, userEmail: user.email },
			{ action: 'users.password.reset_requested', entityType: 'user', entityId: user.id }
		);
	});
}

export async function resetPassword(options: { db: Db; token: string; newPassword: string; ip: string | null }): Promise<boolean> {
	const { db } = options;
	const parsed = passwordSchema.safeParse(options.newPassword);
	if (!parsed.success) throw new ValidationError({ password: parsed.error.issues[0].message });
	const passwordHash = await hashPassword(parsed.data);
	return db.transaction(async (tx) => {
		const row = await consumeResetToken(tx, sha256Hex(options.token), new Date());
		if (!row) return false;
		await updateUser(tx, row.userId, { passwordHash, failedLoginCount: 0, lockedUntil: null });
		// A reset means the old password may be known to someone else: end every session.
		await deleteSessionsOfUser(tx, row.userId);
		const user = await findUserById(tx, row.userId);
		await recordAudit(
			tx,
			{ actor: null, ip: options.ip, userEmail: user?.email ?? null },
			{
				action: 'users.password.reset',
				entityType: 'user',
				entityId: row.userId,
				changes: { passwordHash: { before: '•••', after: '•••' } }
			}
		);
		return true;
	});
}

/** Creates a user with one membership. `actor` null means the installation itself (CLI, demo seed). */
export async function createUser(options: { db: Db; actor: Actor | null; input: CreateUserInput; ip?: string | null }) {
	const { db, actor } = options;
	const parsed = createUserSchema.safeParse(options.input);
	if (!parsed.success) {
		const fieldErrors: Record<string, string> = {};
		for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
		throw new ValidationError(fieldErrors);
	}
	const input = parsed.data;
	if (actor) {
		const action = input.role === 'admin' ? 'installation.manage' : 'municipality.manage';
		const decision = decide(actor, action, { municipalityId: input.municipalityId });
		if (!decision.allowed) throw new ForbiddenError(decision.reason);
		if (input.role === 'admin' && !isAdmin(actor)) throw new ForbiddenError('admin_only');
	}
	if (input.role !== 'admin' && !input.municipalityId) throw new ValidationError({ municipalityId: 'Välj en kommun.' });
	if (input.role !== 'admin' && input.organisationId && !(await findOrganisationInMunicipality(db, input.organisationId, input.municipalityId!))) {
		throw new ValidationError({ organisationId: 'Organisationen finns inte i den här kommunen.' });
	}
	if (input.role !== 'admin' && !(await findMunicipalitiesByIds(db, [input.municipalityId!])).length)
		throw new ValidationError({ municipalityId: 'Kommunen finns inte.' });
	if (await findUserByEmail(db, input.email)) throw new ValidationError({ email: 'Det finns redan ett konto med den e-postadressen.' });
	const passwordHash = input.password ? await hashPassword(input.password) : null;
	return db.transaction(async (tx) => {
		const user = await insertUser(tx, { email: input.email, name: input.name, passwordHash });
		await insertMembership(tx, {
			userId: user.id,
			role: input.role,
			organisationId: input.role === 'admin' ? null : (input.organisationId ?? null),
			municipalityId: input.role === 'admin' ? null : (input.municipalityId ?? null)
		});
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'users.user.created',
				entityType: 'user',
				entityId: user.id,
				municipalityId: input.municipalityId ?? null,
				changes: {
					email: { before: null, after: user.email },
					name: { before: null, after: user.name },
					role: { before: null, after: input.role },
					organisationId: { before: null, after: input.organisationId ?? null }
				}
			}
		);
		return user;
	});
}
