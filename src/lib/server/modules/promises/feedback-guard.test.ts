import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { MIN_FILL_SECONDS, checkFormToken, createFeedbackLimits, formTokenKey, guardFeedback, issueFormToken, takeFeedbackQuota } from './feedback-guard';

let database: TestDb;
beforeAll(async () => {
	database = await createTestDb();
});
afterAll(async () => database.close());

/** The guard module as a second app server loads it: its own memory, the same database. */
async function secondServer(): Promise<typeof import('./feedback-guard')> {
	vi.resetModules();
	return import('./feedback-guard');
}

describe('the feedback form’s spam and flood protection', () => {
	const t0 = Date.parse('2026-01-01T12:00:00Z');
	const form = (token: string, extra: Partial<{ honeypot: string; message: string }> = {}) => ({ token, honeypot: '', message: 'Hej', ...extra });
	// Each test its own clock-driven limits, so windows are the test's, not the wall clock's.
	const limitsAt = (now: number) => createFeedbackLimits(() => now);

	it('accepts a token after the minimum fill time and refuses it before, after expiry, for another promise, or forged', async () => {
		const key = await formTokenKey(database.db);
		const token = await issueFormToken(database.db, 'promise-a', t0);
		expect(checkFormToken(key, token, 'promise-a', t0 + 1000)).toBe('too_fast');
		expect(checkFormToken(key, token, 'promise-a', t0 + MIN_FILL_SECONDS * 1000 + 10)).toBe('ok');
		expect(checkFormToken(key, token, 'promise-a', t0 + 5 * 3600 * 1000)).toBe('expired');
		expect(checkFormToken(key, token, 'promise-b', t0 + 10_000)).toBe('invalid');
		expect(
			checkFormToken(
				key,
				token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
				'promise-a',
				t0 + 10_000
			)
		).toBe('invalid');
		expect(checkFormToken(key, '', 'promise-a', t0)).toBe('invalid');
		// Signed with another installation's key: refused.
		expect(checkFormToken(Buffer.alloc(32, 7), token, 'promise-a', t0 + 10_000)).toBe('invalid');
	});

	it('drops a filled honeypot silently and refuses link spam with a Swedish message', async () => {
		const db = database.db;
		const token = await issueFormToken(db, 'honeypot', t0);
		const limits = limitsAt(t0 + 10_000);
		expect(await guardFeedback({ db, form: form(token, { honeypot: 'http://spam' }), scope: 'honeypot', now: t0 + 10_000, limits })).toMatchObject({
			ok: false,
			silent: true
		});
		const links = await guardFeedback({
			db,
			form: form(token, { message: 'http://a http://b http://c http://d' }),
			scope: 'honeypot',
			now: t0 + 10_000,
			limits
		});
		expect(links).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('länkar') });
		// Neither refusal used the token up.
		expect(await guardFeedback({ db, form: form(token), scope: 'honeypot', now: t0 + 10_000, limits })).toEqual({ ok: true });
	});

	it('accepts each token once per address: a replayed form is refused, another visitor of the same cached page is not', async () => {
		const db = database.db;
		const limits = limitsAt(t0 + 10_000);
		const token = await issueFormToken(db, 'replay', t0);
		expect(await guardFeedback({ db, form: form(token), scope: 'replay', now: t0 + 10_000, ip: '192.0.2.7', limits })).toEqual({ ok: true });
		expect(await guardFeedback({ db, form: form(token), scope: 'replay', now: t0 + 11_000, ip: '192.0.2.7', limits })).toMatchObject({
			ok: false,
			status: 400,
			message: expect.stringContaining('redan skickats')
		});
		// The cached page gave the same token to someone else.
		expect(await guardFeedback({ db, form: form(token), scope: 'replay', now: t0 + 11_000, ip: '192.0.2.8', limits })).toEqual({ ok: true });
		// A fresh form for the same promise works for the first sender again.
		expect(await guardFeedback({ db, form: form(await issueFormToken(db, 'replay', t0)), scope: 'replay', now: t0 + 12_000, ip: '192.0.2.7', limits })).toEqual(
			{ ok: true }
		);
		// Two sends of one form at the same moment: exactly one gets through.
		const twin = await issueFormToken(db, 'replay', t0);
		const both = await Promise.all([1, 2].map(() => guardFeedback({ db, form: form(twin), scope: 'replay', now: t0 + 10_000, ip: '192.0.2.9', limits })));
		expect(both.filter((verdict) => verdict.ok)).toHaveLength(1);
	});

	it('holds across app servers: a token rendered by one is accepted by another, and spent for both', async () => {
		const db = database.db;
		const token = await issueFormToken(db, 'two-servers', t0);
		const other = await secondServer();
		// Its own memory: its key is read from the database, not made up.
		expect((await other.formTokenKey(db)).equals(await formTokenKey(db))).toBe(true);
		const otherLimits = other.createFeedbackLimits(() => t0 + 10_000);
		expect(await other.guardFeedback({ db, form: form(token), scope: 'two-servers', now: t0 + 10_000, ip: '198.51.100.1', limits: otherLimits })).toEqual({
			ok: true
		});
		expect(
			await guardFeedback({ db, form: form(token), scope: 'two-servers', now: t0 + 11_000, ip: '198.51.100.1', limits: limitsAt(t0 + 11_000) })
		).toMatchObject({
			ok: false,
			message: expect.stringContaining('redan skickats')
		});
		// And the rate limits are counted together: three messages here, two there, the sixth refused on either.
		const here = limitsAt(t0 + 20_000);
		for (let i = 0; i < 3; i++) expect((await takeFeedbackQuota({ db, scope: 'two-servers', ip: '198.51.100.2', limits: here })).ok).toBe(true);
		for (let i = 0; i < 2; i++) expect((await other.takeFeedbackQuota({ db, scope: 'two-servers', ip: '198.51.100.2', limits: otherLimits })).ok).toBe(true);
		expect(await takeFeedbackQuota({ db, scope: 'two-servers', ip: '198.51.100.2', limits: here })).toMatchObject({ ok: false, status: 429 });
	});

	it('lets five messages per address and promise through in ten minutes, then answers 429 until the window has passed', async () => {
		const db = database.db;
		let now = t0 + 3600_000;
		const limits = createFeedbackLimits(() => now);
		const results = [];
		for (let i = 0; i < 6; i++) results.push((await takeFeedbackQuota({ db, scope: 'p', ip: '192.0.2.1', limits })).ok);
		expect(results).toEqual([true, true, true, true, true, false]);
		expect((await takeFeedbackQuota({ db, scope: 'p', ip: '192.0.2.2', limits })).ok).toBe(true);
		expect((await takeFeedbackQuota({ db, scope: 'q', ip: '192.0.2.1', limits })).ok).toBe(true);
		now += 10 * 60_000;
		expect((await takeFeedbackQuota({ db, scope: 'p', ip: '192.0.2.1', limits })).ok).toBe(true);
	});

	it('stops a flood from many addresses at 100 messages per promise and hour', async () => {
		const db = database.db;
		const limits = limitsAt(t0 + 7200_000);
		let accepted = 0;
		for (let i = 0; i < 120; i++) if ((await takeFeedbackQuota({ db, scope: 'flood', ip: `198.51.100.${i}`, limits })).ok) accepted++;
		expect(accepted).toBe(100);
		expect(await takeFeedbackQuota({ db, scope: 'flood', ip: '203.0.113.9', limits })).toMatchObject({
			ok: false,
			status: 429,
			message: expect.stringContaining('väldigt många')
		});
	});
});
