import { redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/platform/guard';
import { LOCALE_COOKIE, safeNext } from '$lib/server/platform/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	authorize(event, 'session.manage');
	const form = await event.request.formData();
	const lang = form.get('lang') === 'en' ? 'en' : 'sv';
	event.cookies.set(LOCALE_COOKIE, lang, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
	const next = String(form.get('next') ?? '/');
	redirect(303, next === '/' ? '/' : safeNext(next));
};
