import type { Db, DbOrTx } from '../../../db/client';
import type { Actor } from '../../../platform/authz';
import { requireAccess } from '../../../platform/access';
import { recordAudit } from '../../audit/public';
import { writeCsv } from '../../../platform/files/csv';
import { colourAreas, projectAreas, type ProjectedAreas } from './map.models';
import { AREA_KINDS, categoryName, CRIME_CATEGORIES, type AreaKind, type GroupBy } from '../situation.models';
import { areasFingerprint, listAreaGeometries, listAreaRows, listPopulations } from '../areas/areas.repository';
import { countEvents, eventYears } from '../crimes/crimes.repository';
import { latestPopulations } from '../areas/areas.usecases';
import { rateContextOf, withRates, type CrimeStatRow, type RateContext } from './statistics.usecases';

/**
 * The lägesbild's analysis page: everything it shows, from the pre-aggregated counts, with the
 * choropleth's paths kept between requests. Built for a municipality with thousands of areas
 * and a million events; the page itself works without JavaScript.
 */

/** Rows of the per-area table on the page; the whole table is a CSV download. */
export const PER_AREA_LIMIT = 50;

type AreaRows = Awaited<ReturnType<typeof listAreaRows>>;
type Populations = Awaited<ReturnType<typeof listPopulations>>;

interface CachedAreas {
	fingerprint: string;
	areaRows: AreaRows;
	populations: Populations;
	projections: Map<string, { projected: ProjectedAreas; approximate: boolean }>;
}

// Per municipality: the areas, their populations and the map paths per kind, read again only when
// the fingerprint of areas and populations changes (so a stale entry is never served).
const areaCache = new Map<string, CachedAreas>();
const MAX_MUNICIPALITIES = 32;

async function cachedAreas(db: DbOrTx, municipalityId: string): Promise<CachedAreas> {
	const fingerprint = await areasFingerprint(db, municipalityId);
	const cached = areaCache.get(municipalityId);
	if (cached && cached.fingerprint === fingerprint) return cached;
	const [areaRows, populations] = await Promise.all([listAreaRows(db, municipalityId), listPopulations(db, municipalityId)]);
	const entry: CachedAreas = { fingerprint, areaRows, populations, projections: new Map() };
	areaCache.delete(municipalityId);
	areaCache.set(municipalityId, entry);
	if (areaCache.size > MAX_MUNICIPALITIES) areaCache.delete(areaCache.keys().next().value!);
	return entry;
}

async function projectedAreas(db: DbOrTx, municipalityId: string, areas: CachedAreas, kind: string) {
	let projection = areas.projections.get(kind);
	if (!projection) {
		const geometries = await listAreaGeometries(db, municipalityId, kind);
		projection = { projected: projectAreas(geometries), approximate: geometries.some((g) => g.approximate) };
		areas.projections.set(kind, projection);
	}
	return projection;
}

interface AnalysisFilter {
	from: string | null;
	to: string | null;
	areaKind: string | null;
	category: string | null;
}

/** The shared first steps: the areas, their populations, the event span and the period and kind to show. */
async function analysisBasis(db: DbOrTx, municipalityId: string, filter: AnalysisFilter) {
	const [areas, span] = await Promise.all([cachedAreas(db, municipalityId), eventYears(db, municipalityId)]);
	const { areaRows, populations } = areas;
	const kinds = AREA_KINDS.filter((k) => areaRows.some((a) => a.kind === k));
	const areaKind: AreaKind | null =
		filter.areaKind && kinds.includes(filter.areaKind as AreaKind) ? (filter.areaKind as AreaKind) : (kinds.find((k) => k !== 'kommun') ?? kinds[0] ?? null);
	const from = filter.from ?? (span.max ? `${span.max}-01-01` : null);
	const to = filter.to ?? (span.max ? `${span.max}-12-31` : null);
	const categories = filter.category ? [filter.category] : null;
	const context = rateContextOf(areaRows, populations);
	const latest = latestPopulations(populations);
	const areasOfKind = areaRows.filter((a) => a.kind === areaKind).map((a) => ({ id: a.id, code: a.code, name: a.name, population: latest.get(a.id) ?? null }));
	const stats = (groupBy: GroupBy[], period: { from: string | null; to: string | null }, extra: { areaKind?: string | null; areaIds?: string[] } = {}) =>
		countEvents(db, groupBy, { municipalityId, from: period.from, to: period.to, categories, ...extra }).then((raw) =>
			withRates(raw, groupBy, context, period.to)
		);
	return { kinds, areaKind, from, to, span, context, areasOfKind, stats, areas };
}

export interface AreaFigures {
	id: string;
	code: string;
	name: string;
	population: number | null;
	count: number;
	rate: number | null;
}

function perAreaFigures(areasOfKind: { id: string; code: string; name: string; population: number | null }[], perArea: CrimeStatRow[]): AreaFigures[] {
	const byId = new Map(perArea.map((r) => [r.area!, r]));
	return areasOfKind.map((a) => ({ ...a, count: byId.get(a.id)?.count ?? 0, rate: byId.get(a.id)?.ratePer1000 ?? null }));
}

// One collator: localeCompare with a locale builds one per call, seconds over thousands of ties.
const swedish = new Intl.Collator('sv');

/** Highest rate first (areas without a population last), then most events, then by name. */
function byRate(a: AreaFigures, b: AreaFigures) {
	return (b.rate ?? -1) - (a.rate ?? -1) || b.count - a.count || swedish.compare(a.name, b.name);
}

function yearTotalsOf(trend: CrimeStatRow[], context: RateContext): CrimeStatRow[] {
	const totals = new Map<number, number>();
	for (const r of trend) totals.set(r.year!, (totals.get(r.year!) ?? 0) + r.count);
	// Every event has one category, so the years' totals are the sums of the category rows.
	const raw = [...totals].sort(([a], [b]) => a - b).map(([year, count]) => ({ year, count }));
	return withRates(raw, ['year'], context, null);
}

/** Everything the analysis page shows, computed on the server. */
export async function situationAnalysis(options: { db: Db; actor: Actor; municipalityId: string; limit?: number } & AnalysisFilter) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'situation.read', { municipalityId });
	const limit = options.limit ?? PER_AREA_LIMIT;
	const basis = await analysisBasis(db, municipalityId, options);
	const { areaKind, from, to, stats, context } = basis;
	const period = { from, to };
	const [perArea, trend, grid, months, categoryTotals, projection] = await Promise.all([
		// Every area, without joining the areas for their kind: perAreaFigures keeps those of the kind.
		areaKind ? stats(['area'], period) : Promise.resolve([]),
		stats(['category', 'year'], { from: null, to: null }),
		stats(['weekday', 'hour'], period),
		stats(['month'], period),
		stats(['category'], period),
		areaKind ? projectedAreas(db, municipalityId, basis.areas, areaKind) : Promise.resolve(null)
	]);
	const figures = perAreaFigures(basis.areasOfKind, perArea);
	const shown = [...figures].sort(byRate).slice(0, limit);
	const byCategory = shown.length ? await stats(['area', 'category'], period, { areaKind, areaIds: shown.map((a) => a.id) }) : [];
	const categoriesOf = new Map<string, Record<string, number>>();
	for (const r of byCategory) {
		if (!categoriesOf.has(r.area!)) categoriesOf.set(r.area!, {});
		categoriesOf.get(r.area!)![r.category!] = r.count;
	}
	const valueOf = new Map(figures.map((f) => [f.id, f.rate ?? (f.count === 0 && f.population ? 0 : null)]));
	const map = projection ? colourAreas(projection.projected, (id) => valueOf.get(id) ?? null) : colourAreas({ width: 640, height: 0, paths: [] }, () => null);
	const yearTotals = yearTotalsOf(trend, context);
	const categoriesPresent = [...new Set(trend.map((r) => r.category!))].sort((a, b) => swedish.compare(categoryName(a), categoryName(b)));
	const years = yearTotals.map((r) => r.year!);
	const trendCount = new Map(trend.map((r) => [`${r.category}\u0000${r.year}`, r.count]));
	const gridCells = grid.map((r) => ({ weekday: r.weekday!, hour: r.hour ?? null, count: r.count }));
	const monthCounts = new Map(months.map((m) => [m.month!, m.count]));
	return {
		filter: { from, to, kind: areaKind, category: options.category },
		kinds: basis.kinds,
		span: basis.span,
		categories: CRIME_CATEGORIES.map((c) => ({ id: c.id, name: c.name })),
		map,
		approximate: projection?.approximate ?? false,
		perArea: {
			rows: shown.map((a) => ({ ...a, byCategory: categoriesOf.get(a.id) ?? {} })),
			total: figures.length,
			limit
		},
		categoryTotals: categoryTotals.map((r) => ({ id: r.category!, name: categoryName(r.category!), count: r.count })).sort((a, b) => b.count - a.count),
		trend: {
			years,
			rows: categoriesPresent.map((c) => ({ id: c, name: categoryName(c), counts: years.map((y) => trendCount.get(`${c}\u0000${y}`) ?? 0) })),
			totals: yearTotals.map((r) => r.count),
			rates: yearTotals.map((r) => r.ratePer1000)
		},
		grid: gridCells,
		months: Array.from({ length: 12 }, (_, i) => monthCounts.get(i + 1) ?? 0)
	};
}

/** Numbers with a decimal comma; the shared writer quotes and neutralises the text (area names come from uploaded files). */
const csvCell = (value: string | number | null) => (typeof value === 'number' ? String(value).replace('.', ',') : value);

/**
 * The whole per-area table of the page (every area of the kind, every category) as CSV in the
 * Swedish Excel dialect (semicolons, decimal comma, a byte-order mark); the export is audited.
 */
export async function exportAreaTable(options: { db: Db; actor: Actor; municipalityId: string; ip: string | null } & AnalysisFilter) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'situation.read', { municipalityId });
	const basis = await analysisBasis(db, municipalityId, options);
	const { areaKind, from, to, stats } = basis;
	const [perArea, byCategory] = areaKind
		? await Promise.all([stats(['area'], { from, to }, { areaKind }), stats(['area', 'category'], { from, to }, { areaKind })])
		: [[], []];
	const figures = perAreaFigures(basis.areasOfKind, perArea).sort(byRate);
	const categories = [...new Set(byCategory.map((r) => r.category!))].sort((a, b) => swedish.compare(categoryName(a), categoryName(b)));
	const counts = new Map(byCategory.map((r) => [`${r.area}\u0000${r.category}`, r.count]));
	const header = ['Område', 'Kod', 'Områdestyp', 'Invånare', 'Brott', 'Per 1 000 invånare', ...categories.map(categoryName), 'Från', 'Till'];
	const lines = [header.map(csvCell)];
	for (const a of figures)
		lines.push(
			[
				a.name,
				a.code,
				areaKind,
				a.population,
				a.count,
				a.rate === null ? null : a.rate.toFixed(1).replace('.', ','),
				...categories.map((c) => counts.get(`${a.id}\u0000${c}`) ?? 0),
				from,
				to
			].map(csvCell)
		);
	await db.transaction((tx) =>
		recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'situation.area_table.exported',
				entityType: 'areas',
				municipalityId,
				changes: {
					kind: { before: null, after: areaKind },
					from: { before: null, after: from },
					to: { before: null, after: to },
					category: { before: null, after: options.category },
					areas: { before: null, after: figures.length }
				}
			}
		)
	);
	return {
		body: new TextEncoder().encode(writeCsv(lines)),
		contentType: 'text/csv; charset=utf-8',
		fileName: `brott-per-omrade-${areaKind ?? 'alla'}-${from ?? ''}-${to ?? ''}.csv`
	};
}
