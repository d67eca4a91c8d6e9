import { redirect, type RequestEvent } from '@sveltejs/kit';
import { authorize, clientIp, requireMunicipality } from '../../platform/guard';
import type { Action } from '../../platform/authz';
import { findUserByEmail } from '../users/public';
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
	const context: SspfContext = { db, actor, keyring: serverKeyring(), ip: clientIp(event) };
	return { actor, municipality, db, scope, context };
}
