import { z } from 'zod';
import { AppError, codedReason, type CodedReason, type ErrorParams } from '../../../platform/errors';
import { FILE_LIMITS, limitErrors } from '../../../platform/files/limits';
import { readCsv, restoreCsvCell } from '../../../platform/files/csv';

/**
 * SCB's population tables from PxWeb (e.g. BE0101Y/FolkmDesoAldKon, BE0101N1): JSON-stat2 as the
 * API returns it, or the CSV the table's page exports. Pure: text in, one row per region, year,
 * sex and age group out, with the problems of the rows that cannot be read.
 */

// Plans' parseCsv, from the shared reader directly: this module runs in a parse worker, which must
// not load the plans module (its use cases, the database client).
const parseCsv = (text: string): string[][] => readCsv(text).map((row) => row.map(restoreCsvCell));

export type PopulationSex = 'T' | 'K' | 'M';

export interface PopulationCell {
	/** As SCB writes it: DeSO "2080C1010", RegSO "2080R001", municipality "2080", county "20", "00" riket. */
	regionCode: string;
	year: number;
	sex: PopulationSex;
	/** 'totalt' or SCB's age group as written ("0-4", "80-"). */
	ageGroup: string;
	population: number;
}

export interface PopulationProblem extends CodedReason {
	/** Where in the file: the line (CSV) or the value's region and year (JSON-stat). */
	where: string;
}

const populationProblem = (where: string, code: string, params?: ErrorParams): PopulationProblem => ({ where, ...codedReason(code, params) });

export interface PopulationTable {
	cells: PopulationCell[];
	problems: PopulationProblem[];
}

/** An SCB population file that cannot be read as one: coded, so its message is in the reader's language. */
export class PopulationFileError extends AppError {
	constructor(code: string, params: ErrorParams = {}) {
		super(code, 400, params);
		this.name = 'PopulationFileError';
	}
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Kön as SCB codes and labels it: 1/män, 2/kvinnor, 1+2/totalt. */
export function sexOf(text: string): PopulationSex | null {
	const t = norm(text);
	if (['1', 'män', 'man', 'm', 'men', 'males'].includes(t)) return 'M';
	if (['2', 'kvinnor', 'kvinna', 'k', 'women', 'females'].includes(t)) return 'K';
	if (['1+2', 'totalt', 'total', 't', 'män och kvinnor', 'kvinnor och män', 'samtliga', 'båda könen', 'tot'].includes(t)) return 'T';
	return null;
}

/** "totalt", "tot", "Totalt" → 'totalt'; "0-4 år" → "0-4"; "80+ år" and "80-" stay SCB's groups. */
export function ageGroupOf(text: string): string | null {
	const t = norm(text).replace(/\s*år$/, '');
	if (['totalt', 'tot', 'total', 'samtliga åldrar', 'alla åldrar', 'totalt ålder'].includes(t)) return 'totalt';
	if (/^\d{1,3}\s*[-–]\s*(\d{1,3})?$/.test(t) || /^\d{1,3}\+$/.test(t) || /^\d{1,3}$/.test(t)) return t.replace(/\s+/g, '').replace('–', '-');
	return null;
}

/** The leading code of a region cell ("2080C1010", "2080 Falun", "2080R001 Falun Centrum", "00 Riket"). */
export function regionCodeOf(text: string): string | null {
	const first = text.trim().split(/\s+/)[0] ?? '';
	if (/^\d{4}[A-C]\d{4}$/.test(first) || /^\d{4}R\d{3}$/.test(first) || /^\d{4}$/.test(first) || /^\d{2}$/.test(first)) return first;
	return null;
}

function parseCount(value: unknown): number | null | undefined {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
	const t = String(value).replace(/[\s\u00a0]/g, '');
	if (t === '..' || t === '.' || t === '') return null;
	if (t === '-') return 0;
	return /^\d+$/.test(t) ? Number(t) : undefined;
}

// ---------------------------------------------------------------------------------------
// JSON-stat2
// ---------------------------------------------------------------------------------------

interface JsonStatDimension {
	label?: string;
	category?: { index?: Record<string, number> | string[]; label?: Record<string, string> };
}

interface JsonStat2 {
	class?: string;
	id?: string[];
	size?: number[];
	role?: { time?: string[] };
	dimension?: Record<string, JsonStatDimension>;
	value?: (number | null)[] | Record<string, number | null>;
	status?: Record<string, string> | string[];
}

// The file's own structure is checked before it is walked: any JSON can arrive, and a size of a
// billion would otherwise loop for ever.
const jsonStatShape = z.object({
	class: z.literal('dataset'),
	id: z.array(z.string()).min(1).max(12),
	size: z.array(z.number().int().min(0)),
	role: z
		.object({ time: z.array(z.string()).optional() })
		.optional()
		.catch(undefined),
	dimension: z.record(
		z.string(),
		z.object({
			label: z.string().optional().catch(undefined),
			category: z
				.object({
					index: z.union([z.record(z.string(), z.number()), z.array(z.string())]).optional(),
					label: z.record(z.string(), z.string()).optional().catch(undefined)
				})
				.optional()
		})
	),
	value: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]),
	status: z.unknown().optional()
});

function categories(dimension: JsonStatDimension): { code: string; label: string }[] {
	const index = dimension.category?.index;
	const labels = dimension.category?.label ?? {};
	const labelOf = (code: string) => (Object.hasOwn(labels, code) ? labels[code] : code);
	const codes = Array.isArray(index)
		? index
		: index
			? Object.entries(index)
					.sort((a, b) => a[1] - b[1])
					.map(([code]) => code)
			: Object.keys(labels);
	return codes.map((code) => ({ code, label: labelOf(code) ?? code }));
}

type Role = 'region' | 'year' | 'sex' | 'age' | 'contents';

function roleOf(id: string, label: string, timeIds: string[]): Role | null {
	const both = `${norm(id)} ${norm(label)}`;
	if (timeIds.includes(id) || /^(tid|år|year|time)\b/.test(norm(id)) || /^år$/.test(norm(label))) return 'year';
	if (/region|område/.test(both)) return 'region';
	if (/^kon\b|kön|sex|gender/.test(both)) return 'sex';
	if (/alder|ålder|age/.test(both)) return 'age';
	if (/contentscode|tabellinnehåll/.test(both)) return 'contents';
	return null;
}

export function parsePxWebJsonStat(text: string): PopulationTable {
	let body: JsonStat2;
	try {
		body = JSON.parse(text.replace(/^\ufeff/, ''));
	} catch {
		throw new PopulationFileError('situation.file_not_json');
	}
	const shape = jsonStatShape.safeParse(body);
	const total = shape.success ? shape.data.size.reduce((a, b) => a * b, 1) : 0;
	if (
		!shape.success ||
		shape.data.size.length !== shape.data.id.length ||
		!shape.data.id.every((id, d) => Object.hasOwn(shape.data.dimension, id) && categories(shape.data.dimension[id]).length === shape.data.size[d])
	)
		throw new PopulationFileError('situation.population_not_jsonstat');
	if (total > FILE_LIMITS.sheetCells) throw limitErrors.cells();
	body = shape.data as JsonStat2;
	const ids = shape.data.id;
	const size = shape.data.size;
	const dims = ids.map((id) => {
		const dimension = body.dimension![id] ?? {};
		return { id, role: roleOf(id, dimension.label ?? '', body.role?.time ?? []), categories: categories(dimension) };
	});
	const missing = (['region', 'year'] as const).filter((r) => !dims.some((d) => d.role === r));
	if (missing.length) throw new PopulationFileError('situation.population_missing_dimensions', { missing: missing.length === 2 ? 'both' : missing[0] });
	const unknown = dims.filter((d) => (d.role === null || d.role === 'contents') && d.categories.length > 1);
	if (unknown.length)
		throw new PopulationFileError('situation.population_several_contents', {
			dimensions: unknown.map((d) => `”${body.dimension![d.id].label ?? d.id}”`).join(', ')
		});
	const valueAt = (i: number) => (Array.isArray(body.value) ? body.value[i] : (body.value as Record<string, number | null>)[String(i)]);
	const cells: PopulationCell[] = [];
	const problems: PopulationProblem[] = [];
	const coords = new Array<number>(ids.length).fill(0);
	for (let flat = 0; flat < total; flat++) {
		// Row-major order: the last dimension varies fastest (JSON-stat 2.0).
		let rest = flat;
		for (let d = ids.length - 1; d >= 0; d--) {
			coords[d] = rest % size[d];
			rest = Math.floor(rest / size[d]);
		}
		const pick = (role: Role) => {
			const d = dims.findIndex((x) => x.role === role);
			return d < 0 ? null : dims[d].categories[coords[d]];
		};
		const region = pick('region')!;
		const yearCategory = pick('year')!;
		const sexCategory = pick('sex');
		const ageCategory = pick('age');
		const where = `${region.code}, ${yearCategory.code}${sexCategory ? `, ${sexCategory.label}` : ''}${ageCategory ? `, ${ageCategory.label}` : ''}`;
		const code = regionCodeOf(region.code) ?? regionCodeOf(region.label);
		const year = Number(yearCategory.code.slice(0, 4));
		const sex = sexCategory ? (sexOf(sexCategory.code) ?? sexOf(sexCategory.label)) : 'T';
		const ageGroup = ageCategory ? (ageGroupOf(ageCategory.code) ?? ageGroupOf(ageCategory.label)) : 'totalt';
		const value = parseCount(valueAt(flat));
		if (!code) problems.push(populationProblem(where, 'situation.population_region_unknown', { code: region.code }));
		else if (!/^\d{4}$/.test(yearCategory.code.slice(0, 4)) || year < 1900)
			problems.push(populationProblem(where, 'situation.population_year_unknown', { year: yearCategory.code }));
		else if (!sex) problems.push(populationProblem(where, 'situation.population_sex_unknown', { sex: sexCategory!.label }));
		else if (!ageGroup) problems.push(populationProblem(where, 'situation.population_age_unknown', { age: ageCategory!.label }));
		else if (value === undefined) problems.push(populationProblem(where, 'situation.population_value_not_count', { value: String(valueAt(flat)) }));
		else if (value === null) problems.push(populationProblem(where, 'situation.population_value_missing'));
		else cells.push({ regionCode: code, year, sex, ageGroup, population: value });
	}
	return { cells, problems };
}

// ---------------------------------------------------------------------------------------
// CSV as PxWeb exports it
// ---------------------------------------------------------------------------------------

/**
 * The table page's CSV: an optional title line, then a header with region, ålder, kön and
 * either one column per year ("2024", "Folkmängd 2024") or a year column and a value column.
 */
export function parsePxWebCsv(text: string): PopulationTable {
	const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
	// The title line also names region, ålder and kön: the header is the first line whose own cells do.
	const headerLine = lines.findIndex((l) => {
		if (!/region/i.test(l)) return false;
		const cells = (parseCsv(l)[0] ?? []).map(norm);
		return cells.length >= 2 && cells.some((c) => /^region/.test(c)) && cells.some((c) => /^(ålder|alder|kön|kon|år|tid|year)$|(19|20)\d{2}$/.test(c));
	});
	if (headerLine < 0) throw new PopulationFileError('situation.population_no_header');
	const table = parseCsv(lines.slice(headerLine).join('\n'));
	const headers = table[0].map(norm);
	const col = (pattern: RegExp) => headers.findIndex((h) => pattern.test(h));
	const regionCol = col(/region/);
	const sexCol = col(/^(kön|kon|sex)$/);
	const ageCol = col(/^(ålder|alder|age)$/);
	const yearCol = col(/^(år|tid|year)$/);
	const yearColumns = headers
		.map((h, i) => ({ i, year: h.match(/(?:^|\s)((?:19|20)\d{2})$/)?.[1] }))
		.filter((c): c is { i: number; year: string } => !!c.year && c.i !== regionCol);
	const valueCol =
		yearCol >= 0
			? headers.findIndex((h, i) => i !== regionCol && i !== sexCol && i !== ageCol && i !== yearCol && /(folkmängd|antal|befolkning|värde)/.test(h))
			: -1;
	if (yearColumns.length === 0 && (yearCol < 0 || valueCol < 0)) throw new PopulationFileError('situation.population_no_year_columns');
	const cells: PopulationCell[] = [];
	const problems: PopulationProblem[] = [];
	table.slice(1).forEach((row, offset) => {
		const where = String(headerLine + offset + 2);
		if (row.every((c) => !c?.trim())) return;
		const regionText = (row[regionCol] ?? '').trim();
		const code = regionCodeOf(regionText);
		if (!code) {
			problems.push(populationProblem(where, 'situation.population_region_unknown', { code: regionText }));
			return;
		}
		const sex = sexCol >= 0 ? sexOf(row[sexCol] ?? '') : 'T';
		if (!sex) {
			problems.push(populationProblem(where, 'situation.population_sex_unknown', { sex: row[sexCol] ?? '' }));
			return;
		}
		const ageGroup = ageCol >= 0 ? ageGroupOf(row[ageCol] ?? '') : 'totalt';
		if (!ageGroup) {
			problems.push(populationProblem(where, 'situation.population_age_unknown', { age: row[ageCol] ?? '' }));
			return;
		}
		const values = yearColumns.length
			? yearColumns.map((c) => ({ year: c.year, text: row[c.i] ?? '' }))
			: [{ year: (row[yearCol] ?? '').trim(), text: row[valueCol] ?? '' }];
		for (const { year, text: cell } of values) {
			if (!/^\d{4}$/.test(year)) {
				problems.push(populationProblem(where, 'situation.population_year_unknown', { year }));
				continue;
			}
			const value = parseCount(cell);
			if (value === undefined) problems.push(populationProblem(`${where}, ${year}`, 'situation.population_value_not_count', { value: cell }));
			else if (value === null) problems.push(populationProblem(`${where}, ${year}`, 'situation.population_value_missing'));
			else cells.push({ regionCode: code, year: Number(year), sex, ageGroup, population: value });
		}
	});
	return { cells, problems };
}

/**
 * Adds the totals a table leaves out, so rates always have their denominator: sex T as K + M
 * per age group, and age 'totalt' as the sum of the groups. Totals SCB gives are kept as given
 * (from 2025 SCB adds noise per cell, so its totals and the sums differ slightly).
 */
export function completeTotals(cells: PopulationCell[]): PopulationCell[] {
	const key = (c: { regionCode: string; year: number; sex: string; ageGroup: string }) => `${c.regionCode}\u0000${c.year}\u0000${c.sex}\u0000${c.ageGroup}`;
	const have = new Map(cells.map((c) => [key(c), c]));
	const out = [...cells];
	const add = (cell: PopulationCell) => {
		if (have.has(key(cell))) return;
		have.set(key(cell), cell);
		out.push(cell);
	};
	for (const c of cells) {
		if (c.sex === 'T') continue;
		const other = have.get(key({ ...c, sex: c.sex === 'K' ? 'M' : 'K' }));
		if (other) add({ ...c, sex: 'T', population: c.population + other.population });
	}
	const groups = new Map<string, PopulationCell[]>();
	for (const c of [...have.values()]) {
		if (c.ageGroup === 'totalt') continue;
		const k = key({ ...c, ageGroup: 'totalt' });
		groups.set(k, [...(groups.get(k) ?? []), c]);
	}
	for (const [k, parts] of groups) if (!have.has(k)) add({ ...parts[0], ageGroup: 'totalt', population: parts.reduce((n, p) => n + p.population, 0) });
	return out;
}

export function parsePopulationFile(fileName: string, text: string): PopulationTable {
	if (/\.json$/i.test(fileName)) return parsePxWebJsonStat(text);
	if (/\.(csv|txt)$/i.test(fileName)) return parsePxWebCsv(text);
	throw new PopulationFileError('situation.population_file_type');
}
