import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from './users.repository';
import { announceSetup, createFirstAdmin, needsSetup, resetSetupStateForTests, setupTokenIsValid } from './setup.usecases';

const admin = { email: 'forsta@kommun.se', name: 'Första Admin', password: 'ett-långt-lösenord' };

describe(`first run without demo data (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	beforeAll(async () => {
		process.env.FOREBYGG_LOG = 'silent';
		database = await createTestDb();
	});
	beforeEach(() => resetSetupStateForTests());
	afterAll(() => database.close());

	it('an empty installation needs set-up; the printed token creates the first admin, once', async () => {
		const db = database.db;
		expect(await needsSetup(db)).toBe(true);
		const token = (await announceSetup(db, 'http://localhost:3000'))!;
		expect(token).toMatch(/^[\w-]{40,}$/);
		expect(await announceSetup(db, 'http://localhost:3000'), 'one token per process').toBeNull();
		expect(setupTokenIsValid(token)).toBe(true);
		expect(setupTokenIsValid(`${token}x`)).toBe(false);
		await expect(createFirstAdmin({ db, token: 'fel', input: admin })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createFirstAdmin({ db, token, input: { ...admin, password: 'kort' } })).rejects.toBeInstanceOf(ValidationError);
		await createFirstAdmin({ db, token, input: admin });
		const user = (await findUserByEmail(db, admin.email))!;
		expect(await findMemberships(db, user.id)).toEqual([{ role: 'admin', organisationId: null, municipalityId: null }]);
		expect(await needsSetup(db)).toBe(false);
		expect(setupTokenIsValid(token)).toBe(false);
		await expect(createFirstAdmin({ db, token, input: { ...admin, email: 'andra@kommun.se' } })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await findUserByEmail(db, 'andra@kommun.se')).toBeUndefined();
	});

	it('once anyone has an account there is no set-up, from the web or the command line', async () => {
		const db = database.db;
		expect(await announceSetup(db, 'http://localhost:3000')).toBeNull();
		await expect(createFirstAdmin({ db, by: systemActor('cli'), input: { ...admin, email: 'cli@kommun.se' } })).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('the command line creates the first admin of an empty installation without a token', async () => {
		const fresh = await createTestDb();
		try {
			await createFirstAdmin({ db: fresh.db, by: systemActor('cli'), input: admin });
			expect(await findUserByEmail(fresh.db, admin.email)).toBeDefined();
		} finally {
			await fresh.close();
		}
	});
});
