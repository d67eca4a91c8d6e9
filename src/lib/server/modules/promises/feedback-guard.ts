/**
 * Spam and flood protection for "Tyck till" without third-party services: a hidden honeypot field,
 * a signed form token that proves this installation rendered the form at least a few seconds before it
 * was sent, and rate limits per address and per promise. Everything is kept in the database, so it
 * holds across app servers and restarts. The public page cache gives one rendering to every visitor:
 * the token's age is counted from that rendering, not from when a visitor opened it, so for a cached
 * page the fill-time check only stops a form sent within seconds of a change; the spent-per-address
 * check and the rate limits hold either way.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DbOrTx } from '../../db/client';
import { requestText } from '../../platform/errors';
import { SharedRateLimiter } from '../../platform/rate-limit';
import { sharedSecret } from '../../platform/shared/shared.repository';

export const MIN_FILL_SECONDS = 3;
export const MAX_FORM_AGE_SECONDS = 4 * 60 * 60;
/** The name of the field people never see; bots fill in anything called like a URL field. */
export const HONEYPOT_FIELD = 'webbplats';

/**
 * The signing key lives in the database (shared_secrets), not in the process: the public page
 * cache gives every visitor, on every app server, the same rendering and so the same token, and a
 * token signed on one server must hold on another and after a restart. Read once per database.
 */
const keys = new WeakMap<object, Promise<Buffer>>();
export function formTokenKey(db: DbOrTx): Promise<Buffer> {
	let key = keys.get(db);
	if (!key) {
		key = sharedSecret(db, 'feedback-form-token');
		keys.set(db, key);
		key.catch(() => keys.delete(db));
	}
	return key;
}

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

/**
 * Each rendering carries a random nonce, so a sent form can be refused when sent again. The token
 * is the same for everyone the cached page is given to: it says when the page was rendered and
 * that this installation rendered it, nothing about the visitor.
 */
export async function issueFormToken(db: DbOrTx, scope: string, now = Date.now()): Promise<string> {
	const issued = Math.floor(now / 1000).toString(36);
	const nonce = randomBytes(12).toString('base64url');
	return `${issued}.${nonce}.${sign(await formTokenKey(db), `${scope}.${issued}.${nonce}`)}`;
}

export type TokenVerdict = 'ok' | 'too_fast' | 'expired' | 'invalid' | 'replayed';

/** Signature and age only; whether the sender already used it is guardFeedback's shared check. */
export function checkFormToken(key: Buffer, token: string, scope: string, now = Date.now()): Exclude<TokenVerdict, 'replayed'> {
	const [issued, nonce, signature] = token.split('.');
	if (!issued || !nonce || !signature) return 'invalid';
	const expected = Buffer.from(sign(key, `${scope}.${issued}.${nonce}`));
	const given = Buffer.from(signature);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
	const age = now / 1000 - parseInt(issued, 36);
	if (!Number.isFinite(age) || age < MIN_FILL_SECONDS) return 'too_fast';
	if (age > MAX_FORM_AGE_SECONDS) return 'expired';
	return 'ok';
}

/** Counted in the database (rate_limit_counters), so they hold however many app servers answer. */
export interface FeedbackLimits {
	/**
	 * A token once per address: the cached page's token is everyone's, so it is used up for the
	 * address that sent it, on every server (one use per key, for as long as a token lives).
	 */
	spentTokens: SharedRateLimiter;
	/** One address about one promise. */
	perAddressAndPromise: SharedRateLimiter;
	/** One address about all promises. */
	perAddress: SharedRateLimiter;
	/** Everyone about one promise: a flood from many addresses. */
	perPromise: SharedRateLimiter;
}

export function createFeedbackLimits(now?: () => number): FeedbackLimits {
	return {
		spentTokens: new SharedRateLimiter('feedback-token', 1, MAX_FORM_AGE_SECONDS * 1000, now),
		perAddressAndPromise: new SharedRateLimiter('feedback-address-promise', 5, 10 * 60_000, now),
		perAddress: new SharedRateLimiter('feedback-address', 20, 10 * 60_000, now),
		perPromise: new SharedRateLimiter('feedback-promise', 100, 60 * 60_000, now)
	};
}

export const feedbackLimits = createFeedbackLimits();

export type GuardVerdict = { ok: true } | { ok: false; status: number; message: string; silent?: boolean };

/** A refusal with its message in the reader's language (`promises.feedback_*`). */
const refused = (status: number, code: string): GuardVerdict => ({ ok: false, status, message: requestText(`promises.feedback_${code}`) });

/**
 * The checks before the message is even read. The honeypot answers like success so bots learn
 * nothing. A valid token is spent for the sender's address in the shared table, so sending the same
 * form again is refused on any server, while other visitors given the same cached page can still send theirs.
 */
export async function guardFeedback(options: {
	db: DbOrTx;
	form: { token: string; honeypot: string; message: string };
	scope: string;
	now?: number;
	ip?: string | null;
	limits?: FeedbackLimits;
}): Promise<GuardVerdict> {
	if (options.form.honeypot.trim() !== '') return { ok: false, status: 200, message: '', silent: true };
	const verdict = checkFormToken(await formTokenKey(options.db), options.form.token, options.scope, options.now);
	if (verdict !== 'ok') return refused(400, `form_${verdict}`);
	if ((options.form.message.match(/https?:\/\//gi) ?? []).length > 3) {
		return refused(400, 'too_many_links');
	}
	const nonce = options.form.token.split('.')[1];
	const spent = await (options.limits ?? feedbackLimits).spentTokens.take(options.db, `${options.scope}|${nonce}|${options.ip ?? ''}`);
	if (!spent.ok) return refused(400, 'form_replayed');
	return { ok: true };
}

/** Counts a valid message against the limits; only messages that would be stored count. */
export async function takeFeedbackQuota(options: { db: DbOrTx; scope: string; ip: string | null; limits?: FeedbackLimits }): Promise<GuardVerdict> {
	const limits = options.limits ?? feedbackLimits;
	const ip = options.ip ?? 'okänd';
	if (!(await limits.perAddressAndPromise.take(options.db, `${ip}|${options.scope}`)).ok) return refused(429, 'too_many_from_you');
	if (!(await limits.perAddress.take(options.db, ip)).ok) return refused(429, 'too_many_from_you');
	if (!(await limits.perPromise.take(options.db, options.scope)).ok) {
		return refused(429, 'too_many_for_promise');
	}
	return { ok: true };
}
