/** A fixed-window counter per key, in memory: enough for one server process. */
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
