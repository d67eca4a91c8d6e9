import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { enforceSspfIdle, readSeen, signSeen, sspfIdleMinutes } from './sspf.http';

describe('SSPF idle cookie', () => {
	const secret = randomBytes(32);
	it('reads back a time signed for the same session only', () => {
		const value = signSeen(secret, 'session-a', 1_700_000_000_000);
		expect(readSeen(secret, 'session-a', value)).toBe(1_700_000_000_000);
		expect(readSeen(secret, 'session-b', value)).toBeNull();
		expect(readSeen(randomBytes(32), 'session-a', value)).toBeNull();
		// A forged, later time with the old signature does not pass.
		expect(readSeen(secret, 'session-a', value.replace('1700000000000', '1800000000000'))).toBeNull();
		expect(readSeen(secret, 'session-a', undefined)).toBeNull();
	});
	it('defaults to 15 minutes, shorter than the app session', () => {
		expect(sspfIdleMinutes({})).toBe(15);
		expect(sspfIdleMinutes({ SSPF_IDLE_MINUTES: '5' })).toBe(5);
	});
});

describe('SSPF idle sign-out', () => {
	const masterKey = randomBytes(32);
	/** The part of a request the idle check uses: the session, its cookies and the path. */
	function fakeEvent(cookies: Map<string, string>, sessionId = 'session-a') {
		return {
			locals: { sessionId },
			url: new URL('http://localhost/app/falun/sspf/arende/x'),
			cookies: {
				get: (name: string) => cookies.get(name),
				set: (name: string, value: string) => void cookies.set(name, value),
				delete: (name: string) => void cookies.delete(name)
			}
		} as unknown as RequestEvent;
	}

	it('ends the session on the server, not only in the browser, once SSPF has been idle too long', async () => {
		const cookies = new Map<string, string>([['forebygg_session', 'token']]);
		let ended = 0;
		const endSession = async () => void (ended += 1);
		await enforceSspfIdle(fakeEvent(cookies), masterKey, endSession);
		expect(ended).toBe(0);
		const seen = cookies.get('forebygg_sspf_seen')!;
		const at = Number(seen.split('.')[0]);
		// Within the idle time: the request goes on and the time moves.
		await enforceSspfIdle(fakeEvent(cookies), masterKey, endSession);
		expect(ended).toBe(0);
		// An SSPF request after SSPF_IDLE_MINUTES: the server session is ended, the cookies go, and the browser is sent to sign in.
		const idleFor = (sspfIdleMinutes() + 1) * 60_000;
		const realNow = Date.now;
		Date.now = () => at + idleFor;
		try {
			const thrown = await enforceSspfIdle(fakeEvent(cookies), masterKey, endSession).catch((e: unknown) => e);
			expect(thrown).toMatchObject({ status: 303, location: '/login?next=%2Fapp%2Ffalun%2Fsspf%2Farende%2Fx' });
		} finally {
			Date.now = realNow;
		}
		expect(ended).toBe(1);
		expect(cookies.has('forebygg_session')).toBe(false);
		expect(cookies.has('forebygg_sspf_seen')).toBe(false);
	});
});
