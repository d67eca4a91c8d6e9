import { describe, expect, it } from 'vitest';
import { pickLocale, safeNext } from './http';

describe('safeNext', () => {
	it('keeps same-site paths', () => {
		expect(safeNext('/app/falun?x=1')).toBe('/app/falun?x=1');
	});

	it('refuses every way out to another host', () => {
		for (const next of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example', 'javascript:alert(1)', '', null]) {
			expect(safeNext(next)).toBe('/app');
		}
	});

	it('percent-encodes text outside ASCII, which a Location header cannot carry (issue 11: a 500 on /login)', () => {
		expect(safeNext('/app/falun/lägesbild?q=å ä')).toBe('/app/falun/l%C3%A4gesbild?q=%C3%A5%20%C3%A4');
		expect(() => new Headers({ location: safeNext('/app/ö\u{1F600}') })).not.toThrow();
		expect(safeNext('/app/\uD800')).toBe('/app');
	});
});

describe('pickLocale', () => {
	it('is Swedish unless the visitor asks for English only', () => {
		expect(pickLocale(undefined, 'en-GB,en;q=0.9')).toBe('en');
		expect(pickLocale(undefined, 'en-GB,sv;q=0.5')).toBe('sv');
		expect(pickLocale(undefined, null)).toBe('sv');
		expect(pickLocale('en', 'sv')).toBe('en');
	});
});
