import { createTranslator } from '$lib/i18n';
import { estAnalysis } from '$lib/server/modules/est/est.analysis';
import { asHttpError, requestLocale, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

/** /app/{kommun}/est/analys?period=tertial|ar&ar=2026&tertial=3: the tertial or yearly analysis. */
export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'est.read');
	const params = event.url.searchParams;
	const kind = params.get('period') === 'ar' ? 'ar' : 'tertial';
	const year = Number(params.get('ar')) || undefined;
	const tertial = Number(params.get('tertial')) || undefined;
	const noAreaLabel = createTranslator(requestLocale())('est.picture.noArea');
	const analysis = await asHttpError(() => estAnalysis({ db, actor, municipalityId: municipality.id, kind, year, tertial, noAreaLabel }));
	return { analysis, thisYear: new Date().getUTCFullYear() };
};
