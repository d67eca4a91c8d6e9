/**
 * Indicator values side by side: the municipality against its county and the country per
 * year (Kolada and Brå give all three), the breakdown by sex and age group where the source has
 * it, and the values per area (surveys). Pure: stored rows in, tables for the page out.
 */

export interface StoredIndicatorValue {
	indicator: string;
	name: string;
	areaId: string | null;
	areaName: string | null;
	regionCode: string | null;
	period: string;
	sex: string;
	ageGroup: string;
	value: number | null;
	unit: string;
	respondents: number | null;
	source: string;
	licence: string;
	demo: boolean;
}

export type Level = 'kommun' | 'lan' | 'riket';
export const LEVELS: Level[] = ['kommun', 'lan', 'riket'];

/** A value as the source gave it; `value: null` is a suppressed figure, a missing cell is null. */
export type Cell = { value: number | null; respondents: number | null } | null;

export interface ComparisonRow {
	period: string;
	sex: string;
	ageGroup: string;
	cells: Record<Level, Cell>;
	/** The municipality against the country, in per cent of the country's value. */
	kommunVsRiket: number | null;
}

export interface AreaValueRow {
	where: string;
	period: string;
	sex: string;
	ageGroup: string;
	value: number | null;
	respondents: number | null;
}

export interface IndicatorComparison {
	indicator: string;
	name: string;
	unit: string;
	demo: boolean;
	/** "Källa. Licens" of every value shown, without repeats. */
	sources: { source: string; licence: string }[];
	/** Totals (sex T, all ages) per period. */
	levels: ComparisonRow[];
	/** Per sex and age group, when the source breaks the figure down. */
	breakdown: ComparisonRow[];
	/** Per area of the municipality, and regions that are neither the municipality, its county nor the country. */
	areas: AreaValueRow[];
}

const SEX_ORDER: Record<string, number> = { T: 0, K: 1, M: 2 };

/** Age groups in their natural order: 'totalt' first, then by the first number ("0-4" before "15-24"). */
export function compareAgeGroups(a: string, b: string): number {
	if (a === b) return 0;
	if (a === 'totalt') return -1;
	if (b === 'totalt') return 1;
	const na = Number(a.match(/^\d+/)?.[0] ?? Number.NaN);
	const nb = Number(b.match(/^\d+/)?.[0] ?? Number.NaN);
	if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
	return a.localeCompare(b, 'sv');
}

export function compareIndicators(values: StoredIndicatorValue[], municipality: { scbCode: string; countyCode: string }): IndicatorComparison[] {
	const levelOf = (v: StoredIndicatorValue): Level | null => {
		if (v.areaId) return null;
		if (v.regionCode === municipality.scbCode) return 'kommun';
		// Kolada writes a county as '00' + its code; Brå's tables give the two digits alone.
		if (v.regionCode === `00${municipality.countyCode}` || v.regionCode === municipality.countyCode) return 'lan';
		if (v.regionCode === '0000' || v.regionCode === '00') return 'riket';
		return null;
	};
	const byIndicator = new Map<string, StoredIndicatorValue[]>();
	for (const v of values) byIndicator.set(v.indicator, [...(byIndicator.get(v.indicator) ?? []), v]);

	return [...byIndicator.entries()].map(([indicator, list]) => {
		const rows = new Map<string, ComparisonRow>();
		const areas: AreaValueRow[] = [];
		for (const v of list) {
			const level = levelOf(v);
			if (!level) {
				areas.push({ where: v.areaName ?? v.regionCode ?? '', period: v.period, sex: v.sex, ageGroup: v.ageGroup, value: v.value, respondents: v.respondents });
				continue;
			}
			const key = `${v.period}\u0000${v.sex}\u0000${v.ageGroup}`;
			const row = rows.get(key) ?? { period: v.period, sex: v.sex, ageGroup: v.ageGroup, cells: { kommun: null, lan: null, riket: null }, kommunVsRiket: null };
			row.cells[level] = { value: v.value, respondents: v.respondents };
			rows.set(key, row);
		}
		for (const row of rows.values()) {
			const k = row.cells.kommun?.value;
			const r = row.cells.riket?.value;
			row.kommunVsRiket = typeof k === 'number' && typeof r === 'number' && r !== 0 ? Math.round(((k - r) / r) * 1000) / 10 : null;
		}
		const order = (a: { period: string; sex: string; ageGroup: string }, b: { period: string; sex: string; ageGroup: string }) =>
			a.period.localeCompare(b.period) || compareAgeGroups(a.ageGroup, b.ageGroup) || (SEX_ORDER[a.sex] ?? 9) - (SEX_ORDER[b.sex] ?? 9);
		const all = [...rows.values()].sort(order);
		const sources = new Map(list.map((v) => [`${v.source}\u0000${v.licence}`, { source: v.source, licence: v.licence }]));
		return {
			indicator,
			name: list[0].name,
			unit: list[0].unit,
			demo: list.some((v) => v.demo),
			sources: [...sources.values()],
			levels: all.filter((r) => r.sex === 'T' && r.ageGroup === 'totalt'),
			breakdown: all.filter((r) => r.sex !== 'T' || r.ageGroup !== 'totalt'),
			areas: areas.sort((a, b) => a.where.localeCompare(b.where, 'sv') || order(a, b))
		};
	});
}
