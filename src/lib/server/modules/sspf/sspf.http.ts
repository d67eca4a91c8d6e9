import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE } from '../../platform/http';
import { authorize, clientIp, requireMunicipality } from '../../platform/guard';
import type { Action } from '../../platform/authz';
import { findUserByEmail, signOut } from '../users/public';
import { serverKeyring } from './sspf.keyring-server';
import { sspfScopeOf, type SspfContext } from './sspf.usecases';

type ScopeAction = Extract<Action, 'sspf.enter' | 'sspf.case.signpost' | 'sspf.case.manage' | 'sspf.statistics.read' | 'sspf.meeting.read'>;

/**
 * The start of every SSPF route: the municipality, the person's SSPF groups, the policy's decision
 * on the route's action (recorded for hooks), and a second factor. Everyone who reaches SSPF data
 * has TOTP switched on (issue 15); SSPF_REQUIRE_TOTP=0 turns that off for a local demo only.
 */
export async function sspfRequest(event: RequestEvent, action: ScopeAction) {
	const { actor, municipality, db } = await requireMunicipality(event);
	const scope = await sspfScopeOf(db, actor, municipality.id);
	authorize(event, action, scope);
	if (process.env.SSPF_REQUIRE_TOTP !== '0' && !(await findUserByEmail(db, actor.email))?.totpEnabled) redirect(303, '/app/konto?tvafaktor=krav');
	const keyring = serverKeyring();
	await enforceSspfIdle(event, keyring.current.key, () => signOut({ db, sessionId: event.locals.sessionId!, actor, ip: clientIp(event), everywhere: false }));
	const context: SspfContext = { db, actor, keyring, ip: clientIp(event) };
	return { actor, municipality, db, scope, context };
}

const SSPF_SEEN_COOKIE = 'forebygg_sspf_seen';

/** Minutes without an SSPF request after which SSPF signs the browser out (SSPF_IDLE_MINUTES, default 15). */
export function sspfIdleMinutes(env: NodeJS.ProcessEnv = process.env): number {
	const minutes = Number.parseInt(env.SSPF_IDLE_MINUTES ?? '', 10);
	return Number.isFinite(minutes) && minutes > 0 ? minutes : 15;
}

/** `at.mac`: when this session last used SSPF, signed and bound to the session, so it cannot be moved or forged. */
export function signSeen(secret: Buffer, sessionId: string, at: number): string {
	return `${at}.${createHmac('sha256', secret).update(`${sessionId}:${at}`).digest('base64url')}`;
}

export function readSeen(secret: Buffer, sessionId: string, value: string | undefined): number | null {
	const [at, mac] = (value ?? '').split('.');
	if (!at || !mac || !/^\d+$/.test(at)) return null;
	const expected = Buffer.from(signSeen(secret, sessionId, Number(at)).split('.')[1]!);
	const given = Buffer.from(mac);
	return expected.length === given.length && timingSafeEqual(expected, given) ? Number(at) : null;
}

/**
 * SSPF's shorter idle time: a session that has not used SSPF for SSPF_IDLE_MINUTES is signed out
 * before it sees case data again — ended on the server (its row deleted, so a copied cookie is
 * worthless too) and its cookies removed from the browser; sign in again, with TOTP.
 */
export async function enforceSspfIdle(event: RequestEvent, masterKey: Buffer, endSession: () => Promise<void>) {
	const sessionId = event.locals.sessionId;
	if (!sessionId) return;
	const secret = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'forebygg sspf idle cookie v1', 32));
	const now = Date.now();
	const seen = readSeen(secret, sessionId, event.cookies.get(SSPF_SEEN_COOKIE));
	if (seen !== null && now - seen > sspfIdleMinutes() * 60_000) {
		await endSession();
		event.cookies.delete(SSPF_SEEN_COOKIE, { path: '/' });
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
	}
	event.cookies.set(SSPF_SEEN_COOKIE, signSeen(secret, sessionId, now), {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:'
	});
}
