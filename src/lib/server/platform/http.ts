import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'forebygg_session';
export const LOCALE_COOKIE = 'forebygg_lang';

export function setSessionCookie(cookies: Cookies, token: string, origin: string, maxAgeSeconds: number): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: origin.startsWith('https://'),
		maxAge: maxAgeSeconds
	});
}

export function pickLocale(preferred: string | undefined | null, acceptLanguage: string | null): 'sv' | 'en' {
	if (preferred === 'sv' || preferred === 'en') return preferred;
	// Swedish first: English only when the browser does not ask for Swedish at all.
	if (acceptLanguage && /^en\b/i.test(acceptLanguage.trim()) && !/\bsv\b/i.test(acceptLanguage)) return 'en';
	return 'sv';
}

/** Only same-site paths: never redirect to another host after sign-in. */
export function safeNext(next: string | null | undefined): string {
	// Browsers drop tabs and newlines in URLs, so "/\t/evil.example" would become "//evil.example".
	// eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
	if (!next || !/^\/(?![/\\])[^\x00-\x1f\x7f\\]*$/.test(next)) return '/app';
	// A Location header carries bytes, not text: "/app/ö" made the redirect itself throw (a 500).
	try {
		return next.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
	} catch {
		return '/app'; // a lone surrogate cannot be encoded
	}
}

/** A generated file as a download, its name safe in both the plain and the RFC 5987 form. */
export function attachment(file: { body: Uint8Array; contentType: string; fileName: string }): Response {
	return new Response(new Uint8Array(file.body), {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${encodeURIComponent(file.fileName)}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`
		}
	});
}

/** A download's file name from a title: letters, digits and a few safe marks, at most 80 characters. */
export function downloadName(title: string, extension: string, fallback = 'forebygg'): string {
	return `${
		title
			.replace(/[^\p{L}\p{N} ._-]+/gu, '')
			.slice(0, 80)
			.trim() || fallback
	}.${extension}`;
}
