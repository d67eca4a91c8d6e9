import { exportAreaTable } from '$lib/server/modules/situation/analysis/analysis.usecases';
import { CRIME_CATEGORIES, parseIsoDate } from '$lib/server/modules/situation/situation.models';
import { attachment } from '$lib/server/platform/http';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

const dateParam = (value: string | null) => {
	const parsed = parseIsoDate(value);
	return typeof parsed === 'string' ? parsed : null;
};

/** The lägesbild's whole per-area table (the page shows the top areas) with the page's filters. */
export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const q = event.url.searchParams;
	const category = CRIME_CATEGORIES.some((c) => c.id === q.get('kategori')) ? q.get('kategori') : null;
	const file = await asHttpError(() =>
		exportAreaTable({
			db,
			actor,
			municipalityId: municipality.id,
			from: dateParam(q.get('fran')),
			to: dateParam(q.get('till')),
			areaKind: q.get('typ'),
			category,
			ip: clientIp(event)
		})
	);
	return attachment(file);
};
