import { loadAuditPage } from '$lib/server/modules/audit/audit.routes';
import { asHttpError, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event, 'installation.manage');
	const app = await runtime();
	return asHttpError(() => loadAuditPage({ db: app.database.db, actor, url: event.url, municipalityId: null }));
};
