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
});

describe('pickLocale', () => {
	it('is Swedish unless the visitor asks for English only', () => {
		expect(pickLocale(undefined, 'en-GB,en;q=0.9')).toBe('en');
		expect(pickLocale(undefined, 'en-GB,sv;q=0.5')).toBe('sv');
		expect(pickLocale(undefined, null)).toBe('sv');
		expect(pickLocale('en', 'sv')).toBe('en');
	});
});
