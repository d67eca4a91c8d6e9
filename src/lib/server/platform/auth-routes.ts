import type { RequestEvent } from '@sveltejs/kit';
import { deleteSession } from '../modules/users/users.repository';
import type { Runtime } from '../runtime';
import { clientIp } from './guard';
import { SESSION_COOKIE, setSessionCookie } from './http';

export function requestInfo(event: RequestEvent) {
	return { ip: clientIp(event), userAgent: event.request.headers.get('user-agent') };
}

/** A new session on every sign-in: the old cookie (if any) dies, so a planted session id is worthless. */
export async function rotateSession(event: RequestEvent, app: Runtime, token: string): Promise<void> {
	const previous = event.locals.sessionId ?? event.locals.pendingTotpSessionId;
	if (previous) await deleteSession(app.database.db, previous);
	event.cookies.delete(SESSION_COOKIE, { path: '/' });
	setSessionCookie(event.cookies, token, app.config.origin, app.config.sessionAbsoluteHours * 3600);
}
