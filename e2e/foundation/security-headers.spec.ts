// Regression tests for issue 11, items 9–11: headers on every answer, the exact widget exemption, a non-ASCII next.
import { expect, test } from '@playwright/test';
import { FORM_HEADERS, signIn } from '../helpers';

const FALUN_SLUG = 'lokalpolisomrade-falun-och-falu-kommun-2022';

function directives(csp: string | undefined): Map<string, string> {
	return new Map(
		(csp ?? '')
			.split(';')
			.map((d) => d.trim())
			.filter(Boolean)
			.map((d) => [d.split(/\s+/)[0], d] as [string, string])
	);
}

test('every page, public or signed in, carries a Content-Security-Policy that lets no one frame it', async ({ page, request }) => {
	for (const path of ['/', '/falun', `/falun/medborgarloften/${FALUN_SLUG}`, '/login', '/sidan-finns-inte']) {
		const response = await request.get(path);
		const csp = directives(response.headers()['content-security-policy']);
		expect(csp.get('script-src'), path).toMatch(/^script-src 'self'/);
		expect(csp.get('script-src'), path).not.toContain('unsafe-inline');
		expect(csp.get('frame-ancestors'), path).toBe("frame-ancestors 'none'");
		expect(csp.get('object-src'), path).toBe("object-src 'none'");
		expect(response.headers()['x-frame-options'], path).toBe('DENY');
		// The test server runs on http://localhost: no HSTS there (hooks add it when ORIGIN is https).
		expect(response.headers()['strict-transport-security'], path).toBeUndefined();
	}
	// Answers that are not pages get a policy that allows nothing at all.
	for (const path of ['/healthz', '/falun/medborgarloften/flode.atom']) {
		const response = await request.get(path);
		expect(response.headers()['content-security-policy'], path).toContain("default-src 'none'");
		expect(response.headers()['x-frame-options'], path).toBe('DENY');
	}
	// The policy does not break the pages: the app hydrates (client-side navigation works) with no CSP violation reported.
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
	});
	await signIn(page, 'samordnare@falun.demo');
	await page.goto('/app/falun');
	await page.goto(`/falun/medborgarloften/${FALUN_SLUG}`);
	expect(violations).toEqual([]);
});

test('only the exact widget route may be framed; a path that merely contains /widget may not', async ({ request }) => {
	const widget = await request.get(`/falun/medborgarloften/${FALUN_SLUG}/widget`);
	expect(widget.status()).toBe(200);
	expect(widget.headers()['x-frame-options']).toBeUndefined();
	expect(widget.headers()['content-security-policy']).toContain('frame-ancestors *');
	for (const path of ['/falun/medborgarloften/widget-lofte', '/falun/medborgarloften/widget', `/falun/medborgarloften/${FALUN_SLUG}/widget/x`]) {
		const response = await request.get(path);
		expect(response.headers()['x-frame-options'], path).toBe('DENY');
		expect(response.headers()['content-security-policy'], path).toContain("frame-ancestors 'none'");
	}
});

test('a non-ASCII next on /login is a redirect, not a 500', async ({ page, request }) => {
	const form = await request.post('/login', {
		headers: FORM_HEADERS,
		form: { email: 'samordnare@falun.demo', password: 'forebygg-demo', next: '/app/falun/lägesbild?ö=å' },
		maxRedirects: 0
	});
	expect(form.status()).toBe(303);
	expect(form.headers()['location']).toBe('/app/falun/l%C3%A4gesbild?%C3%B6=%C3%A5');
	await signIn(page, 'samordnare@falun.demo');
	const signedIn = await page.request.get('/login?next=/app/ä', { maxRedirects: 0 });
	expect(signedIn.status()).toBe(303);
	expect(signedIn.headers()['location']).toBe('/app/%C3%A4');
});
