import { exportFollowUpSheet } from '$lib/server/modules/plans/follow-up.usecases';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import { attachment } from '$lib/server/platform/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	return attachment(
		await asHttpError(() => exportFollowUpSheet({ db, actor, roundId: event.params.roundId, planId: event.params.planId, municipality, ip: clientIp(event) }))
	);
};
