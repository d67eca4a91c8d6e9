import type { Db, DbOrTx } from '../../../db/client';
import { toNumber } from '../../../db/client';
import type { Actor, Principal } from '../../../platform/authz';
import { listAreas } from '../areas/areas.usecases';
import { listAreaGeometries, listAreaRows, listPopulations } from '../areas/areas.repository';
import { countEvents, eventYears, type CountFilter } from '../crimes/crimes.repository';
import { requireAccess } from '../../../platform/access';
import { AREA_KINDS, populationFor, ratePer1000, type AreaKind, type GroupBy } from '../situation.models';

export interface CrimeStatRow {
	/** The area's id (as /omraden gives it). */
	area?: string;
	/** The area's code (DeSO/RegSO code, or the municipality's own) and name, so a reader needs no second call. */
	areaCode?: string;
	areaName?: string;
	category?: string;
	year?: number;
	month?: number;
	weekday?: number;
	hour?: number | null;
	count: number;
	ratePer1000: number | null;
}

/** What turns counts into rates: each area's population per year, the names, the municipality's own area. */
export interface RateContext {
	populationByArea: Map<string, Map<number, number>>;
	names: Map<string, string>;
	codes: Map<string, string>;
	kommunId: string | null;
}

export function rateContextOf(
	areaRows: { id: string; kind: string; name: string; code?: string }[],
	populations: { areaId: string; year: number; population: number }[]
): RateContext {
	const populationByArea = new Map<string, Map<number, number>>();
	for (const p of populations) {
		if (!populationByArea.has(p.areaId)) populationByArea.set(p.areaId, new Map());
		populationByArea.get(p.areaId)!.set(p.year, p.population);
	}
	return {
		populationByArea,
		names: new Map(areaRows.map((a) => [a.id, a.name])),
		codes: new Map(areaRows.flatMap((a) => (a.code === undefined ? [] : [[a.id, a.code] as const]))),
		kommunId: areaRows.find((a) => a.kind === 'kommun')?.id ?? null
	};
}

export async function loadRateContext(db: DbOrTx, municipalityId: string): Promise<RateContext> {
	const [populations, areaRows] = await Promise.all([listPopulations(db, municipalityId), listAreaRows(db, municipalityId)]);
	return rateContextOf(areaRows, populations);
}

/**
 * Typed rows with the rate per 1,000 inhabitants of the row's area (or the municipality's kommun
 * area) in the row's year (or the last year of the period).
 */
export function withRates(raw: Record<string, unknown>[], groupBy: GroupBy[], context: RateContext, to: string | null): CrimeStatRow[] {
	const fallbackYear = to ? Number(to.slice(0, 4)) : new Date().getFullYear();
	// Rates are per person and year: grouping by month, weekday or hour shares out one year's population.
	const divisible = !groupBy.some((g) => g === 'month' || g === 'weekday' || g === 'hour');
	return raw.map((r) => {
		const row: CrimeStatRow = { count: toNumber(r.count), ratePer1000: null };
		for (const g of groupBy) {
			if (g === 'area') {
				row.area = String(r.area);
				const code = context.codes.get(row.area);
				if (code !== undefined) row.areaCode = code;
				row.areaName = context.names.get(row.area) ?? row.area;
			} else if (g === 'category') row.category = String(r.category);
			else (row as unknown as Record<string, number | null>)[g] = r[g] === null || r[g] === undefined ? null : toNumber(r[g]);
		}
		const areaId = row.area ?? context.kommunId;
		const perYear = areaId ? context.populationByArea.get(areaId) : undefined;
		row.ratePer1000 = divisible ? ratePer1000(row.count, populationFor(perYear, row.year ?? fallbackYear)) : null;
		return row;
	});
}

/**
 * Counts grouped by any of area, category, year, month, weekday, hour, with the rate per 1,000
 * inhabitants of the row's area (or the municipality's kommun area) in the row's year (or the
 * last year of the period).
 */
export async function crimeStatistics(options: {
	db: DbOrTx;
	actor: Principal;
	municipalityId: string;
	groupBy: GroupBy[];
	from: string | null;
	to: string | null;
	areaKind?: string | null;
	categories?: string[] | null;
}): Promise<CrimeStatRow[]> {
	requireAccess(options.actor, 'situation.read', { municipalityId: options.municipalityId });
	const filter: CountFilter = {
		municipalityId: options.municipalityId,
		from: options.from,
		to: options.to,
		areaKind: options.areaKind,
		categories: options.categories
	};
	const [raw, context] = await Promise.all([countEvents(options.db, options.groupBy, filter), loadRateContext(options.db, options.municipalityId)]);
	return withRates(raw, options.groupBy, context, options.to);
}

/** Everything the lägesbild page shows, computed on the server (the page works without JavaScript). */
export async function situationOverview(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	from: string | null;
	to: string | null;
	areaKind: string | null;
	category: string | null;
}) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'situation.read', { municipalityId });
	const areaList = await listAreas({ db, actor, municipalityId });
	const kinds = AREA_KINDS.filter((k) => areaList.some((a) => a.kind === k));
	const areaKind =
		options.areaKind && kinds.includes(options.areaKind as AreaKind) ? options.areaKind : (kinds.find((k) => k !== 'kommun') ?? kinds[0] ?? null);
	const span = await eventYears(db, municipalityId);
	const from = options.from ?? (span.max ? `${span.max}-01-01` : null);
	const to = options.to ?? (span.max ? `${span.max}-12-31` : null);
	const categories = options.category ? [options.category] : null;
	const common = { db, actor, municipalityId, categories };
	const [perArea, perAreaCategory, trend, yearTotals, grid, months, categoryTotals, geometries] = await Promise.all([
		areaKind ? crimeStatistics({ ...common, groupBy: ['area'], from, to, areaKind }) : Promise.resolve([]),
		areaKind ? crimeStatistics({ ...common, groupBy: ['area', 'category'], from, to, areaKind }) : Promise.resolve([]),
		crimeStatistics({ ...common, groupBy: ['category', 'year'], from: null, to: null }),
		crimeStatistics({ ...common, groupBy: ['year'], from: null, to: null }),
		crimeStatistics({ ...common, groupBy: ['weekday', 'hour'], from, to }),
		crimeStatistics({ ...common, groupBy: ['month'], from, to }),
		crimeStatistics({ ...common, groupBy: ['category'], from, to }),
		areaKind ? listAreaGeometries(db, municipalityId, areaKind) : Promise.resolve([])
	]);
	return { areas: areaList, kinds, areaKind, span, from, to, perArea, perAreaCategory, trend, yearTotals, grid, months, categoryTotals, geometries };
}
