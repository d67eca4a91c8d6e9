import { error, json } from '@sveltejs/kit';
import { AREA_KINDS, parseGroupBy, parseIsoDate } from '$lib/server/modules/situation/situation.models';
import { crimeStatistics } from '$lib/server/modules/situation/analysis/statistics.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const params = event.url.searchParams;
	const groupBy = parseGroupBy(params.get('groupBy'));
	const from = parseIsoDate(params.get('from'));
	const to = parseIsoDate(params.get('to'));
	const kind = params.get('kind');
	for (const parsed of [groupBy, from, to])
		if (parsed && typeof parsed === 'object' && 'error' in parsed) error(400, { message: parsed.error, code: 'situation.bad_query' });
	if (kind && !(AREA_KINDS as readonly string[]).includes(kind))
		error(400, { message: `Okänd områdestyp ”${kind}”. Tillåtna: ${AREA_KINDS.join(', ')}.`, code: 'situation.bad_query' });
	const rows = await asHttpError(() =>
		crimeStatistics({
			db,
			actor,
			municipalityId: municipality.id,
			groupBy: groupBy as Exclude<typeof groupBy, { error: string }>,
			from: from as string | null,
			to: to as string | null,
			areaKind: kind
		})
	);
	// The API names the area by id (as /omraden does); the page's display name stays on the page.
	return json({ rows: rows.map(({ areaName: _name, ...row }) => row) });
};
