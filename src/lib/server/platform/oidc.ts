import * as client from 'openid-client';
import type { Config } from './config';

export const OIDC_COOKIE = 'forebygg_oidc';

type OidcSettings = NonNullable<Config['oidc']>;

let discovered: { issuer: string; configuration: Promise<client.Configuration> } | null = null;

/** Discovery is cached per issuer; a failed discovery is retried on the next sign-in. */
export function oidcConfiguration(settings: OidcSettings): Promise<client.Configuration> {
	if (discovered?.issuer !== settings.issuer) {
		const configuration = client.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
			execute: settings.allowInsecure ? [client.allowInsecureRequests] : []
		});
		configuration.catch(() => {
			discovered = null;
		});
		discovered = { issuer: settings.issuer, configuration };
	}
	return discovered.configuration;
}

export interface PendingOidcLogin {
	verifier: string;
	state: string;
	nonce: string;
	next: string;
}

export async function startOidcLogin(settings: OidcSettings, redirectUri: string, next: string) {
	const configuration = await oidcConfiguration(settings);
	const pending: PendingOidcLogin = {
		verifier: client.randomPKCECodeVerifier(),
		state: client.randomState(),
		nonce: client.randomNonce(),
		next
	};
	const url = client.buildAuthorizationUrl(configuration, {
		redirect_uri: redirectUri,
		scope: 'openid email profile',
		code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
		code_challenge_method: 'S256',
		state: pending.state,
		nonce: pending.nonce
	});
	return { url, pending };
}

/** Exchanges the code and returns the verified e-mail claim of the ID token. */
export async function finishOidcLogin(settings: OidcSettings, callbackUrl: URL, pending: PendingOidcLogin): Promise<string | null> {
	const configuration = await oidcConfiguration(settings);
	const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
		pkceCodeVerifier: pending.verifier,
		expectedState: pending.state,
		expectedNonce: pending.nonce
	});
	const claims = tokens.claims();
	if (!claims) return null;
	// Many providers keep the ID token small and give e-mail only from the userinfo endpoint.
	const source = typeof claims.email === 'string' ? claims : await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
	// Accounts are matched by e-mail, so only an address the provider has verified may sign anyone in.
	if (typeof source.email !== 'string' || source.email_verified !== true) return null;
	return source.email;
}
