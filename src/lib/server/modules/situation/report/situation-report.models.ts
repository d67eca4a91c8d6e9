/**
 * Pure rules of the lägesbild document (Lag (2023:196) § 4): the shape of its frozen figures,
 * what counts as otrygghet or socioeconomics among the indicators, the renewal date, the
 * public version with small counts hidden, and the input checks with Swedish messages.
 */
import { z } from 'zod';
import type { ChoroplethMap } from '../analysis/map.models';
import { Disclosure } from '../../../platform/disclosure';
import { isLocalSourceTable, suppressLocalSourceTable } from './local-sources.models';

export const REPORT_STATUSES = ['utkast', 'antagen'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The written sections, in the document's order (focus areas come last, on their own). */
export const REPORT_SECTIONS = [
	{ field: 'summary', heading: 'Sammanfattning' },
	{ field: 'sourcesUsed', heading: 'Källor och begränsningar' },
	{ field: 'crimeText', heading: 'Brott per område' },
	{ field: 'unsafetyText', heading: 'Otrygghet' },
	{ field: 'socioeconomicText', heading: 'Socioekonomiska förutsättningar' },
	{ field: 'analysisText', heading: 'Analys' }
] as const;
export type SectionField = (typeof REPORT_SECTIONS)[number]['field'] | 'sourcesLeftOut';

export const FOCUS_AREAS_HEADING = 'Fokusområden';

// ---------------------------------------------------------------------------------------
// Figures: what the document shows next to its text, and what adoption freezes
// ---------------------------------------------------------------------------------------

export interface CrimeImportSource {
	fileName: string;
	rows: number;
	demo: boolean;
	importedOn: string;
}

export interface IndicatorSource {
	source: string;
	licence: string;
	indicators: string[];
	values: number;
	firstPeriod: string;
	lastPeriod: string;
	survey: boolean;
	demo: boolean;
}

export interface IndicatorTable {
	indicator: string;
	name: string;
	unit: string;
	source: string;
	periods: string[];
	rows: { place: string; values: (number | null)[]; respondents: (number | null)[] }[];
}

export interface ComparisonRow {
	indicator: string;
	name: string;
	unit: string;
	period: string;
	municipality: number | null;
	county: number | null;
	country: number | null;
}

export interface FocusAreaFigures {
	areas: { id: string; name: string }[];
	categories: { id: string; name: string }[];
	years: number[];
	rows: { areaId: string; areaName: string; counts: (number | null)[]; rates: (number | null)[] }[];
	indicators: IndicatorTable[];
}

export interface SituationFigures {
	computedAt: string;
	period: { from: string; to: string };
	sources: {
		crimeImports: CrimeImportSource[];
		events: number;
		demoEvents: number;
		firstYear: number | null;
		lastYear: number | null;
		areas: { kind: string; count: number; approximate: number }[];
		indicators: IndicatorSource[];
		/** The walks' findings and EST reports counted in the otrygghet section (absent in snapshots adopted before them). */
		localSources?: { name: string; limits: string }[];
	};
	areaKind: string | null;
	perArea: { id: string; name: string; population: number | null; count: number | null; rate: number | null }[];
	map: ChoroplethMap;
	approximateAreas: boolean;
	categoryTotals: { id: string; name: string; count: number | null }[];
	trend: { years: number[]; totals: (number | null)[]; rates: (number | null)[]; rows: { id: string; name: string; counts: (number | null)[] }[] };
	unsafety: IndicatorTable[];
	socioeconomic: IndicatorTable[];
	comparison: ComparisonRow[];
	/** Keyed by the lägesbild's focus area id. */
	focusAreas: Record<string, FocusAreaFigures>;
}

const UNSAFETY = /trygg|oro|rädd|utsatt|brottsutsatt|otrygg/i;
const CRIME = /brott|anmäld|våld|stöld|inbrott|rån|misshandel/i;

/** Which section an indicator belongs in: surveys and safety questions are otrygghet, reported crime is the comparison, the rest socioeconomics. */
export function indicatorGroup(value: { indicator: string; name: string; respondents: number | null }): 'unsafety' | 'crime' | 'socioeconomic' {
	if (value.respondents !== null || UNSAFETY.test(value.name) || UNSAFETY.test(value.indicator)) return 'unsafety';
	if (CRIME.test(value.name)) return 'crime';
	return 'socioeconomic';
}

/** How the "used sources" section names a source Förebygg counts itself (walks, EST), with its limits. */
export function localSourceLine(source: { name: string; limits: string }): string {
	return `${source.name}: räknade per område, kategori och månad under perioden. Begränsningar: ${source.limits}`;
}

/** The text the "used sources" section starts from: what the database actually holds. */
export function sourcesText(sources: SituationFigures['sources']): string {
	const lines: string[] = [];
	if (sources.events > 0) {
		const years = sources.firstYear === sources.lastYear ? `${sources.firstYear}` : `${sources.firstYear}–${sources.lastYear}`;
		lines.push(
			`Polisanmälda brott: ${sources.events.toLocaleString('sv-SE')} händelser ${years} ur ${sources.crimeImports.length} ${sources.crimeImports.length === 1 ? 'utdrag' : 'utdrag'} (${sources.crimeImports.map((i) => i.fileName).join(', ')}).`
		);
		if (sources.demoEvents > 0) lines.push(`Varav ${sources.demoEvents.toLocaleString('sv-SE')} är syntetiska demodata, inte verklig statistik.`);
	} else lines.push('Inga polisanmälda brott är inlästa.');
	for (const s of sources.indicators) {
		const period = s.firstPeriod === s.lastPeriod ? s.firstPeriod : `${s.firstPeriod}–${s.lastPeriod}`;
		lines.push(
			`${s.source}${s.survey ? ' (enkät)' : ''}: ${s.indicators.join('; ')}, ${period}, ${s.values} värden${s.licence ? `, licens: ${s.licence}` : ''}.`
		);
	}
	for (const s of sources.localSources ?? []) lines.push(localSourceLine(s));
	const areas = sources.areas.filter((a) => a.count > 0);
	if (areas.length)
		lines.push(
			`Områden: ${areas.map((a) => `${a.count} ${AREA_KIND_NAMES[a.kind] ?? a.kind}${a.approximate ? ` (${a.approximate} ungefärligt avgränsade)` : ''}`).join(', ')}.`
		);
	return lines.join('\n');
}

const AREA_KIND_NAMES: Record<string, string> = { kommun: 'kommunområde', regso: 'RegSO', deso: 'DeSO', egen: 'egna områden' };

/**
 * Public figures through the one disclosure rule (platform/disclosure): counts under `limit`
 * are hidden, and so is every count that would let a hidden one be worked out — from a year's
 * total, from the period's total that both the areas and the categories add up to, or from the
 * same figure shown in another table (a focus area's row, the trend's column for the period's
 * year). Rates go with their counts, the map loses the colour of hidden areas, and survey values
 * from fewer than `limit` respondents are hidden too. Never points: the figures hold none.
 */
export function suppressFigures(figures: SituationFigures, limit: number): SituationFigures {
	const d = new Disclosure(limit);
	const { from, to } = figures.period;
	const lastYear = Number(to.slice(0, 4));
	const years = figures.trend.years;
	const trendCount = new Map<string, number>();
	years.forEach((y, i) => {
		d.count(`y:${y}`, figures.trend.totals[i] ?? 0);
		trendCount.set(`y:${y}`, figures.trend.totals[i] ?? 0);
		for (const row of figures.trend.rows) {
			d.count(`c:${row.id}:${y}`, row.counts[i] ?? 0);
			trendCount.set(`c:${row.id}:${y}`, row.counts[i] ?? 0);
		}
		d.sum(
			`y:${y}`,
			figures.trend.rows.map((r) => `c:${r.id}:${y}`)
		);
	});
	// A count shown elsewhere too is the same key when it is the same figure (same value).
	const sameAs = (key: string, n: number, fallback: string) => (trendCount.get(key) === n ? key : fallback);
	const yearStart = from === `${lastYear}-01-01`;
	const yearEnd = to === `${lastYear}-12-31`;

	// The period: its categories and its areas add up to the same total.
	const periodTotal = figures.categoryTotals.reduce((sum, c) => sum + (c.count ?? 0), 0);
	const period = yearStart && yearEnd ? sameAs(`y:${lastYear}`, periodTotal, 'period') : 'period';
	if (period === 'period') d.hiddenTotal('period', periodTotal);
	const categoryKey = (c: { id: string; count: number | null }) =>
		period === 'period' ? `p:${c.id}` : sameAs(`c:${c.id}:${lastYear}`, c.count ?? 0, `p:${c.id}`);
	for (const c of figures.categoryTotals) d.count(categoryKey(c), c.count ?? 0);
	d.sum(period, figures.categoryTotals.map(categoryKey));
	for (const a of figures.perArea) d.count(`a:${a.id}`, a.count ?? 0);
	// As if the areas tiled the municipality: when they do not, hiding more is harmless.
	d.sum(
		period,
		figures.perArea.map((a) => `a:${a.id}`)
	);

	// Focus areas: crimes per year in their places and categories, up to the period's end.
	const areaCount = new Map(figures.perArea.map((a) => [a.id, a.count ?? 0]));
	const focusKey = (focusId: string, f: FocusAreaFigures, areaId: string, year: number, n: number) => {
		const own = `f:${focusId}:${areaId}:${year}`;
		const fullYear = year < lastYear || yearEnd;
		if (f.categories.length === 0) {
			if (year === lastYear && yearStart && areaCount.get(areaId) === n) return `a:${areaId}`;
			return fullYear ? sameAs(`y:${year}`, n, own) : own;
		}
		if (f.categories.length === 1 && fullYear) return sameAs(`c:${f.categories[0].id}:${year}`, n, own);
		return own;
	};
	for (const [focusId, f] of Object.entries(figures.focusAreas))
		for (const r of f.rows) f.years.forEach((y, i) => d.count(focusKey(focusId, f, r.areaId, y, r.counts[i] ?? 0), r.counts[i] ?? 0));

	const shown = d.solve();
	const perArea = figures.perArea.map((a) => (shown.hidden(`a:${a.id}`) ? { ...a, count: null, rate: null } : a));
	const hiddenAreas = new Set(perArea.filter((a) => a.count === null).map((a) => a.id));
	const table = (t: IndicatorTable): IndicatorTable => (isLocalSourceTable(t) ? suppressLocalSourceTable(t, limit) : indicatorTable(t));
	const indicatorTable = (t: IndicatorTable): IndicatorTable => ({
		...t,
		rows: t.rows.map((r) => ({ ...r, values: r.values.map((v, i) => (r.respondents[i] !== null && r.respondents[i]! < limit ? null : v)) }))
	});
	return {
		...figures,
		perArea,
		map: { ...figures.map, shapes: figures.map.shapes.map((s) => (hiddenAreas.has(s.id) ? { ...s, value: null, cls: null } : s)) },
		categoryTotals: figures.categoryTotals.map((c) => ({ ...c, count: shown.value(categoryKey(c)) })),
		trend: {
			...figures.trend,
			totals: years.map((y) => shown.value(`y:${y}`)),
			rates: figures.trend.rates.map((rate, i) => (shown.hidden(`y:${years[i]}`) ? null : rate)),
			rows: figures.trend.rows.map((r) => ({ ...r, counts: years.map((y) => shown.value(`c:${r.id}:${y}`)) }))
		},
		unsafety: figures.unsafety.map(table),
		socioeconomic: figures.socioeconomic.map(table),
		focusAreas: Object.fromEntries(
			Object.entries(figures.focusAreas).map(([focusId, f]) => [
				focusId,
				{
					...f,
					rows: f.rows.map((r) => {
						const keys = f.years.map((y, i) => focusKey(focusId, f, r.areaId, y, r.counts[i] ?? 0));
						return { ...r, counts: keys.map((k) => shown.value(k)), rates: r.rates.map((rate, i) => (shown.hidden(keys[i]) ? null : rate)) };
					}),
					indicators: f.indicators.map(table)
				}
			])
		)
	};
}

// ---------------------------------------------------------------------------------------
// Renewal
// ---------------------------------------------------------------------------------------

/** The day an adopted lägesbild is due for renewal: the adoption date plus the cycle. */
export function renewalDueOn(adoptedOn: string, months: number): string {
	const [y, m, d] = adoptedOn.split('-').map(Number);
	const target = new Date(Date.UTC(y, m - 1 + months, 1));
	// The same day of the month, or the month's last day (2024-08-31 + 6 months → 2025-02-28).
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
	target.setUTCDate(Math.min(d, lastDay));
	return target.toISOString().slice(0, 10);
}

const DAY = 24 * 60 * 60 * 1000;

export interface RenewalState {
	dueOn: string;
	daysLeft: number;
	/** Within the notice period or past the due date: time to start the next lägesbild. */
	due: boolean;
	overdue: boolean;
}

export function renewalState(adoptedOn: string, today: string, config: { situationRenewalMonths: number; situationRenewalNoticeDays: number }): RenewalState {
	const dueOn = renewalDueOn(adoptedOn, config.situationRenewalMonths);
	const daysLeft = Math.round((Date.parse(dueOn) - Date.parse(today)) / DAY);
	return { dueOn, daysLeft, due: daysLeft <= config.situationRenewalNoticeDays, overdue: daysLeft < 0 };
}

// ---------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------

const isoDate = z
	.string()
	.trim()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Ange datumet som ÅÅÅÅ-MM-DD.')
	.refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().slice(0, 10) === s, 'Datumet finns inte.');

const longText = (max: number) => z.string().max(max, `Högst ${max.toLocaleString('sv-SE')} tecken.`);

export const reportHeadSchema = z
	.object({
		title: z.string().trim().min(1, 'Ge lägesbilden en rubrik.').max(300, 'Rubriken får vara högst 300 tecken.'),
		periodFrom: isoDate,
		periodTo: isoDate
	})
	.refine((v) => v.periodFrom <= v.periodTo, { path: ['periodTo'], message: 'situation.period_end_before_start' });

export const reportSectionsSchema = z.object({
	summary: longText(50_000),
	sourcesUsed: longText(50_000),
	sourcesLeftOut: longText(50_000),
	crimeText: longText(50_000),
	unsafetyText: longText(50_000),
	socioeconomicText: longText(50_000),
	analysisText: longText(50_000)
});

export const focusAreaInputSchema = z.object({
	title: z.string().trim().min(1, 'Ge fokusområdet en rubrik.').max(300, 'Rubriken får vara högst 300 tecken.'),
	rationale: longText(50_000),
	problems: z.array(z.string().trim().min(1).max(2000, 'Ett problem får vara högst 2 000 tecken.')).max(50, 'Högst 50 problem per fokusområde.'),
	areaIds: z.array(z.string().uuid('Okänt område.')).max(500),
	categories: z.array(z.string()).max(50)
});

export const adoptionSchema = z.object({
	body: z.string().trim().min(1, 'Ange vilket organ som antog lägesbilden, till exempel kommunstyrelsen.').max(200, 'Högst 200 tecken.'),
	date: isoDate,
	paragraph: z.string().trim().max(50, 'Högst 50 tecken.')
});

export type ReportHeadInput = z.input<typeof reportHeadSchema>;
export type ReportSectionsInput = z.input<typeof reportSectionsSchema>;
export type FocusAreaInput = z.input<typeof focusAreaInputSchema>;
export type AdoptionInput = z.input<typeof adoptionSchema>;
