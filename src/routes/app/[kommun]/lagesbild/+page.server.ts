import { choropleth } from '$lib/server/modules/situation/map.models';
import { CRIME_CATEGORIES, categoryName, parseIsoDate } from '$lib/server/modules/situation/situation.models';
import { situationOverview } from '$lib/server/modules/situation/situation.usecases';
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
	const overview = await asHttpError(() =>
		situationOverview({ db, actor, municipalityId: municipality.id, from: dateParam(q.get('fran')), to: dateParam(q.get('till')), areaKind: q.get('typ'), category })
	);
	const rateOf = new Map(overview.perArea.map((r) => [r.area!, r]));
	const populationOf = new Map(overview.areas.map((a) => [a.id, a.population]));
	const map = choropleth(overview.geometries.map((g) => ({ id: g.id, name: g.name, geometry: g.geometry, value: rateOf.get(g.id)?.ratePer1000 ?? (rateOf.has(g.id) ? null : populationOf.get(g.id) ? 0 : null) })));
	const categoriesPresent = [...new Set(overview.trend.map((r) => r.category!))].sort((a, b) => categoryName(a).localeCompare(categoryName(b), 'sv'));
	const years = [...new Set(overview.trend.map((r) => r.year!))].sort();
	return {
		filter: { from: overview.from, to: overview.to, kind: overview.areaKind, category },
		kinds: overview.kinds,
		span: overview.span,
		categories: CRIME_CATEGORIES.map((c) => ({ id: c.id, name: c.name })),
		map,
		approximate: overview.geometries.some((g) => g.approximate),
		perArea: overview.geometries.map((g) => ({
			id: g.id,
			name: g.name,
			population: populationOf.get(g.id) ?? null,
			count: rateOf.get(g.id)?.count ?? 0,
			rate: rateOf.get(g.id)?.ratePer1000 ?? null,
			byCategory: Object.fromEntries(overview.perAreaCategory.filter((r) => r.area === g.id).map((r) => [r.category!, r.count]))
		})),
		categoryTotals: overview.categoryTotals.map((r) => ({ id: r.category!, name: categoryName(r.category!), count: r.count })).sort((a, b) => b.count - a.count),
		trend: {
			years,
			rows: categoriesPresent.map((c) => ({ id: c, name: categoryName(c), counts: years.map((y) => overview.trend.find((r) => r.category === c && r.year === y)?.count ?? 0) })),
			totals: years.map((y) => overview.yearTotals.find((r) => r.year === y)?.count ?? 0),
			rates: years.map((y) => overview.yearTotals.find((r) => r.year === y)?.ratePer1000 ?? null)
		},
		grid: overview.grid.map((r) => ({ weekday: r.weekday!, hour: r.hour ?? null, count: r.count })),
		months: Array.from({ length: 12 }, (_, i) => overview.months.find((m) => m.month === i + 1)?.count ?? 0)
	};
};
