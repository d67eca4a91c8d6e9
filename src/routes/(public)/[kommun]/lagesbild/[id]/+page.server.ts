import { getPublicReport } from '$lib/server/modules/situation/report/situation-report.usecases';
import { asHttpError, publicMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

// Server-rendered only: the published lägesbild needs no JavaScript.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { municipality, db, app } = await publicMunicipality(event);
	const report = await asHttpError(() =>
		getPublicReport({ db, municipalityId: municipality.id, reportId: event.params.id, suppressBelow: app.config.suppressBelow })
	);
	return { municipality: { slug: municipality.slug, name: municipality.name, officialName: municipality.officialName }, report };
};
