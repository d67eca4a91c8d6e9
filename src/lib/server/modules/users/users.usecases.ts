import { hash, verify } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { Db, DbOrTx } from '../../db/client';
import { isAdmin, isPerson, systemActor, type Actor, type Principal } from '../../platform/authz';
import { requireAccess } from '../../platform/access';
import type { Config } from '../../platform/config';
import { newToken, sha256Hex } from '../../platform/crypto';
import { codedValidationError, ForbiddenError, validationErrorFromIssues } from '../../platform/errors';
import { recordAudit, type AuditContext, type AuditEventType } from '../audit/public';
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
	listApiTokensOfUser,
	revokeApiTokensOfUser,
	spendResetTokensOfUser,
	touchSession,
	updateSession,
	updateUser,
	type UserRow
} from './users.repository';
import { forgetLoginFailures, loginThrottleFor, type LoginThrottle } from './login-throttle';
import { createUserSchema, passwordSchema, sessionIsValid, type CreateUserInput } from './users.models';

// algorithm 2 is Argon2id (a const enum in the typings, which isolated modules cannot read).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
// Verifying against this keeps the timing of "no such user" equal to "wrong password".
/** Sign-in, OIDC and password-reset events are recorded before anyone is signed in. */
const SIGN_IN = systemActor('sign-in');

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

/** A refusal is always `invalid_credentials`: a distinct "locked" answer told outsiders the account exists. */
export type SignInResult = { ok: true; token: string; pendingTotp: boolean; totpSetupRequired: boolean } | { ok: false; code: 'invalid_credentials' };

export async function actorFor(db: Db, user: UserRow): Promise<Actor> {
	return { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(db, user.id) };
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

export async function signIn(options: {
	db: Db;
	config: AuthConfig;
	email: string;
	password: string;
	request: RequestInfo;
	throttle?: LoginThrottle;
}): Promise<SignInResult> {
	const { db, config, request } = options;
	const email = options.email.trim().toLowerCase();
	const throttle = options.throttle ?? loginThrottleFor(config);
	const decision = throttle.check(email, request.ip);
	if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
	const user = await findUserByEmail(db, email);
	const audit: AuditContext = { actor: SIGN_IN, ip: request.ip, userEmail: email };
	// Every refusal costs one argon2 verification and one audit row, so its answer and its time are
	// the same whether the account is unknown, disabled, throttled or the password is wrong.
	const refuse = async (action: AuditEventType, hashToCheck: string | null) => {
		await verify(hashToCheck ?? (await DUMMY_HASH_PROMISE), options.password).catch(() => false);
		throttle.recordFailure(email, request.ip);
		await db.transaction(async (tx) => {
			if (user) await incrementFailedLogins(tx, user.id);
			await recordAudit(tx, audit, { action, entityType: 'user', entityId: user?.id ?? null });
		});
		return { ok: false as const, code: 'invalid_credentials' as const };
	};
	if (!user || !user.passwordHash || user.disabled) return refuse('users.session.sign_in_failed', null);
	if (decision.refused) return refuse('users.session.refused_throttled', null);
	// A lock set after wrong second-factor codes: whoever tried already knew the password.
	if (user.lockedUntil && user.lockedUntil > new Date()) return refuse('users.session.refused_locked', null);
	const valid = await verify(user.passwordHash, options.password).catch(() => false);
	if (!valid) {
		throttle.recordFailure(email, request.ip);
		await db.transaction(async (tx) => {
			const failures = await incrementFailedLogins(tx, user.id);
			await recordAudit(tx, audit, {
				action: 'users.session.sign_in_failed',
				entityType: 'user',
				entityId: user.id,
				changes: { failedLoginCount: { before: failures - 1, after: failures } }
			});
		});
		return { ok: false, code: 'invalid_credentials' };
	}
	throttle.recordSuccess(email, request.ip);
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
			recordAudit(tx, { actor: SIGN_IN, ip: request.ip, userEmail: options.email }, { action: 'users.oidc.unknown_user', entityType: 'user' })
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

/**
 * Returns the user's API tokens still active: a change (unlike a reset) is made by someone who
 * knew the password, so the tokens are listed for the user to keep or revoke rather than cut off.
 */
export async function changePassword(options: {
	db: Db;
	actor: Actor;
	sessionId: string;
	currentPassword: string;
	newPassword: string;
	ip: string | null;
}): Promise<{ activeApiTokens: { id: string; name: string }[] }> {
	const { db, actor } = options;
	const user = await findUserById(db, actor.userId);
	if (!user?.passwordHash || !(await verify(user.passwordHash, options.currentPassword).catch(() => false))) {
		throw codedValidationError({ currentPassword: { code: 'users.current_password_wrong' } });
	}
	const parsed = passwordSchema.safeParse(options.newPassword);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues, () => 'newPassword');
	const passwordHash = await hashPassword(parsed.data);
	const now = new Date();
	const activeApiTokens = await db.transaction(async (tx) => {
		await updateUser(tx, user.id, { passwordHash });
		// Whoever knew the old password may hold a session: keep only the one that changed it.
		await deleteOtherSessions(tx, user.id, options.sessionId);
		const resetLinks = await spendResetTokensOfUser(tx, user.id, now);
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'users.password.changed',
				entityType: 'user',
				entityId: user.id,
				changes: { passwordHash: { before: '•••', after: '•••' }, openResetLinks: { before: resetLinks, after: 0 } }
			}
		);
		return (await listApiTokensOfUser(tx, user.id)).filter((t) => !t.revokedAt && !(t.expiresAt && t.expiresAt <= now));
	});
	forgetLoginFailures(user.email);
	return { activeApiTokens: activeApiTokens.map((t) => ({ id: t.id, name: t.name })) };
}

const RESET_VALID_MINUTES = 60;

/** Always behaves the same whether the address exists, so it cannot be used to probe for accounts. */
export async function requestPasswordReset(options: { db: Db; config: AuthConfig; email: string; ip: string | null }) {
	const { db, config } = options;
	const user = await findUserByEmail(db, options.email);
	if (!user || user.disabled) return;
	const token = newToken();
	const link = `${config.origin}/losenord/aterstall/${token}`;
	await db.transaction(async (tx) => {
		await insertResetToken(tx, { tokenHash: sha256Hex(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_VALID_MINUTES * 60_000) });
		await sendMail(tx, config, {
			to: user.email,
			subject: 'Återställ ditt lösenord i Förebygg',
			body:
				`Hej ${user.name},\n\nNågon (förhoppningsvis du) bad om att återställa lösenordet till Förebygg.\n` +
				`Öppna länken inom ${RESET_VALID_MINUTES} minuter för att välja ett nytt lösenord:\n\n` +
				`${link}\n\nOm det inte var du kan du bortse från det här meddelandet.\n`,
			secrets: [link]
		});
		await recordAudit(
			tx,
			{ actor: SIGN_IN, ip: options.ip, userEmail: user.email },
			{ action: 'users.password.reset_requested', entityType: 'user', entityId: user.id }
		);
	});
}

/**
 * A reset assumes the old password is known to someone else: every session ends, every other
 * reset link dies, and every API token is revoked (the user makes new ones).
 */
export async function resetPassword(options: { db: Db; token: string; newPassword: string; ip: string | null }): Promise<boolean> {
	const { db } = options;
	const parsed = passwordSchema.safeParse(options.newPassword);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues, () => 'password');
	const passwordHash = await hashPassword(parsed.data);
	const now = new Date();
	const email = await db.transaction(async (tx) => {
		const row = await consumeResetToken(tx, sha256Hex(options.token), now);
		if (!row) return null;
		await updateUser(tx, row.userId, { passwordHash, failedLoginCount: 0, lockedUntil: null });
		const sessions = await deleteSessionsOfUser(tx, row.userId);
		const resetLinks = await spendResetTokensOfUser(tx, row.userId, now);
		const revoked = await revokeApiTokensOfUser(tx, row.userId, now);
		const user = await findUserById(tx, row.userId);
		await recordAudit(
			tx,
			{ actor: SIGN_IN, ip: options.ip, userEmail: user?.email ?? null },
			{
				action: 'users.password.reset',
				entityType: 'user',
				entityId: row.userId,
				changes: {
					passwordHash: { before: '•••', after: '•••' },
					sessions: { before: sessions, after: 0 },
					openResetLinks: { before: resetLinks, after: 0 },
					apiTokensRevoked: { before: revoked.map((t) => t.id), after: [] }
				}
			}
		);
		return user?.email ?? '';
	});
	if (email === null) return false;
	forgetLoginFailures(email);
	return true;
}

/** Creates a user with one membership. `actor` null means the installation itself (CLI, demo seed). */
export async function createUser(options: { db: Db; actor: Principal; input: CreateUserInput; ip?: string | null }) {
	const { db, actor } = options;
	const parsed = createUserSchema.safeParse(options.input);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues);
	const input = parsed.data;
	requireAccess(actor, 'user.invite', { municipalityId: input.municipalityId, role: input.role });
	if (input.role !== 'admin' && !input.municipalityId) throw codedValidationError({ municipalityId: { code: 'users.municipality_missing' } });
	if (input.role !== 'admin' && input.organisationId && !(await findOrganisationInMunicipality(db, input.organisationId, input.municipalityId!))) {
		throw codedValidationError({ organisationId: { code: 'users.organisation_not_in_municipality' } });
	}
	if (input.role !== 'admin' && !(await findMunicipalitiesByIds(db, [input.municipalityId!])).length)
		throw codedValidationError({ municipalityId: { code: 'users.municipality_not_found' } });
	const existing = await findUserByEmail(db, input.email);
	if (existing) {
		const exists = codedValidationError({ email: { code: 'users.email_taken' } });
		if (!isPerson(actor) || isAdmin(actor) || input.role === 'admin') throw exists;
		const theirs = await findMemberships(db, existing.id);
		if (theirs.some((m) => m.municipalityId === input.municipalityId)) throw exists;
		// The account lives in another municipality, which this coordinator may not learn: it answers
		// as for a new account and the person gets this membership beside their others (one login,
		// e.g. a police officer serving two municipalities); the name and password typed here are not applied.
		return addMembershipToExisting(db, actor, existing, input, options.ip ?? null);
	}
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

async function addMembershipToExisting(db: Db, actor: Actor, user: UserRow, input: CreateUserInput, ip: string | null) {
	return db.transaction(async (tx) => {
		await insertMembership(tx, {
			userId: user.id,
			role: input.role,
			organisationId: input.organisationId ?? null,
			municipalityId: input.municipalityId ?? null
		});
		await recordAudit(
			tx,
			{ actor, ip },
			{
				action: 'users.membership.added',
				entityType: 'user',
				entityId: user.id,
				municipalityId: input.municipalityId ?? null,
				changes: { role: { before: null, after: input.role }, organisationId: { before: null, after: input.organisationId ?? null } }
			}
		);
		return user;
	});
}
