/**
 * Spam and flood protection for "Tyck till" without third-party services: a hidden honeypot field,
 * a signed form token that proves the form was fetched at least a few seconds before it was sent,
 * and rate limits per address and per promise.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { RateLimiter } from '../../platform/rate-limit';

/** Per process: a restart only means that forms opened before it must be reloaded. */
const KEY = randomBytes(32);

export const MIN_FILL_SECONDS = 3;
export const MAX_FORM_AGE_SECONDS = 4 * 60 * 60;
/** The name of the field people never see; bots fill in anything called like a URL field. */
export const HONEYPOT_FIELD = 'webbplats';

const sign = (payload: string) => createHmac('sha256', KEY).update(payload).digest('base64url');

/** Each token carries a random nonce, so it can be spent once (issue 11: a token could be replayed for four hours). */
export function issueFormToken(scope: string, now = Date.now()): string {
	const issued = Math.floor(now / 1000).toString(36);
	const nonce = randomBytes(12).toString('base64url');
	return `${issued}.${nonce}.${sign(`${scope}.${issued}.${nonce}`)}`;
}

export type TokenVerdict = 'ok' | 'too_fast' | 'expired' | 'invalid' | 'replayed';

/** Nonces of tokens already used, with when they expire anyway; per process, as the key is. */
const spent = new Map<string, number>();
const MAX_SPENT = 200_000;

/**
 * Spent per token and address: the public page cache hands one rendering, and so one token, to
 * every visitor until the next change, so a token is used up for the address that sent it, not for
 * everyone else who loaded the same page.
 */
function spentKey(nonce: string, ip: string | null | undefined): string {
	return `${nonce}|${ip ?? ''}`;
}

export function checkFormToken(token: string, scope: string, now = Date.now(), ip?: string | null): TokenVerdict {
	const [issued, nonce, signature] = token.split('.');
	if (!issued || !nonce || !signature) return 'invalid';
	const expected = Buffer.from(sign(`${scope}.${issued}.${nonce}`));
	const given = Buffer.from(signature);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
	const age = now / 1000 - parseInt(issued, 36);
	if (!Number.isFinite(age) || age < MIN_FILL_SECONDS) return 'too_fast';
	if (age > MAX_FORM_AGE_SECONDS) return 'expired';
	if (spent.has(spentKey(nonce, ip))) return 'replayed';
	return 'ok';
}

/** Marks a checked token as used; a token past its age would be refused anyway, so it is forgotten then. */
function spendFormToken(token: string, now: number, ip: string | null | undefined): void {
	const [issued, nonce] = token.split('.');
	spent.set(spentKey(nonce, ip), parseInt(issued, 36) + MAX_FORM_AGE_SECONDS);
	if (spent.size > MAX_SPENT / 2) for (const [key, until] of spent) if (until < now / 1000) spent.delete(key);
	// Still full (a flood within four hours): forget the oldest; their forms are old, and the rate limits still hold.
	if (spent.size > MAX_SPENT) for (const key of [...spent.keys()].slice(0, spent.size - MAX_SPENT)) spent.delete(key);
}

export interface FeedbackLimits {
	/** One address about one promise. */
	perAddressAndPromise: RateLimiter;
	/** One address about all promises. */
	perAddress: RateLimiter;
	/** Everyone about one promise: a flood from many addresses. */
	perPromise: RateLimiter;
}

export function createFeedbackLimits(now?: () => number): FeedbackLimits {
	return {
		perAddressAndPromise: new RateLimiter(5, 10 * 60_000, now),
		perAddress: new RateLimiter(20, 10 * 60_000, now),
		perPromise: new RateLimiter(100, 60 * 60_000, now)
	};
}

/** One set for the server process. */
export const feedbackLimits = createFeedbackLimits();

export type GuardVerdict = { ok: true } | { ok: false; status: number; message: string; silent?: boolean };

const MESSAGES: Record<Exclude<TokenVerdict, 'ok'>, string> = {
	too_fast: 'Formuläret skickades för snabbt för att vi ska kunna se att det var en människa. Vänta några sekunder och skicka igen.',
	expired: 'Formuläret har varit öppet för länge. Ladda om sidan och skicka igen; din text finns kvar i fältet.',
	invalid: 'Formuläret kunde inte kontrolleras. Ladda om sidan och skicka igen; din text finns kvar i fältet.',
	replayed: 'Formuläret har redan skickats en gång. Ladda om sidan om du vill skicka ett meddelande till.'
};

/** The checks before the message is even read. The honeypot answers like success so bots learn nothing. */
export function guardFeedback(options: {
	form: { token: string; honeypot: string; message: string };
	scope: string;
	now?: number;
	/** The sender's address: a token is spent for it (see spentKey). */
	ip?: string | null;
}): GuardVerdict {
	if (options.form.honeypot.trim() !== '') return { ok: false, status: 200, message: '', silent: true };
	const verdict = checkFormToken(options.form.token, options.scope, options.now, options.ip);
	if (verdict !== 'ok') return { ok: false, status: 400, message: MESSAGES[verdict] };
	if ((options.form.message.match(/https?:\/\//gi) ?? []).length > 3) {
		return { ok: false, status: 400, message: 'Meddelandet innehåller för många länkar. Skriv med egna ord och högst tre länkar.' };
	}
	spendFormToken(options.form.token, options.now ?? Date.now(), options.ip);
	return { ok: true };
}

/** Counts a valid message against the limits; only messages that would be stored count. */
export function takeFeedbackQuota(options: { scope: string; ip: string | null; limits?: FeedbackLimits }): GuardVerdict {
	const limits = options.limits ?? feedbackLimits;
	const ip = options.ip ?? 'okänd';
	if (!limits.perAddressAndPromise.take(`${ip}|${options.scope}`) || !limits.perAddress.take(ip)) {
		return { ok: false, status: 429, message: 'Du har skickat många meddelanden på kort tid. Vänta tio minuter och försök igen.' };
	}
	if (!limits.perPromise.take(options.scope)) {
		return { ok: false, status: 429, message: 'Just nu kommer det väldigt många meddelanden om det här löftet. Försök igen om en timme.' };
	}
	return { ok: true };
}
