import { situationAnalysis } from '$lib/server/modules/situation/analysis/analysis.usecases';
import { CRIME_CATEGORIES, parseIsoDate } from '$lib/server/modules/situation/situation.models';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

const dateParam = (value: string | null) => {
	const parsed = parseIsoDate(value);
	return typeof parsed === 'string' ? parsed : null;
};

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const q = event.url.searchParams;
	const category = CRIME_CATEGORIES.some((c) => c.id === q.get('kategori')) ? q.get('kategori') : null;
	return asHttpError(() =>
		situationAnalysis({
			db,
			actor,
			municipalityId: municipality.id,
			from: dateParam(q.get('fran')),
			to: dateParam(q.get('till')),
			areaKind: q.get('typ'),
			category
		})
	);
};
