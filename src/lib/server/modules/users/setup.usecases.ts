import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { systemActor, type SystemActor } from '../../platform/authz';
import { newToken, sha256Hex } from '../../platform/crypto';
import { ForbiddenError, validationErrorFromIssues } from '../../platform/errors';
import { logger } from '../../platform/logger';
import { recordAudit } from '../audit/public';
import { countUsers, lockUsers } from './invitations.repository';
import { passwordSchema } from './users.models';
import { insertMembership, insertUser } from './users.repository';
import { hashPassword } from './users.usecases';

/**
 * First run without demo data: while nobody has an account, the installation is "not set up".
 * The server prints a one-time token to its log; whoever can read the log (who runs the server)
 * opens /konfigurera with it and creates the first admin. The token lives only in this process's
 * memory, as a hash, and dies with its first use; `cli setup:admin` does the same without one.
 */
let setupTokenHash: string | null = null;
let setUp = false;

export async function needsSetup(db: Db): Promise<boolean> {
	if (setUp) return false;
	setUp = (await countUsers(db)) > 0;
	return !setUp;
}

/** Creates the token (once per process) and prints where to use it; null when the installation is set up. */
export async function announceSetup(db: Db, origin: string): Promise<string | null> {
	if (!(await needsSetup(db))) return null;
	if (setupTokenHash) return null;
	const token = newToken();
	setupTokenHash = sha256Hex(token);
	logger.info('no accounts yet: create the first admin with the one-time set-up link', { url: `${origin}/konfigurera?token=${token}` });
	return token;
}

function tokenMatches(token: string): boolean {
	if (!setupTokenHash || !token) return false;
	return timingSafeEqual(Buffer.from(sha256Hex(token)), Buffer.from(setupTokenHash));
}

const adminSchema = z.object({
	email: z.string().trim().toLowerCase().email({ message: 'users.email_invalid' }),
	name: z.string().trim().min(1, { message: 'users.own_name_missing' }).max(200, { message: 'users.name_too_long' }),
	password: passwordSchema
});

/**
 * Creates the first admin. Through the web: only with the token printed to the log, and only while
 * no account exists. Through the CLI (`by` the cli system actor): whoever runs it has the machine.
 */
export async function createFirstAdmin(options: {
	db: Db;
	token?: string | null;
	by?: SystemActor;
	input: { email: string; name: string; password: string };
	ip?: string | null;
}) {
	const { db } = options;
	const viaCli = options.by?.reason === 'cli';
	if (!viaCli && !tokenMatches(options.token ?? '')) throw new ForbiddenError('setup_token');
	const parsed = adminSchema.safeParse(options.input);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues);
	const passwordHash = await hashPassword(parsed.data.password);
	const user = await db.transaction(async (tx) => {
		// Checked in the transaction: two set-up forms sent at once make one admin, not two.
		await lockUsers(tx);
		if ((await countUsers(tx)) > 0) throw new ForbiddenError('already_set_up');
		const row = await insertUser(tx, { email: parsed.data.email, name: parsed.data.name, passwordHash });
		await insertMembership(tx, { userId: row.id, role: 'admin', organisationId: null, municipalityId: null });
		await recordAudit(
			tx,
			{ actor: options.by ?? systemActor('sign-in'), ip: options.ip ?? null, userEmail: row.email },
			{
				action: 'users.first_admin.created',
				entityType: 'user',
				entityId: row.id,
				changes: { email: { before: null, after: row.email }, role: { before: null, after: 'admin' }, via: { before: null, after: viaCli ? 'cli' : 'web' } }
			}
		);
		return row;
	});
	setupTokenHash = null;
	setUp = true;
	return user;
}

/** Whether `token` is the live set-up token (the page shows the form only then). */
export function setupTokenIsValid(token: string): boolean {
	return tokenMatches(token);
}

/** For tests: forget the process's set-up state. */
export function resetSetupStateForTests(): void {
	setupTokenHash = null;
	setUp = false;
}
