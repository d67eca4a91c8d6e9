import { error, redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/platform/guard';
import { safeNext } from '$lib/server/platform/http';
import { OIDC_COOKIE, startOidcLogin } from '$lib/server/platform/oidc';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	authorize(event, 'session.manage');
	const app = await runtime();
	const settings = app.config.oidc;
	if (!settings) error(404, { message: 'Inloggning via identitetsleverantör är inte konfigurerad.', code: 'auth.oidc_not_configured' });
	const { url, pending } = await startOidcLogin(settings, `${app.config.origin}/login/oidc/callback`, safeNext(event.url.searchParams.get('next')));
	event.cookies.set(OIDC_COOKIE, JSON.stringify(pending), {
		path: '/login/oidc',
		httpOnly: true,
		sameSite: 'lax',
		secure: app.config.origin.startsWith('https://'),
		maxAge: 600
	});
	redirect(303, url.href);
};
