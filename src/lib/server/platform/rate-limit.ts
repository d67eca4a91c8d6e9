import { createHash } from 'node:crypto';
import type { DbOrTx } from '../db/client';
import { clearRateLimitKey, countRateLimitHit, peekRateLimit, pruneRateLimitCounters } from './shared/shared.repository';

/** A fixed-window counter per key, in memory: for counts that need not hold across app servers (tests, one-off tools). */
export class RateLimiter {
	private readonly hits = new Map<string, { count: number; windowStart: number }>();

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
		private readonly now: () => number = Date.now
	) {}

	/** Counts one hit; false when the key is over its limit in the current window. */
	take(key: string): boolean {
		const now = this.now();
		const entry = this.hits.get(key);
		if (!entry || now - entry.windowStart >= this.windowMs) {
			this.hits.set(key, { count: 1, windowStart: now });
			if (this.hits.size > 10_000) this.prune(now);
			return true;
		}
		entry.count += 1;
		return entry.count <= this.limit;
	}

	private prune(now: number): void {
		for (const [key, entry] of this.hits) if (now - entry.windowStart >= this.windowMs) this.hits.delete(key);
	}
}

export interface RateVerdict {
	ok: boolean;
	count: number;
	/** Seconds until the window ends, for a Retry-After header. */
	retryAfterSeconds: number;
}

/**
 * A fixed-window limit kept in the database (`rate_limit_counters`), so every app server on one
 * PostgreSQL adds to the same count and a restart forgets nothing; PGlite keeps it the same way.
 * Keys are namespaced by the limiter's name; addresses and tokens are stored hashed.
 */
export class SharedRateLimiter {
	constructor(
		readonly name: string,
		readonly limit: number,
		readonly windowMs: number,
		private readonly now: () => number = Date.now
	) {}

	private key(key: string): string {
		return `${this.name}:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
	}

	private verdict(count: number, windowStart: Date | null): RateVerdict {
		const endsIn = windowStart ? windowStart.getTime() + this.windowMs - this.now() : this.windowMs;
		return { ok: count <= this.limit, count, retryAfterSeconds: Math.max(1, Math.ceil(endsIn / 1000)) };
	}

	/** Counts one hit and says whether it is within the limit. */
	async take(db: DbOrTx, key: string): Promise<RateVerdict> {
		const now = new Date(this.now());
		const { count, windowStart } = await countRateLimitHit(db, this.key(key), this.windowMs, now);
		// Now and then, not on every hit: old windows are only clutter.
		if (Math.random() < 0.01) await pruneRateLimitCounters(db, new Date(now.getTime() - 24 * 3600_000)).catch(() => {});
		return this.verdict(count, windowStart);
	}

	/** Whether the key is already over its limit, without counting (for limits on failures only). */
	async check(db: DbOrTx, key: string): Promise<RateVerdict> {
		const row = await peekRateLimit(db, this.key(key), this.windowMs, new Date(this.now()));
		const count = row?.count ?? 0;
		return { ...this.verdict(count, row?.windowStart ?? null), ok: count < this.limit };
	}

	async reset(db: DbOrTx, key: string): Promise<void> {
		await clearRateLimitKey(db, this.key(key));
	}
}

/**
 * Failed sign-ins (and reset requests) per client address: slows down password spraying across
 * accounts. Successful sign-ins are not counted, so an office behind one address is never locked
 * out by its own staff. The per-account lock-out (LOGIN_MAX_FAILURES) is separate, in the users module.
 * Behind a reverse proxy the address comes from ADDRESS_HEADER (see README, docs/deploy).
 */
export const signInAddressLimiter = new SharedRateLimiter('sign-in-address', 30, 15 * 60_000);

/** The API per token (or per session when called from a signed-in browser). */
export const apiCallerLimiter = new SharedRateLimiter('api-caller', 300, 60_000);

/** Heavy API endpoints (whole statistics tables) on top of the general API limit. */
export const heavyApiLimiter = new SharedRateLimiter('api-heavy', 20, 60_000);

/** The key of an API caller: the bearer token itself (hashed by the limiter), else the signed-in user. */
export function apiCallerKey(request: Request, userId: string | null): string {
	const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
	return bearer ? `token:${bearer}` : `user:${userId ?? 'anonymous'}`;
}
