/**
 * Local sources of the lägesbild's otrygghet section (issue 13 and 14): the findings of safety
 * walks and the EST reports of the partners, counted per area, category and month. Each becomes a
 * table (rows area – category, columns the months and the total, a last row for all), named with
 * its source, and its limits are written into "Källor och begränsningar". The public version hides
 * small counts with the one disclosure rule (platform/disclosure), margins included. Pure: the
 * database side is local-sources.ts.
 */
import { Disclosure } from '../../../platform/disclosure';
import type { IndicatorTable } from './situation-report.models';

export const LOCAL_SOURCE_PREFIX = 'kalla:';
export const ALL_ROW = 'Alla områden och kategorier';
export const TOTAL_COLUMN = 'Totalt';
export const NO_AREA = 'Utan område';

export interface LocalSource {
	id: 'walks' | 'est';
	name: string;
	limits: string;
}

export const LOCAL_SOURCES: Record<LocalSource['id'], LocalSource> = {
	walks: {
		id: 'walks',
		name: 'Trygghetsvandringar (brister registrerade i Förebygg)',
		limits:
			'Brister från trygghetsvandringar visar var deltagarna gick och vad de såg vid ett tillfälle, oftast en kväll: platser utanför rutten saknas, och fler brister i ett område kan betyda fler vandringar där snarare än större otrygghet. Räknat per vandringens område och månad; avvisade brister och återbesökens kontroller räknas inte.'
	},
	est: {
		id: 'est',
		name: 'EST – rapporter från samverkanspartner (Förebygg)',
		limits:
			'EST-rapporter beskriver platser och händelser som partnerna (fastighetsägare, polis, kommunens verksamheter) själva har sett och valt att rapportera. Antalet följer hur många som rapporterar och hur ofta, inte bara läget, och platser utan partner syns mindre. Räknat per rapportens område och den månad händelsen inträffade.'
	}
};

/** The months of the period as YYYY-MM, first to last. */
export function monthsOf(from: string, to: string): string[] {
	const months: string[] = [];
	let [y, m] = from.slice(0, 7).split('-').map(Number);
	const [ty, tm] = to.slice(0, 7).split('-').map(Number);
	while (y < ty || (y === ty && m <= tm)) {
		months.push(`${y}-${String(m).padStart(2, '0')}`);
		[y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
	}
	return months;
}

/**
 * The count table of one source: a row per area and category (those with any count), a column per
 * month and the total, and a last row for all. Null when the source has nothing in the period.
 */
export function localSourceTable(
	source: LocalSource,
	items: { area: string; category: string; month: string }[],
	period: { from: string; to: string },
	what: string
): IndicatorTable | null {
	const months = monthsOf(period.from, period.to);
	const column = new Map(months.map((m, i) => [m, i]));
	const rows = new Map<string, number[]>();
	for (const item of items) {
		const c = column.get(item.month);
		if (c === undefined) continue;
		const key = `${item.area} – ${item.category}`;
		const row = rows.get(key) ?? new Array<number>(months.length).fill(0);
		row[c]++;
		rows.set(key, row);
	}
	if (rows.size === 0) return null;
	const sorted = [...rows.entries()].sort(([a], [b]) => a.localeCompare(b, 'sv'));
	const sum = (values: number[]) => values.reduce((s, n) => s + n, 0);
	const columnTotals = months.map((_, c) => sum(sorted.map(([, row]) => row[c])));
	const withTotal = (values: number[]) => [...values, sum(values)];
	return {
		indicator: `${LOCAL_SOURCE_PREFIX}${source.id}`,
		name: `${what} per område, kategori och månad`,
		unit: 'antal',
		source: source.name,
		periods: [...months, TOTAL_COLUMN],
		rows: [
			...sorted.map(([place, row]) => ({ place, values: withTotal(row), respondents: withTotal(row).map(() => null) })),
			{ place: ALL_ROW, values: withTotal(columnTotals), respondents: withTotal(columnTotals).map(() => null) }
		]
	};
}

export const isLocalSourceTable = (t: IndicatorTable) => t.indicator.startsWith(LOCAL_SOURCE_PREFIX);

/**
 * A local source's table through the disclosure rule: each count under `limit` is hidden, and so
 * is whatever would give it away through the row totals, the month totals of the last row or the
 * grand total (they are all published).
 */
export function suppressLocalSourceTable(t: IndicatorTable, limit: number): IndicatorTable {
	const body = t.rows.slice(0, -1);
	const months = t.periods.length - 1;
	const d = new Disclosure(limit);
	const cell = (r: number, c: number) => `${r}:${c}`;
	const rowTotal = (r: number) => `r${r}`;
	const columnTotal = (c: number) => `c${c}`;
	body.forEach((row, r) => {
		for (let c = 0; c < months; c++) d.count(cell(r, c), row.values[c] ?? 0);
		d.count(rowTotal(r), row.values[months] ?? 0);
	});
	const last = t.rows[t.rows.length - 1];
	for (let c = 0; c < months; c++) d.count(columnTotal(c), last.values[c] ?? 0);
	d.count('all', last.values[months] ?? 0);
	body.forEach((_, r) =>
		d.sum(
			rowTotal(r),
			Array.from({ length: months }, (_, c) => cell(r, c))
		)
	);
	for (let c = 0; c < months; c++)
		d.sum(
			columnTotal(c),
			body.map((_, r) => cell(r, c))
		);
	d.sum(
		'all',
		body.map((_, r) => rowTotal(r))
	);
	d.sum(
		'all',
		Array.from({ length: months }, (_, c) => columnTotal(c))
	);
	const shown = d.solve();
	return {
		...t,
		rows: [
			...body.map((row, r) => ({
				...row,
				values: [...Array.from({ length: months }, (_, c) => shown.value(cell(r, c))), shown.value(rowTotal(r))]
			})),
			{ ...last, values: [...Array.from({ length: months }, (_, c) => shown.value(columnTotal(c))), shown.value('all')] }
		]
	};
}
