import { getDecisionDocument } from '$lib/server/modules/plans/plan-editing.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import { attachment } from '$lib/server/platform/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	return attachment(
		await asHttpError(() =>
			getDecisionDocument({ db, actor, planId: event.params.planId, municipalityId: municipality.id, documentId: event.params.documentId })
		)
	);
};
