import type { DbOrTx } from '../../../db/client';
import { systemActor, type Actor } from '../../../platform/authz';
import { requireAccess } from '../../../platform/access';
import { recordAudit } from '../../audit/public';
import { cellCentre, cellKey, cellRing, fittingSize, GRID_SHAPES, GRID_SIZES, type GridShape, type GridSpec } from '../../../platform/geo/grid';
import { hotSpots, significanceClass, type Significance } from './hotspots.models';
import { choropleth, type ChoroplethMap } from './map.models';
import { countEventsInCells, countLocatedEvents, listEventPoints, type EventFilter } from './map.repository';
import { choosePeriods, comparePeriods, type AreaChange, type Period } from './periods.models';
import { Disclosure } from '../../../platform/disclosure';
import { AREA_KINDS, categoryName, CRIME_CATEGORIES, type AreaKind } from '../situation.models';
import { eventYears } from '../crimes/crimes.repository';
import { listAreaGeometries, listAreaRows, listAreaShapes, listPopulations } from '../areas/areas.repository';
import { crimeStatistics } from './statistics.usecases';
import {
	bboxOf,
	mapGeometry,
	prepareShape,
	ShapeIndex,
	swerefToWgs84,
	wgs84ToSweref,
	type Bbox,
	type Geometry,
	type Position
} from '../../../platform/geo/spatial';

/**
 * The lägesbild map: choropleth per area, period against period, density grid with Gi* hot
 * spots and (internally) the events as points; and the public page's suppressed figures.
 * Everything is computed here on the server, so the tables and the server-drawn SVG show the
 * same figures as the MapLibre layers.
 */

/** Points are individual events: internal only, and capped so a browser can draw them. */
export const MAX_POINTS = 50_000;
/** Gi* cells per grid; a coarser size is chosen when the region would need more. */
export const MAX_GRID_CELLS = 20_000;

export const MAP_MEASURES = ['rate', 'count'] as const;
export type MapMeasure = (typeof MAP_MEASURES)[number];

export interface MapQuery {
	period: Period;
	comparison: Period;
	kinds: AreaKind[];
	areaKind: AreaKind | null;
	category: string | null;
	measure: MapMeasure;
	grid: GridSpec;
	problems: string[];
	span: { min: number | null; max: number | null; total: number; demo: number };
}

/** The map's choices from the query string (the page and its GeoJSON endpoints read the same ones). */
export async function resolveMapQuery(options: {
	db: DbOrTx;
	actor: Actor;
	municipalityId: string;
	query: URLSearchParams;
	today?: string;
}): Promise<MapQuery> {
	const { db, actor, municipalityId, query } = options;
	requireAccess(actor, 'situation.read', { municipalityId });
	const [span, areaRows] = await Promise.all([eventYears(db, municipalityId), listAreaRows(db, municipalityId)]);
	const { period, comparison, problems } = choosePeriods(query, span.max, options.today ?? new Date().toISOString().slice(0, 10));
	const kinds = AREA_KINDS.filter((k) => areaRows.some((a) => a.kind === k));
	const wanted = query.get('typ');
	const areaKind = wanted && (kinds as string[]).includes(wanted) ? (wanted as AreaKind) : (kinds.find((k) => k !== 'kommun') ?? kinds[0] ?? null);
	const categoryParam = query.get('kategori');
	const category = CRIME_CATEGORIES.some((c) => c.id === categoryParam) ? categoryParam : null;
	const measure: MapMeasure = query.get('matt') === 'count' ? 'count' : 'rate';
	const shape: GridShape = (GRID_SHAPES as readonly string[]).includes(query.get('rutform') ?? '') ? (query.get('rutform') as GridShape) : 'hex';
	const sizeParam = Number(query.get('rutstorlek'));
	const size = (GRID_SIZES as readonly number[]).includes(sizeParam) ? sizeParam : 250;
	return { period, comparison, kinds, areaKind, category, measure, grid: { shape, size }, problems, span };
}

// ---------------------------------------------------------------------------------------
// Areas: choropleth and period against period
// ---------------------------------------------------------------------------------------

export interface MapArea extends AreaChange {
	code: string;
	population: number | null;
	geometry: Geometry;
	/** The mapped figure of the chosen period: the rate per 1,000 or the count. */
	value: number | null;
	/** Choropleth class 0–4 (null: no value), the same as the server-drawn map. */
	cls: number | null;
}

export interface MapAreas {
	areas: MapArea[];
	map: ChoroplethMap;
	changeMap: ChoroplethMap;
	approximate: boolean;
}

export async function mapAreas(options: { db: DbOrTx; actor: Actor; municipalityId: string; query: MapQuery }): Promise<MapAreas> {
	const { db, actor, municipalityId, query } = options;
	requireAccess(actor, 'situation.read', { municipalityId });
	if (!query.areaKind) return { areas: [], map: choropleth([]), changeMap: choropleth([]), approximate: false };
	const categories = query.category ? [query.category] : null;
	const common = { db, actor, municipalityId, groupBy: ['area' as const], areaKind: query.areaKind, categories };
	const [geometries, populations, now, before] = await Promise.all([
		listAreaGeometries(db, municipalityId, query.areaKind),
		listPopulations(db, municipalityId),
		crimeStatistics({ ...common, from: query.period.from, to: query.period.to }),
		crimeStatistics({ ...common, from: query.comparison.from, to: query.comparison.to })
	]);
	const latestPopulation = new Map<string, { year: number; population: number }>();
	for (const p of populations) if ((latestPopulation.get(p.areaId)?.year ?? -1) < p.year) latestPopulation.set(p.areaId, p);
	const figures = (rows: typeof now) => new Map(rows.map((r) => [r.area!, { count: r.count, ratePer1000: r.ratePer1000 }]));
	const changes = comparePeriods(geometries, figures(before), figures(now));
	// No events and a known population is a rate of 0, not "no value".
	const withZeroRates = changes.map((c) => {
		const population = latestPopulation.get(c.id)?.population ?? null;
		const fill = (f: { count: number; ratePer1000: number | null }) => ({ ...f, ratePer1000: f.ratePer1000 ?? (f.count === 0 && population ? 0 : null) });
		return { ...c, before: fill(c.before), after: fill(c.after), population };
	});
	const value = (c: (typeof withZeroRates)[number]) => (query.measure === 'count' ? c.after.count : c.after.ratePer1000);
	const map = choropleth(geometries.map((g, i) => ({ id: g.id, name: g.name, geometry: g.geometry, value: value(withZeroRates[i]) })));
	const changeMap = choropleth(geometries.map((g, i) => ({ id: g.id, name: g.name, geometry: g.geometry, value: withZeroRates[i].changePercent })));
	// The change map is diverging with fixed bounds (periods.models), not equal-count classes.
	changeMap.shapes = changeMap.shapes.map((s, i) => ({ ...s, cls: withZeroRates[i].changeClass === null ? null : withZeroRates[i].changeClass! + 2 }));
	changeMap.breaks = [];
	const areas = geometries.map((g, i) => ({ ...withZeroRates[i], code: g.code, geometry: g.geometry, value: value(withZeroRates[i]), cls: map.shapes[i].cls }));
	return { areas, map, changeMap, approximate: geometries.some((g) => g.approximate) };
}

// ---------------------------------------------------------------------------------------
// Density grid and hot spots
// ---------------------------------------------------------------------------------------

export interface MapCell {
	id: string;
	/** WGS84 outline for the map. */
	ring: Position[];
	/** SWEREF 99 TM centre, rounded to metres, for the table. */
	easting: number;
	northing: number;
	count: number;
	z: number | null;
	significance: Significance;
	/** −3 (cold, 99 %) … 3 (hot, 99 %), 0 not significant. */
	hotSpotClass: number;
}

export interface MapGrid {
	spec: GridSpec;
	/** The size asked for; larger when the region needed fewer cells. */
	requestedSize: number;
	cells: MapCell[];
	cellCount: number;
	eventCount: number;
	/** Events of the period (any area) with and without a place. */
	located: number;
	unlocated: number;
	/** The region the cells cover: the areas of the chosen kind. */
	regionKind: AreaKind | null;
}

/** Cells of the period's located events in the areas of the chosen kind, each tested with Gi*. */
export async function mapGrid(options: { db: DbOrTx; actor: Actor; municipalityId: string; query: MapQuery }): Promise<MapGrid> {
	const { db, actor, municipalityId, query } = options;
	requireAccess(actor, 'situation.read', { municipalityId });
	const shapes = (await listAreaShapes(db, municipalityId)).filter((s) => s.kind === query.areaKind);
	const planar = shapes.map((s) => (s.sourceEpsg === 3006 ? s.sourceGeometry : mapGeometry(s.sourceGeometry, ([lon, lat]) => wgs84ToSweref(lon, lat))));
	let region: { extent: Bbox; inside: (e: number, n: number) => boolean } | null = null;
	let spec = query.grid;
	if (planar.length) {
		const boxes = planar.map(bboxOf);
		const extent: Bbox = [
			Math.min(...boxes.map((b) => b[0])),
			Math.min(...boxes.map((b) => b[1])),
			Math.max(...boxes.map((b) => b[2])),
			Math.max(...boxes.map((b) => b[3]))
		];
		const index = new ShapeIndex(planar.map((g) => prepareShape(g)));
		region = { extent, inside: (e, n) => index.containing(e, n).length > 0 };
		spec = { ...spec, size: fittingSize(spec, extent, MAX_GRID_CELLS) };
	}
	const filter: EventFilter = {
		municipalityId,
		from: query.period.from,
		to: query.period.to,
		categories: query.category ? [query.category] : null,
		areaIds: shapes.length ? shapes.map((s) => s.id) : null
	};
	const [counted, located] = await Promise.all([countEventsInCells(db, filter, spec), countLocatedEvents(db, { ...filter, areaIds: null })]);
	// Each cell's count at its centre: binning the centres again gives back the same cells.
	const grid = hotSpots(
		spec,
		counted.map((c) => {
			const [easting, northing] = cellCentre(spec, [c.i, c.j]);
			return { easting, northing, count: c.count };
		}),
		region
	);
	const cells = grid.cells.map((cell) => ({
		id: cellKey(...cell.address),
		ring: cellRing(spec, cell.address).map(([e, n]) => {
			const [lon, lat] = swerefToWgs84(e, n);
			return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6] as Position;
		}),
		easting: Math.round(cell.centre[0]),
		northing: Math.round(cell.centre[1]),
		count: cell.count,
		z: cell.z,
		significance: cell.significance,
		hotSpotClass: significanceClass(cell.significance)
	}));
	return {
		spec,
		requestedSize: query.grid.size,
		cells,
		cellCount: grid.cellCount,
		eventCount: grid.eventCount,
		located: located.located,
		unlocated: located.unlocated,
		regionKind: query.areaKind
	};
}

// ---------------------------------------------------------------------------------------
// Points (internal only, every read audited)
// ---------------------------------------------------------------------------------------

export interface MapPoints {
	points: { id: number; category: string; categoryName: string; occurredOn: string; longitude: number; latitude: number }[];
	located: number;
	unlocated: number;
	truncated: boolean;
}

/**
 * The period's events with a real place. Only signed-in users of the municipality get them
 * (there is no public path here); each read is written to the audit log with its filter.
 */
export async function mapPoints(options: { db: DbOrTx; actor: Actor; municipalityId: string; query: MapQuery; ip: string | null }): Promise<MapPoints> {
	const { db, actor, municipalityId, query } = options;
	requireAccess(actor, 'crime.points.read', { municipalityId });
	const filter: EventFilter = { municipalityId, from: query.period.from, to: query.period.to, categories: query.category ? [query.category] : null };
	const [points, counts] = await Promise.all([listEventPoints(db, filter, MAX_POINTS), countLocatedEvents(db, filter)]);
	await recordAudit(
		db,
		{ actor, ip: options.ip },
		{
			action: 'situation.points.read',
			entityType: 'crime_events',
			municipalityId,
			changes: {
				period: { before: null, after: `${query.period.from}–${query.period.to}` },
				category: { before: null, after: query.category ?? 'alla' },
				points: { before: null, after: points.length }
			}
		}
	);
	return {
		points: points.map((p) => ({ ...p, categoryName: categoryName(p.category) })),
		located: counts.located,
		unlocated: counts.unlocated,
		truncated: counts.located > points.length
	};
}

// ---------------------------------------------------------------------------------------
// Public page: the last full year and the trend, small counts suppressed, never events
// ---------------------------------------------------------------------------------------

export interface PublicSituation {
	year: number | null;
	demo: boolean;
	kinds: AreaKind[];
	areaKind: AreaKind | null;
	suppressBelow: number;
	approximate: boolean;
	map: ChoroplethMap;
	categories: { id: string; name: string }[];
	/** Per area: population, the year's count and rate (null: suppressed), counts per category. */
	areas: { id: string; name: string; population: number | null; count: number | null; rate: number | null; byCategory: (number | null)[] }[];
	categoryTotals: (number | null)[];
	total: number | null;
	trend: { years: number[]; rows: { id: string; name: string; counts: (number | null)[] }[]; totals: (number | null)[]; rates: (number | null)[] };
	areaTrend: { id: string; name: string; counts: (number | null)[] }[];
}

/**
 * What citizens see: reported crime per area and category in the last full year (the latest
 * year with data if that is earlier) and per year before it. Counts from 1 to suppressBelow − 1
 * are hidden, and so is any figure that would let a hidden one be worked out from a total.
 * Rates are shown only beside a shown count.
 */
export async function publicSituation(options: {
	db: DbOrTx;
	municipalityId: string;
	suppressBelow: number;
	areaKind: string | null;
	today?: string;
}): Promise<PublicSituation> {
	const { db, municipalityId, suppressBelow } = options;
	const today = options.today ?? new Date().toISOString().slice(0, 10);
	const [span, areaRows] = await Promise.all([eventYears(db, municipalityId), listAreaRows(db, municipalityId)]);
	const kinds = AREA_KINDS.filter((k) => areaRows.some((a) => a.kind === k));
	const areaKind =
		options.areaKind && (kinds as string[]).includes(options.areaKind)
			? (options.areaKind as AreaKind)
			: (kinds.find((k) => k !== 'kommun') ?? kinds[0] ?? null);
	const lastFullYear = Number(today.slice(0, 4)) - 1;
	const year = span.max === null ? null : Math.min(span.max, lastFullYear);
	const empty: PublicSituation = {
		year,
		demo: span.demo > 0,
		kinds,
		areaKind,
		suppressBelow,
		approximate: false,
		map: choropleth([]),
		categories: [],
		areas: [],
		categoryTotals: [],
		total: null,
		trend: { years: [], rows: [], totals: [], rates: [] },
		areaTrend: []
	};
	if (year === null || span.min === null || span.min > year) return empty;
	const from = `${year}-01-01`;
	const to = `${year}-12-31`;
	// Public figures: the same counts as the app, read for the visitor, then through the disclosure rule.
	const stats = (groupBy: ('area' | 'category' | 'year')[], f: string | null, t: string | null) =>
		crimeStatistics({ db, actor: systemActor('public-site'), municipalityId, groupBy, from: f, to: t, areaKind });
	const [geometries, populations, perAreaCategory, perArea, trendRows, yearTotals, areaYears] = await Promise.all([
		areaKind ? listAreaGeometries(db, municipalityId, areaKind) : Promise.resolve([]),
		listPopulations(db, municipalityId),
		areaKind ? stats(['area', 'category'], from, to) : Promise.resolve([]),
		areaKind ? stats(['area'], from, to) : Promise.resolve([]),
		stats(['category', 'year'], null, to),
		stats(['year'], null, to),
		areaKind ? stats(['area', 'year'], null, to) : Promise.resolve([])
	]);
	const categoryIds = [...new Set(trendRows.map((r) => r.category!))].sort((a, b) => categoryName(a).localeCompare(categoryName(b), 'sv'));
	const countOf = (rows: typeof perAreaCategory, match: (r: (typeof rows)[number]) => boolean) => rows.find(match)?.count ?? 0;

	// One disclosure problem over every figure the page shows: the trend (categories × years under
	// each year's total), the areas' trend (areas × years) and the year's table (areas ×
	// categories). The year's column of each trend is also a row or column total of the year's
	// table: the same key, so a figure is hidden everywhere it appears or nowhere.
	const years = [...new Set(yearTotals.map((r) => r.year!))].filter((y) => y <= year).sort();
	const d = new Disclosure(suppressBelow);
	for (const y of years) {
		d.count(
			`y:${y}`,
			countOf(yearTotals, (r) => r.year === y)
		);
		for (const c of categoryIds)
			d.count(
				`c:${c}:${y}`,
				countOf(trendRows, (r) => r.category === c && r.year === y)
			);
		for (const g of geometries)
			d.count(
				`a:${g.id}:${y}`,
				countOf(areaYears, (r) => r.area === g.id && r.year === y)
			);
		d.sum(
			`y:${y}`,
			categoryIds.map((c) => `c:${c}:${y}`)
		);
		// As if the areas tiled the municipality: when they do not, hiding more is harmless.
		d.sum(
			`y:${y}`,
			geometries.map((g) => `a:${g.id}:${y}`)
		);
	}
	const last = years.indexOf(year);
	for (const g of geometries)
		for (const c of categoryIds)
			d.count(
				`ac:${g.id}:${c}`,
				countOf(perAreaCategory, (r) => r.area === g.id && r.category === c)
			);
	if (last >= 0) {
		for (const g of geometries)
			d.sum(
				`a:${g.id}:${year}`,
				categoryIds.map((c) => `ac:${g.id}:${c}`)
			);
		for (const c of categoryIds)
			d.sum(
				`c:${c}:${year}`,
				geometries.map((g) => `ac:${g.id}:${c}`)
			);
	}
	const shown = d.solve();
	const inYear = (key: string) => (last < 0 ? 0 : shown.value(key));
	const populationIn = (areaId: string) => {
		const mine = populations.filter((p) => p.areaId === areaId);
		return (mine.find((p) => p.year === year) ?? mine.sort((a, b) => b.year - a.year)[0])?.population ?? null;
	};
	const areas = geometries.map((g) => {
		const count = inYear(`a:${g.id}:${year}`);
		const rate = count === null ? null : (perArea.find((r) => r.area === g.id)?.ratePer1000 ?? (populationIn(g.id) ? 0 : null));
		return { id: g.id, name: g.name, population: populationIn(g.id), count, rate, byCategory: categoryIds.map((c) => shown.value(`ac:${g.id}:${c}`)) };
	});
	const map = choropleth(geometries.map((g, i) => ({ id: g.id, name: g.name, geometry: g.geometry, value: areas[i].rate })));
	return {
		...empty,
		approximate: geometries.some((g) => g.approximate),
		map,
		categories: categoryIds.map((id) => ({ id, name: categoryName(id) })),
		areas,
		categoryTotals: categoryIds.map((c) => inYear(`c:${c}:${year}`)),
		total: inYear(`y:${year}`),
		trend: {
			years,
			rows: categoryIds.map((id) => ({ id, name: categoryName(id), counts: years.map((y) => shown.value(`c:${id}:${y}`)) })),
			totals: years.map((y) => shown.value(`y:${y}`)),
			rates: years.map((y) => (shown.hidden(`y:${y}`) ? null : (yearTotals.find((r) => r.year === y)?.ratePer1000 ?? null)))
		},
		areaTrend: geometries.map((g) => ({ id: g.id, name: g.name, counts: years.map((y) => shown.value(`a:${g.id}:${y}`)) }))
	};
}

// ---------------------------------------------------------------------------------------
// GeoJSON for the MapLibre layers and the server-drawn hot spot map
// ---------------------------------------------------------------------------------------

type Feature = { type: 'Feature'; id?: string | number; geometry: unknown; properties: Record<string, unknown> };
const collection = (features: Feature[], extra: Record<string, unknown> = {}) => ({ type: 'FeatureCollection' as const, ...extra, features });

export function areasGeoJson(result: MapAreas, query: MapQuery) {
	return collection(
		result.areas.map((a) => ({
			type: 'Feature',
			geometry: a.geometry,
			properties: {
				id: a.id,
				code: a.code,
				name: a.name,
				population: a.population,
				count: a.after.count,
				rate: a.after.ratePer1000,
				value: a.value,
				cls: a.cls ?? -1,
				comparisonCount: a.before.count,
				comparisonRate: a.before.ratePer1000,
				change: a.change,
				changePercent: a.changePercent,
				changeCls: a.changeClass === null ? -9 : a.changeClass
			}
		})),
		{
			period: query.period,
			comparison: query.comparison,
			areaKind: query.areaKind,
			category: query.category,
			measure: query.measure,
			breaks: result.map.breaks,
			approximate: result.approximate
		}
	);
}

export function gridGeoJson(grid: MapGrid) {
	return collection(
		grid.cells.map((c) => ({
			type: 'Feature',
			geometry: { type: 'Polygon', coordinates: [c.ring] },
			properties: {
				id: c.id,
				easting: c.easting,
				northing: c.northing,
				count: c.count,
				z: c.z,
				hotSpot: c.significance.kind,
				confidence: c.significance.confidence,
				hotSpotClass: c.hotSpotClass
			}
		})),
		{ shape: grid.spec.shape, size: grid.spec.size, cellCount: grid.cellCount, eventCount: grid.eventCount, unlocated: grid.unlocated }
	);
}

export function pointsGeoJson(result: MapPoints) {
	return collection(
		result.points.map((p) => ({
			type: 'Feature',
			id: p.id,
			geometry: { type: 'Point', coordinates: [p.longitude, p.latitude] },
			properties: { category: p.category, categoryName: p.categoryName, date: p.occurredOn }
		})),
		{ located: result.located, unlocated: result.unlocated, truncated: result.truncated }
	);
}

/** The hot spot cells over the areas' outlines as one server-drawn SVG (cls: the hot spot class + 3, 0–6). */
export function hotSpotMap(areas: MapArea[], grid: MapGrid): ChoroplethMap & { outlines: number } {
	const map = choropleth([
		...areas.map((a) => ({ id: `area-${a.id}`, name: a.name, geometry: a.geometry, value: null })),
		...grid.cells.map((c) => ({ id: `cell-${c.id}`, name: c.id, geometry: { type: 'Polygon' as const, coordinates: [c.ring] }, value: c.count }))
	]);
	map.shapes = map.shapes.map((s, i) => (i < areas.length ? s : { ...s, cls: grid.cells[i - areas.length].hotSpotClass + 3 }));
	return { ...map, outlines: areas.length };
}
