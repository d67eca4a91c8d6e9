import { describe, expect, it } from 'vitest';
import { MIN_FILL_SECONDS, checkFormToken, createFeedbackLimits, guardFeedback, issueFormToken, takeFeedbackQuota } from './feedback-guard';

describe('the feedback form’s spam and flood protection', () => {
	const t0 = Date.parse('2026-01-01T12:00:00Z');
	const form = (token: string, extra: Partial<{ honeypot: string; message: string }> = {}) => ({ token, honeypot: '', message: 'Hej', ...extra });

	it('accepts a token after the minimum fill time and refuses it before, after expiry, for another promise, or forged', () => {
		const token = issueFormToken('promise-a', t0);
		expect(checkFormToken(token, 'promise-a', t0 + 1000)).toBe('too_fast');
		expect(checkFormToken(token, 'promise-a', t0 + MIN_FILL_SECONDS * 1000 + 10)).toBe('ok');
		expect(checkFormToken(token, 'promise-a', t0 + 5 * 3600 * 1000)).toBe('expired');
		expect(checkFormToken(token, 'promise-b', t0 + 10_000)).toBe('invalid');
		expect(
			checkFormToken(
				token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
				'promise-a',
				t0 + 10_000
			)
		).toBe('invalid');
		expect(checkFormToken('', 'promise-a', t0)).toBe('invalid');
	});

	it('drops a filled honeypot silently and refuses link spam with a Swedish message', () => {
		const token = issueFormToken('p', t0);
		expect(guardFeedback({ form: form(token, { honeypot: 'http://spam' }), scope: 'p', now: t0 + 10_000 })).toMatchObject({ ok: false, silent: true });
		const links = guardFeedback({ form: form(token, { message: 'http://a http://b http://c http://d' }), scope: 'p', now: t0 + 10_000 });
		expect(links).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('länkar') });
		expect(guardFeedback({ form: form(token), scope: 'p', now: t0 + 10_000 })).toEqual({ ok: true });
	});

	it('accepts each token once: a replayed form is refused (issue 11)', () => {
		const token = issueFormToken('p', t0);
		expect(guardFeedback({ form: form(token), scope: 'p', now: t0 + 10_000 })).toEqual({ ok: true });
		expect(checkFormToken(token, 'p', t0 + 11_000)).toBe('replayed');
		expect(guardFeedback({ form: form(token), scope: 'p', now: t0 + 11_000 })).toMatchObject({
			ok: false,
			status: 400,
			message: expect.stringContaining('redan skickats')
		});
		// A fresh form for the same promise works.
		expect(guardFeedback({ form: form(issueFormToken('p', t0)), scope: 'p', now: t0 + 12_000 })).toEqual({ ok: true });
		// The cached public page gives everyone the same token: spent for the sender's address only.
		const shared = issueFormToken('p', t0);
		expect(guardFeedback({ form: form(shared), scope: 'p', now: t0 + 10_000, ip: '192.0.2.7' })).toEqual({ ok: true });
		expect(guardFeedback({ form: form(shared), scope: 'p', now: t0 + 10_000, ip: '192.0.2.7' })).toMatchObject({ ok: false, status: 400 });
		expect(guardFeedback({ form: form(shared), scope: 'p', now: t0 + 10_000, ip: '192.0.2.8' })).toEqual({ ok: true });
	});

	it('lets five messages per address and promise through in ten minutes, then answers 429 until the window has passed', () => {
		let now = t0;
		const limits = createFeedbackLimits(() => now);
		const results = Array.from({ length: 6 }, () => takeFeedbackQuota({ scope: 'p', ip: '192.0.2.1', limits }).ok);
		expect(results).toEqual([true, true, true, true, true, false]);
		expect(takeFeedbackQuota({ scope: 'p', ip: '192.0.2.2', limits }).ok).toBe(true);
		expect(takeFeedbackQuota({ scope: 'q', ip: '192.0.2.1', limits }).ok).toBe(true);
		now += 10 * 60_000;
		expect(takeFeedbackQuota({ scope: 'p', ip: '192.0.2.1', limits }).ok).toBe(true);
	});

	it('stops a flood from many addresses at 100 messages per promise and hour', () => {
		const limits = createFeedbackLimits(() => t0);
		const accepted = Array.from({ length: 120 }, (_, i) => takeFeedbackQuota({ scope: 'p', ip: `198.51.100.${i}`, limits }).ok).filter(Boolean).length;
		expect(accepted).toBe(100);
		expect(takeFeedbackQuota({ scope: 'p', ip: '203.0.113.9', limits })).toMatchObject({
			ok: false,
			status: 429,
			message: expect.stringContaining('väldigt många')
		});
	});
});
