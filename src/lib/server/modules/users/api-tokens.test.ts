import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/authz';
import { sha256Hex } from '../../platform/crypto';
import { ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { browseAuditLog } from '../audit/public';
import { createApiToken, listApiTokens, resolveApiToken, revokeApiToken } from './api-tokens.usecases';
import { findApiTokenByHash, findMemberships, findUserByEmail } from './users.repository';

describe(`personal API tokens (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let coordinator: Actor;
	let reader: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		const actorOf = async (email: string): Promise<Actor> => {
			const user = (await findUserByEmail(database.db, email))!;
			return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
		};
		coordinator = await actorOf('samordnare@falun.demo');
		reader = await actorOf('politiker@falun.demo');
	});
	afterAll(() => database.close());

	it('validates the name and validity with Swedish messages', async () => {
		const error = await createApiToken({ db: database.db, actor: coordinator, input: { name: ' ', expiresInDays: '999' }, ip: null }).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).fieldErrors).toEqual({
			name: expect.stringContaining('Ge nyckeln ett namn'),
			expiresInDays: 'En nyckel gäller högst ett år.'
		});
	});

	it('stores only the hash, acts as its user, and stops working when revoked or expired', async () => {
		const now = new Date('2026-01-01T12:00:00Z');
		const created = await createApiToken({ db: database.db, actor: coordinator, input: { name: 'Skript', expiresInDays: '30' }, ip: '10.0.0.1', now });
		expect(created.token).toMatch(/^fbg_/);
		const stored = await findApiTokenByHash(database.db, sha256Hex(created.token));
		expect(stored?.tokenHash).not.toContain(created.token.slice(4));
		expect(JSON.stringify(stored)).not.toContain(created.token);

		const actor = await resolveApiToken({ db: database.db, token: created.token, now: new Date('2026-01-02T00:00:00Z') });
		expect(actor?.email).toBe('samordnare@falun.demo');
		expect(actor?.memberships).toEqual(coordinator.memberships);
		expect(await resolveApiToken({ db: database.db, token: created.token, now: new Date('2026-02-01T00:00:00Z') })).toBeNull();
		expect(await resolveApiToken({ db: database.db, token: 'fbg_gissning' })).toBeNull();
		expect(await resolveApiToken({ db: database.db, token: created.token.slice(4) })).toBeNull();

		// Someone else cannot revoke it; its owner can, once.
		await expect(revokeApiToken({ db: database.db, actor: reader, tokenId: created.id, ip: null })).rejects.toMatchObject({ status: 404 });
		await revokeApiToken({ db: database.db, actor: coordinator, tokenId: created.id, ip: null });
		expect(await resolveApiToken({ db: database.db, token: created.token, now: new Date('2026-01-02T00:00:00Z') })).toBeNull();
		await expect(revokeApiToken({ db: database.db, actor: coordinator, tokenId: created.id, ip: null })).rejects.toMatchObject({ status: 404 });
		expect((await listApiTokens({ db: database.db, actor: coordinator })).map((t) => t.state)).toEqual(['aterkallad']);
		await expect(revokeApiToken({ db: database.db, actor: coordinator, tokenId: 'inte-ett-id', ip: null })).rejects.toMatchObject({ status: 404 });

		const admin = (await findUserByEmail(database.db, 'admin@forebygg.demo'))!;
		const log = await browseAuditLog({
			db: database.db,
			actor: { kind: 'person', userId: admin.id, email: admin.email, name: admin.name, memberships: await findMemberships(database.db, admin.id) },
			filter: { limit: 200, offset: 0 }
		});
		expect(log.rows.map((e) => e.action)).toEqual(expect.arrayContaining(['users.api_token.created', 'users.api_token.revoked']));
	});
});
