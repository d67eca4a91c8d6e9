import { loadAuditPage } from '$lib/server/modules/audit/audit.routes';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'audit.read');
	return asHttpError(() => loadAuditPage({ db, actor, url: event.url, municipalityId: municipality.id }));
};
