import { describe, expect, it } from 'vitest';
import { containsPersonalIdentityNumber, findPersonalIdentityNumbers } from './personal-identity';

describe('personal identity numbers in free text', () => {
	it('finds the usual ways of writing one', () => {
		expect(findPersonalIdentityNumbers('Killen, 811218-9876, stod vid porten')).toEqual(['811218-9876']);
		expect(findPersonalIdentityNumbers('pnr 198112189876 igen')).toEqual(['198112189876']);
		expect(findPersonalIdentityNumbers('8112189876')).toEqual(['8112189876']);
		expect(findPersonalIdentityNumbers('19811218-9876')).toEqual(['19811218-9876']);
		expect(findPersonalIdentityNumbers('över hundra: 191212+1212')).toEqual(['191212+1212']);
		// A coordination number: day + 60.
		expect(containsPersonalIdentityNumber('701063-2391')).toBe(true);
	});
	it('leaves phone numbers, dates, times and impossible dates alone', () => {
		expect(containsPersonalIdentityNumber('Ring 070-123 45 67 eller 0701234567')).toBe(false);
		expect(containsPersonalIdentityNumber('2025-03-14 kl 22.30, port 12')).toBe(false);
		expect(containsPersonalIdentityNumber('811318-9876')).toBe(false);
		// Without a separator the check digit must be right (8112189875 fails Luhn).
		expect(containsPersonalIdentityNumber('ordernr 8112189875')).toBe(false);
		expect(containsPersonalIdentityNumber('lägenhet 1202, 40 personer')).toBe(false);
	});
});
