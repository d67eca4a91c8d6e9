import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithIdentityProvider, resolveSession } from '../modules/users/users.usecases';
import { createTestDb, type TestDb } from '../testing/test-db';
import { readConfig } from './config';
import { finishOidcLogin, startOidcLogin } from './oidc';

const REDIRECT_URI = 'http://localhost:3999/login/oidc/callback';

/** Follows the provider's redirects and answers its sign-in and consent forms, as a person would. */
async function signInAtProvider(start: URL, login: string): Promise<URL> {
	const jar = new Map<string, string>();
	const remember = (response: Response) => {
		for (const cookie of response.headers.getSetCookie()) {
			const [pair] = cookie.split(';');
			const [name, ...value] = pair.split('=');
			jar.set(name, value.join('='));
		}
	};
	const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
	let url = start;
	let body: URLSearchParams | undefined;
	for (let hop = 0; hop < 20; hop++) {
		if (url.href.startsWith(REDIRECT_URI)) return url;
		const response = await fetch(url, { method: body ? 'POST' : 'GET', body, headers: { cookie: cookieHeader() }, redirect: 'manual' });
		remember(response);
		body = undefined;
		const location = response.headers.get('location');
		if (location) {
			url = new URL(location, url);
			continue;
		}
		const html = await response.text();
		const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
		if (!action) throw new Error(`unexpected page from provider: ${html.slice(0, 300)}`);
		body = new URLSearchParams();
		for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) body.set(name, value);
		if (html.includes('name="login"')) {
			body.set('login', login);
			body.set('password', 'any');
		}
		url = new URL(action, url);
	}
	throw new Error('too many redirects');
}

describe('sign-in with the municipality identity provider (OpenID Connect)', () => {
	let server: http.Server;
	let issuer: string;
	let database: TestDb;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		server = http.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const provider = new Provider(issuer, {
			clients: [
				{ client_id: 'forebygg', client_secret: 'hemligt', redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'] }
			],
			claims: { openid: ['sub'], email: ['email', 'email_verified'] },
			findAccount: async (_ctx, id) => ({
				accountId: id,
				claims: async () => ({ sub: id, email: `${id}@falun.demo`, email_verified: true })
			}),
			features: { devInteractions: { enabled: true } }
		});
		server.on('request', provider.callback());
	});
	afterAll(async () => {
		server.close();
		await database.close();
	});

	const settings = () => ({ issuer, clientId: 'forebygg', clientSecret: 'hemligt', label: 'Falu kommun', allowInsecure: true });

	it('signs in a known user with the e-mail the provider vouches for', async () => {
		const { url, pending } = await startOidcLogin(settings(), REDIRECT_URI, '/app/falun');
		expect(url.searchParams.get('code_challenge_method')).toBe('S256');
		const callback = await signInAtProvider(url, 'samordnare');
		const email = await finishOidcLogin(settings(), callback, pending);
		expect(email).toBe('samordnare@falun.demo');
		const config = readConfig({});
		const token = await signInWithIdentityProvider({ db: database.db, config, email: email!, request: { ip: null, userAgent: null }, issuer });
		const session = await resolveSession({ db: database.db, config, token: token!.token });
		expect(session?.actor.email).toBe('samordnare@falun.demo');
	});

	it('refuses a callback whose state does not match the one we sent', async () => {
		const { url, pending } = await startOidcLogin(settings(), REDIRECT_URI, '/app');
		const callback = await signInAtProvider(url, 'samordnare');
		await expect(finishOidcLogin(settings(), callback, { ...pending, state: 'forged' })).rejects.toThrow();
	});

	it('lets nobody in who has no account in Förebygg', async () => {
		const { url, pending } = await startOidcLogin(settings(), REDIRECT_URI, '/app');
		const email = await finishOidcLogin(settings(), await signInAtProvider(url, 'okand'), pending);
		expect(email).toBe('okand@falun.demo');
		const token = await signInWithIdentityProvider({ db: database.db, config: readConfig({}), email: email!, request: { ip: null, userAgent: null }, issuer });
		expect(token).toBeNull();
	});
});
