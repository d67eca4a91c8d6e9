import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readSeen, signSeen, sspfIdleMinutes } from './sspf.http';

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
