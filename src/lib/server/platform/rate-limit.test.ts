import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db';
import { apiCallerKey, SharedRateLimiter } from './rate-limit';

let database: TestDb;
beforeAll(async () => {
	database = await createTestDb();
});
afterAll(async () => database.close());

describe('shared rate limits', () => {
	it('counts hits per key in a window kept in the database, and starts over in the next window', async () => {
		let now = Date.parse('2026-01-01T10:00:00Z');
		const limiter = new SharedRateLimiter('test-window', 3, 60_000, () => now);
		const results = [];
		for (let i = 0; i < 4; i++) results.push((await limiter.take(database.db, '192.0.2.1')).ok);
		expect(results).toEqual([true, true, true, false]);
		expect((await limiter.take(database.db, '192.0.2.2')).ok).toBe(true);
		const refused = await limiter.take(database.db, '192.0.2.1');
		expect(refused.retryAfterSeconds).toBeGreaterThan(0);
		expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
		now += 60_001;
		expect((await limiter.take(database.db, '192.0.2.1')).ok).toBe(true);
	});

	it('check does not count: a limit on failures lets successes through', async () => {
		const limiter = new SharedRateLimiter('test-failures', 2, 60_000);
		for (let i = 0; i < 10; i++) expect((await limiter.check(database.db, 'office')).ok).toBe(true);
		await limiter.take(database.db, 'office');
		expect((await limiter.check(database.db, 'office')).ok).toBe(true);
		await limiter.take(database.db, 'office');
		expect((await limiter.check(database.db, 'office')).ok).toBe(false);
		await limiter.reset(database.db, 'office');
		expect((await limiter.check(database.db, 'office')).ok).toBe(true);
	});

	it('a second limiter object (another process) adds to the same count; different names do not', async () => {
		const a = new SharedRateLimiter('test-shared', 4, 60_000);
		const b = new SharedRateLimiter('test-shared', 4, 60_000);
		const other = new SharedRateLimiter('test-other', 4, 60_000);
		await a.take(database.db, 'k');
		await b.take(database.db, 'k');
		await a.take(database.db, 'k');
		expect((await other.take(database.db, 'k')).count).toBe(1);
		expect((await b.take(database.db, 'k')).count).toBe(4);
		expect((await a.take(database.db, 'k')).ok).toBe(false);
	});

	it('counts hits arriving at the same time exactly', async () => {
		const limiter = new SharedRateLimiter('test-concurrent', 1000, 60_000);
		await Promise.all(Array.from({ length: 25 }, () => limiter.take(database.db, 'burst')));
		expect((await limiter.take(database.db, 'burst')).count).toBe(26);
	});

	it('keys API callers by their token, else by the signed-in user', () => {
		const withToken = new Request('http://x/api', { headers: { authorization: 'Bearer abc' } });
		expect(apiCallerKey(withToken, 'u1')).toBe('token:abc');
		expect(apiCallerKey(new Request('http://x/api'), 'u1')).toBe('user:u1');
	});
});
