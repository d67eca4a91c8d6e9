import { hotSpotMap, mapAreas, mapGrid, resolveMapQuery } from '$lib/server/modules/situation/analysis/map.usecases';
import { GRID_SIZES } from '$lib/server/platform/geo/grid';
import { CRIME_CATEGORIES } from '$lib/server/modules/situation/situation.models';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

/** Rows of the cell table: enough for any town; the GeoJSON has them all. */
const CELL_ROWS = 1000;

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.read');
	const { query, areas, grid } = await asHttpError(async () => {
		const query = await resolveMapQuery({ db, actor, municipalityId: municipality.id, query: event.url.searchParams });
		const [areas, grid] = await Promise.all([
			mapAreas({ db, actor, municipalityId: municipality.id, query }),
			mapGrid({ db, actor, municipalityId: municipality.id, query })
		]);
		return { query, areas, grid };
	});
	return {
		basemapUrl: app.config.mapBasemapUrl,
		search: event.url.search,
		filter: {
			from: query.period.from,
			to: query.period.to,
			comparisonFrom: query.comparison.from,
			comparisonTo: query.comparison.to,
			kind: query.areaKind,
			category: query.category,
			measure: query.measure,
			shape: query.grid.shape,
			size: query.grid.size
		},
		problems: query.problems,
		kinds: query.kinds,
		span: query.span,
		categories: CRIME_CATEGORIES.map((c) => ({ id: c.id, name: c.name })),
		sizes: [...GRID_SIZES],
		map: areas.map,
		changeMap: areas.changeMap,
		approximate: areas.approximate,
		areas: areas.areas.map((a) => ({
			id: a.id,
			name: a.name,
			population: a.population,
			count: a.after.count,
			rate: a.after.ratePer1000,
			comparisonCount: a.before.count,
			comparisonRate: a.before.ratePer1000,
			change: a.change,
			changePercent: a.changePercent
		})),
		// The drawing shows the cells the table lists, so both stay the same and the page stays small.
		hotSpotMap: hotSpotMap(areas.areas, { ...grid, cells: grid.cells.slice(0, CELL_ROWS) }),
		grid: {
			shape: grid.spec.shape,
			size: grid.spec.size,
			requestedSize: grid.requestedSize,
			cellCount: grid.cellCount,
			eventCount: grid.eventCount,
			cells: grid.cells.slice(0, CELL_ROWS).map((c) => ({
				id: c.id,
				easting: c.easting,
				northing: c.northing,
				count: c.count,
				z: c.z,
				kind: c.significance.kind,
				confidence: c.significance.confidence
			})),
			truncated: grid.cells.length > CELL_ROWS,
			listed: grid.cells.length,
			hot: grid.cells.filter((c) => c.significance.kind === 'hot').length,
			cold: grid.cells.filter((c) => c.significance.kind === 'cold').length
		},
		located: { located: grid.located, unlocated: grid.unlocated }
	};
};
