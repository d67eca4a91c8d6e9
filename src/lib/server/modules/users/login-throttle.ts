/**
 * The lock-out policy for password sign-in. A hard per-account lock let anyone lock anyone out with
 * a handful of wrong passwords, so failures are counted two ways instead:
 *
 * - per account and address: after `maxFailures` failures in the window, that address gets no more
 *   tries on that account until the window has passed (the owner, elsewhere, is not affected);
 * - per account, from every address: past `maxFailures`, each attempt waits progressively longer
 *   (capped), which slows a spread-out guesser without ever refusing the right password.
 *
 * Both are keyed on the normalised e-mail, whether or not an account has it, so neither the refusal
 * nor the delay tells an outsider which addresses exist. In memory: a restart forgets the counts
 * (the per-address limiter and argon2's cost still hold), and it is per process.
 */
export interface ThrottleDecision {
	/** This address has used up its tries on this account: answer as for a wrong password. */
	refused: boolean;
	/** Wait this long before answering, right or wrong password. */
	delayMs: number;
}

export interface LoginThrottleOptions {
	maxFailures: number;
	windowMs: number;
	/** The longest the per-account delay grows to. */
	maxDelayMs?: number;
	now?: () => number;
}

interface Counter {
	count: number;
	since: number;
}

const MAX_ENTRIES = 50_000;
const BASE_DELAY_MS = 250;

export class LoginThrottle {
	private readonly pairs = new Map<string, Counter>();
	private readonly accounts = new Map<string, Counter>();
	private readonly now: () => number;
	private readonly maxDelayMs: number;

	constructor(private readonly options: LoginThrottleOptions) {
		this.now = options.now ?? Date.now;
		this.maxDelayMs = options.maxDelayMs ?? 8_000;
	}

	check(email: string, ip: string | null): ThrottleDecision {
		const pair = this.current(this.pairs, pairKey(email, ip));
		const account = this.current(this.accounts, email);
		const over = (account?.count ?? 0) - this.options.maxFailures;
		return {
			refused: (pair?.count ?? 0) >= this.options.maxFailures,
			delayMs: over < 0 ? 0 : Math.min(this.maxDelayMs, BASE_DELAY_MS * 2 ** over)
		};
	}

	recordFailure(email: string, ip: string | null): void {
		this.bump(this.pairs, pairKey(email, ip));
		this.bump(this.accounts, email);
	}

	/** The right password from this address: its count and the account's start over. */
	recordSuccess(email: string, ip: string | null): void {
		this.pairs.delete(pairKey(email, ip));
		this.accounts.delete(email);
	}

	/** A new password (reset or change) starts every count for the account over. */
	forget(email: string): void {
		this.accounts.delete(email);
		const prefix = `${email}\n`;
		for (const key of this.pairs.keys()) if (key.startsWith(prefix)) this.pairs.delete(key);
	}

	private current(map: Map<string, Counter>, key: string): Counter | undefined {
		const entry = map.get(key);
		if (entry && this.now() - entry.since >= this.options.windowMs) {
			map.delete(key);
			return undefined;
		}
		return entry;
	}

	private bump(map: Map<string, Counter>, key: string): void {
		const entry = this.current(map, key);
		if (entry) entry.count += 1;
		else map.set(key, { count: 1, since: this.now() });
		if (map.size > MAX_ENTRIES) this.prune(map);
	}

	private prune(map: Map<string, Counter>): void {
		const now = this.now();
		for (const [key, entry] of map) if (now - entry.since >= this.options.windowMs) map.delete(key);
		// Still full of live entries (a flood of made-up addresses): drop the oldest rather than grow.
		if (map.size > MAX_ENTRIES) for (const key of [...map.keys()].slice(0, map.size - MAX_ENTRIES)) map.delete(key);
	}
}

function pairKey(email: string, ip: string | null): string {
	return `${email}\n${ip ?? 'unknown'}`;
}

const throttles = new Map<string, LoginThrottle>();

/** One throttle per process and setting (tests use their own settings, hence their own throttle). */
export function loginThrottleFor(config: { loginMaxFailures: number; loginLockMinutes: number }): LoginThrottle {
	const key = `${config.loginMaxFailures}/${config.loginLockMinutes}`;
	let throttle = throttles.get(key);
	if (!throttle) {
		throttle = new LoginThrottle({ maxFailures: config.loginMaxFailures, windowMs: config.loginLockMinutes * 60_000 });
		throttles.set(key, throttle);
	}
	return throttle;
}

/** A new password (reset or change) starts the account's counts over in every throttle. */
export function forgetLoginFailures(email: string): void {
	for (const throttle of throttles.values()) throttle.forget(email.trim().toLowerCase());
}
