/**
 * Personal API tokens: a signed-in user makes one for a script or a BI tool. It acts as that
 * user, with that user's roles (so revoking a membership narrows the token too), is shown once,
 * and only its sha256 is stored. Sent as `Authorization: Bearer fbg_…`.
 */
import { z } from 'zod';
import type { Db } from '../../db/client';
import { decide, type Actor } from '../../platform/authz';
import { newToken, sha256Hex } from '../../platform/crypto';
import { isUuid } from '../../platform/ids';
import { codedValidationError, ForbiddenError, NotFoundError, validationErrorFromIssues } from '../../platform/errors';
import { recordAudit } from '../audit/public';
import { findApiTokenByHash, findUserById, insertApiToken, listApiTokensOfUser, revokeApiTokenRow, touchApiToken } from './users.repository';
import { actorFor } from './users.usecases';

export const TOKEN_PREFIX = 'fbg_';
const MAX_TOKENS = 20;

export const createApiTokenSchema = z.object({
	name: z.string().trim().min(1, { message: 'users.token_name_missing' }).max(80, { message: 'users.token_name_too_long' }),
	expiresInDays: z.coerce
		.number({ message: 'users.token_validity_missing' })
		.int()
		.min(1, { message: 'users.token_validity_missing' })
		.max(365, { message: 'users.token_validity_too_long' })
});

function requireAccount(actor: Actor) {
	const decision = decide(actor, 'account.manage', {});
	if (!decision.allowed) throw new ForbiddenError(decision.reason);
}

/** Creates a token and returns it in clear text: the only time it is ever visible. */
export async function createApiToken(options: { db: Db; actor: Actor; input: unknown; ip: string | null; now?: Date }) {
	const { db, actor } = options;
	requireAccount(actor);
	const parsed = createApiTokenSchema.safeParse(options.input);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues);
	const active = (await listApiTokensOfUser(db, actor.userId)).filter((t) => !t.revokedAt);
	if (active.length >= MAX_TOKENS) throw codedValidationError({ name: { code: 'users.too_many_tokens', params: { max: MAX_TOKENS } } });
	const token = `${TOKEN_PREFIX}${newToken()}`;
	const now = options.now ?? new Date();
	const expiresAt = new Date(now.getTime() + parsed.data.expiresInDays * 24 * 60 * 60 * 1000);
	return db.transaction(async (tx) => {
		const row = await insertApiToken(tx, { userId: actor.userId, name: parsed.data.name, tokenHash: sha256Hex(token), expiresAt });
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'users.api_token.created',
				entityType: 'api_token',
				entityId: row.id,
				changes: { name: { before: null, after: row.name }, expiresAt: { before: null, after: expiresAt.toISOString() } }
			}
		);
		return { id: row.id, token, expiresAt: expiresAt.toISOString() };
	});
}

export async function listApiTokens(options: { db: Db; actor: Actor; now?: Date }) {
	requireAccount(options.actor);
	const now = options.now ?? new Date();
	return (await listApiTokensOfUser(options.db, options.actor.userId)).map((t) => ({
		id: t.id,
		name: t.name,
		createdAt: t.createdAt.toISOString(),
		expiresAt: t.expiresAt?.toISOString() ?? null,
		lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
		state: t.revokedAt ? ('aterkallad' as const) : t.expiresAt && t.expiresAt <= now ? ('utgangen' as const) : ('aktiv' as const)
	}));
}

export async function revokeApiToken(options: { db: Db; actor: Actor; tokenId: string; ip: string | null }) {
	const { db, actor } = options;
	requireAccount(actor);
	await db.transaction(async (tx) => {
		const row = isUuid(options.tokenId) ? await revokeApiTokenRow(tx, actor.userId, options.tokenId) : undefined;
		if (!row) throw new NotFoundError('users.api_token_not_found');
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'users.api_token.revoked',
				entityType: 'api_token',
				entityId: row.id,
				changes: { revokedAt: { before: null, after: row.revokedAt?.toISOString() ?? null } }
			}
		);
	});
}

/** The actor behind a bearer token, or null for an unknown, expired or revoked one, or a disabled user. */
export async function resolveApiToken(options: { db: Db; token: string; now?: Date }): Promise<Actor | null> {
	if (!options.token.startsWith(TOKEN_PREFIX)) return null;
	const row = await findApiTokenByHash(options.db, sha256Hex(options.token));
	const now = options.now ?? new Date();
	if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
	const user = await findUserById(options.db, row.userId);
	if (!user || user.disabled) return null;
	// A minute's resolution is enough to show "last used" and keeps reads from becoming writes.
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) await touchApiToken(options.db, row.id, now);
	return actorFor(options.db, user);
}
