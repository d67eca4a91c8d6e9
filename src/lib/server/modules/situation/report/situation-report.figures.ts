/**
 * The live figures of a lägesbild, computed through the analysis use cases (crimeStatistics,
 * situationOverview, listIndicators) so the document shows exactly what the analysis page
 * shows. Adoption stores the result as the frozen snapshot.
 */
import type { Db } from '../../../db/client';
import type { Actor } from '../../../platform/authz';
import { choropleth } from '../analysis/map.models';
import {
	indicatorGroup,
	type ComparisonRow,
	type FocusAreaFigures,
	type IndicatorSource,
	type IndicatorTable,
	type SituationFigures
} from './situation-report.models';
import { categoryName } from '../situation.models';
import { crimeImportOverview } from '../crimes/crimes.usecases';
import { crimeStatistics, situationOverview } from '../analysis/statistics.usecases';
import { listIndicators } from '../indicators/indicators.usecases';
import { localSourceTables } from './local-sources';
import { LOCAL_SOURCES } from './local-sources.models';

type IndicatorRow = Awaited<ReturnType<typeof listIndicators>>[number];

export interface FiguresMunicipality {
	id: string;
	name: string;
	scbCode: string;
	county: string;
	countyCode: string;
}

export interface FiguresFocusArea {
	id: string;
	areaIds: string[];
	categories: string[];
}

function placeName(row: IndicatorRow, municipality: FiguresMunicipality): string {
	if (row.areaName) return row.areaName;
	if (row.regionCode === municipality.scbCode) return municipality.name;
	if (row.regionCode === `00${municipality.countyCode}`) return municipality.county;
	if (row.regionCode === '0000') return 'Riket';
	return row.regionCode ?? '';
}

/** One table per indicator: places down, periods across (sex T, all ages: the comparable totals). */
export function indicatorTables(rows: IndicatorRow[], municipality: FiguresMunicipality): IndicatorTable[] {
	const totals = rows.filter((r) => r.sex === 'T' && r.ageGroup === 'totalt');
	const byIndicator = new Map<string, IndicatorRow[]>();
	for (const r of totals) byIndicator.set(r.indicator, [...(byIndicator.get(r.indicator) ?? []), r]);
	return [...byIndicator.values()].map((values) => {
		const periods = [...new Set(values.map((v) => v.period))].sort();
		const places = [...new Set(values.map((v) => placeName(v, municipality)))];
		// The municipality first, then its areas, the county and the country last.
		const rank = (p: string) => (p === municipality.name ? 0 : p === municipality.county ? 2 : p === 'Riket' ? 3 : 1);
		places.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'sv'));
		return {
			indicator: values[0].indicator,
			name: values[0].name,
			unit: values[0].unit,
			source: values[0].source,
			periods,
			rows: places.map((place) => {
				const at = (period: string) => values.find((v) => placeName(v, municipality) === place && v.period === period);
				return { place, values: periods.map((p) => at(p)?.value ?? null), respondents: periods.map((p) => at(p)?.respondents ?? null) };
			})
		};
	});
}

/** The municipality against its county and Sweden, latest period where the municipality has a value. */
export function comparisonRows(rows: IndicatorRow[], municipality: FiguresMunicipality): ComparisonRow[] {
	const regional = rows.filter((r) => r.areaId === null && r.sex === 'T' && r.ageGroup === 'totalt');
	const result: ComparisonRow[] = [];
	for (const indicator of [...new Set(regional.map((r) => r.indicator))]) {
		const of = regional.filter((r) => r.indicator === indicator);
		const own = of.filter((r) => r.regionCode === municipality.scbCode && r.value !== null).sort((a, b) => b.period.localeCompare(a.period))[0];
		if (!own) continue;
		const value = (code: string) => of.find((r) => r.regionCode === code && r.period === own.period)?.value ?? null;
		const county = value(`00${municipality.countyCode}`);
		const country = value('0000');
		if (county === null && country === null) continue;
		result.push({ indicator, name: own.name, unit: own.unit, period: own.period, municipality: own.value, county, country });
	}
	return result;
}

function indicatorSources(rows: IndicatorRow[]): IndicatorSource[] {
	const bySource = new Map<string, IndicatorRow[]>();
	for (const r of rows) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
	return [...bySource.entries()].map(([source, values]) => {
		const periods = values.map((v) => v.period).sort();
		return {
			source,
			licence: values[0].licence,
			indicators: [...new Set(values.map((v) => v.name))],
			values: values.length,
			firstPeriod: periods[0],
			lastPeriod: periods[periods.length - 1],
			survey: values.some((v) => v.respondents !== null),
			demo: values.every((v) => v.demo)
		};
	});
}

/** Crimes per year in the focus area's places and categories (the whole municipality when it names no place), and the indicators of those places. */
export async function computeFocusAreaFigures(options: {
	db: Db;
	actor: Actor;
	municipality: FiguresMunicipality;
	periodTo: string;
	focus: FiguresFocusArea;
	areas: { id: string; name: string; kind: string }[];
	indicators: IndicatorRow[];
}): Promise<FocusAreaFigures> {
	const { db, actor, municipality, focus } = options;
	const areaNames = new Map(options.areas.map((a) => [a.id, a.name]));
	const kommunArea = options.areas.find((a) => a.kind === 'kommun');
	const areaIds = focus.areaIds.filter((id) => areaNames.has(id));
	const targetIds = areaIds.length ? areaIds : kommunArea ? [kommunArea.id] : [];
	const categories = focus.categories.filter(Boolean);
	const stats = targetIds.length
		? await crimeStatistics({
				db,
				actor,
				municipalityId: municipality.id,
				groupBy: ['area', 'year'],
				from: null,
				to: options.periodTo,
				categories: categories.length ? categories : null
			})
		: [];
	const years = [...new Set(stats.map((r) => r.year!))].sort();
	return {
		areas: targetIds.map((id) => ({ id, name: areaNames.get(id)! })),
		categories: categories.map((id) => ({ id, name: categoryName(id) })),
		years,
		rows: targetIds.map((id) => {
			const at = (year: number) => stats.find((r) => r.area === id && r.year === year);
			return { areaId: id, areaName: areaNames.get(id)!, counts: years.map((y) => at(y)?.count ?? 0), rates: years.map((y) => at(y)?.ratePer1000 ?? null) };
		}),
		indicators: indicatorTables(
			options.indicators.filter((v) => v.areaId !== null && targetIds.includes(v.areaId)),
			municipality
		)
	};
}

export async function computeFigures(options: {
	db: Db;
	actor: Actor;
	municipality: FiguresMunicipality;
	period: { from: string; to: string };
	focusAreas: FiguresFocusArea[];
	now?: Date;
}): Promise<SituationFigures> {
	const { db, actor, municipality, period } = options;
	const municipalityId = municipality.id;
	const [overview, imports, indicators, localTables] = await Promise.all([
		situationOverview({ db, actor, municipalityId, from: period.from, to: period.to, areaKind: null, category: null }),
		crimeImportOverview({ db, actor, municipalityId }),
		listIndicators({ db, actor, municipalityId }),
		localSourceTables(db, municipalityId, period)
	]);
	const lastYear = Number(period.to.slice(0, 4));

	const rateOf = new Map(overview.perArea.map((r) => [r.area!, r]));
	const populationOf = new Map(overview.areas.map((a) => [a.id, a.population]));
	const map = choropleth(
		overview.geometries.map((g) => ({
			id: g.id,
			name: g.name,
			geometry: g.geometry,
			value: rateOf.get(g.id)?.ratePer1000 ?? (populationOf.get(g.id) ? 0 : null)
		}))
	);
	const years = [...new Set(overview.yearTotals.map((r) => r.year!))].filter((y) => y <= lastYear).sort();
	const categoriesPresent = [...new Set(overview.trend.map((r) => r.category!))].sort((a, b) => categoryName(a).localeCompare(categoryName(b), 'sv'));

	const focusAreas: Record<string, FocusAreaFigures> = {};
	for (const focus of options.focusAreas)
		focusAreas[focus.id] = await computeFocusAreaFigures({ db, actor, municipality, periodTo: period.to, focus, areas: overview.areas, indicators });

	const kinds = new Map<string, { count: number; approximate: number }>();
	for (const a of overview.areas) {
		const k = kinds.get(a.kind) ?? { count: 0, approximate: 0 };
		k.count++;
		if (a.approximate) k.approximate++;
		kinds.set(a.kind, k);
	}

	return {
		computedAt: (options.now ?? new Date()).toISOString(),
		period,
		sources: {
			crimeImports: imports.imports.map((i) => ({
				fileName: i.fileName,
				rows: i.rowsImported,
				demo: i.demo,
				importedOn: i.createdAt.toISOString().slice(0, 10)
			})),
			events: overview.span.total,
			demoEvents: overview.span.demo,
			firstYear: overview.span.min,
			lastYear: overview.span.max,
			areas: [...kinds.entries()].map(([kind, k]) => ({ kind, ...k })),
			indicators: indicatorSources(indicators),
			localSources: localTables.map((t) => {
				const source = LOCAL_SOURCES[t.indicator.split(':')[1] as keyof typeof LOCAL_SOURCES];
				return { name: source.name, limits: source.limits };
			})
		},
		areaKind: overview.areaKind,
		perArea: overview.geometries.map((g) => ({
			id: g.id,
			name: g.name,
			population: populationOf.get(g.id) ?? null,
			count: rateOf.get(g.id)?.count ?? 0,
			rate: rateOf.get(g.id)?.ratePer1000 ?? null
		})),
		map,
		approximateAreas: overview.geometries.some((g) => g.approximate),
		categoryTotals: overview.categoryTotals
			.map((r) => ({ id: r.category!, name: categoryName(r.category!), count: r.count }))
			.sort((a, b) => (b.count ?? 0) - (a.count ?? 0)),
		trend: {
			years,
			totals: years.map((y) => overview.yearTotals.find((r) => r.year === y)?.count ?? 0),
			rates: years.map((y) => overview.yearTotals.find((r) => r.year === y)?.ratePer1000 ?? null),
			rows: categoriesPresent.map((c) => ({
				id: c,
				name: categoryName(c),
				counts: years.map((y) => overview.trend.find((r) => r.category === c && r.year === y)?.count ?? 0)
			}))
		},
		unsafety: [
			...indicatorTables(
				indicators.filter((v) => indicatorGroup(v) === 'unsafety'),
				municipality
			),
			// The walks' findings and the EST reports, counted per area, category and month.
			...localTables
		],
		socioeconomic: indicatorTables(
			indicators.filter((v) => indicatorGroup(v) === 'socioeconomic'),
			municipality
		),
		comparison: comparisonRows(indicators, municipality),
		focusAreas
	};
}
