import { createHash } from 'node:crypto';
import { checkSweref, checkWgs84, swerefToWgs84, wgs84ToSweref, type Position } from '../../platform/geo/spatial';
import { codedReason, type CodedReason, type ErrorParams, type FieldCode } from '../../platform/errors';

/**
 * Pure rules of the lägesbild: crime categories, the column mapping of a police extract, row
 * validation with coded reasons, grouping and rates. No I/O here.
 */

/** The largest file the lägesbild's imports accept. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const AREA_KINDS = ['kommun', 'regso', 'deso', 'egen'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

/** The crime categories the analysis groups by; a row's type or code must resolve to one of them. */
export const CRIME_CATEGORIES = [
	{ id: 'cykelstold', name: 'Cykelstöld', synonyms: ['stöld av cykel', 'cykel', 'stöld cykel', 'stöld av elcykel', 'elcykelstöld'] },
	{ id: 'butiksstold', name: 'Butiksstöld', synonyms: ['stöld i butik', 'snatteri', 'ringa stöld i butik', 'butik'] },
	{ id: 'stold_fordon', name: 'Stöld ur eller av fordon', synonyms: ['stöld ur fordon', 'stöld av fordon', 'bilstöld', 'stöld ur bil', 'fordonsstöld'] },
	{ id: 'bostadsinbrott', name: 'Bostadsinbrott', synonyms: ['inbrott i bostad', 'inbrott', 'lägenhetsinbrott', 'villainbrott'] },
	{ id: 'ovrig_stold', name: 'Övrig stöld', synonyms: ['stöld', 'ringa stöld', 'tillgrepp'] },
	{ id: 'misshandel', name: 'Misshandel', synonyms: ['grov misshandel', 'misshandel utomhus', 'misshandel inomhus', 'våld'] },
	{ id: 'hot', name: 'Olaga hot', synonyms: ['hot', 'ofredande', 'trakasserier'] },
	{ id: 'ran', name: 'Rån', synonyms: ['personrån', 'butiksrån', 'grovt rån'] },
	{ id: 'skadegorelse', name: 'Skadegörelse', synonyms: ['klotter', 'skadegörelse genom klotter', 'vandalisering', 'åverkan'] },
	{
		id: 'narkotika',
		name: 'Narkotikabrott',
		synonyms: ['narkotika', 'eget bruk', 'innehav av narkotika', 'narkotikabrott, eget bruk', 'narkotikabrott, innehav']
	},
	{ id: 'sexualbrott', name: 'Sexualbrott', synonyms: ['sexuellt ofredande', 'sexuella trakasserier'] },
	{ id: 'bedrageri', name: 'Bedrägeri', synonyms: ['bedrägeribrott', 'bedrägeri mot välfärden', 'bidragsbrott'] },
	{ id: 'brand', name: 'Anlagd brand', synonyms: ['mordbrand', 'brand'] },
	{ id: 'ovrigt', name: 'Övriga brott', synonyms: ['övrigt', 'annat brott', 'övriga'] }
] as const;
export type CrimeCategory = (typeof CRIME_CATEGORIES)[number]['id'];

export function categoryName(id: string): string {
	return CRIME_CATEGORIES.find((c) => c.id === id)?.name ?? id;
}

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const CATEGORY_LOOKUP = new Map<string, CrimeCategory>();
for (const c of CRIME_CATEGORIES) {
	CATEGORY_LOOKUP.set(normalise(c.name), c.id);
	CATEGORY_LOOKUP.set(c.id, c.id);
	for (const s of c.synonyms) CATEGORY_LOOKUP.set(normalise(s), c.id);
}

export function categoryOfType(text: string): CrimeCategory | null {
	return CATEGORY_LOOKUP.get(normalise(text)) ?? null;
}

// ---------------------------------------------------------------------------------------
// Column mapping
// ---------------------------------------------------------------------------------------

export const MAPPING_FIELDS = ['id', 'type', 'code', 'date', 'time', 'dateTo', 'easting', 'northing', 'latitude', 'longitude', 'areaCode'] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];
/** Target field → the header of the column it comes from (null: not in this extract). */
export type ColumnMapping = Partial<Record<MappingField, string | null>> & {
	/**
	 * Crime types this source writes that no category knows ("Stöld från person", "Brott mot
	 * knivlagen"), each mapped by the user to one of the municipality's categories; keyed by
	 * typeKey(type) and remembered with the rest of the source's mapping.
	 */
	categories?: Record<string, CrimeCategory>;
};

/** The key a crime type is mapped under: case and spacing do not matter. */
export const typeKey = (type: string): string => normalise(type);

export function isCrimeCategory(value: string): value is CrimeCategory {
	return CRIME_CATEGORIES.some((c) => c.id === value);
}

/** The category of a type: the known names and synonyms first, then the source's own mapping. */
export function categoryOfMappedType(type: string, mapping: ColumnMapping): CrimeCategory | null {
	return categoryOfType(type) ?? mapping.categories?.[typeKey(type)] ?? null;
}

/** The types of an extract (`table[0]` the header) no category knows yet, with how many rows each, most frequent first. */
export function unknownCrimeTypes(table: string[][], mapping: ColumnMapping): { type: string; rows: number }[] {
	const index = mapping.type ? table[0].indexOf(mapping.type) : -1;
	if (index < 0) return [];
	const counts = new Map<string, { type: string; rows: number }>();
	for (const values of table.slice(1)) {
		const type = (values[index] ?? '').trim();
		if (type === '' || categoryOfMappedType(type, mapping) !== null) continue;
		const entry = counts.get(typeKey(type)) ?? { type, rows: 0 };
		entry.rows += 1;
		counts.set(typeKey(type), entry);
	}
	return [...counts.values()].sort((a, b) => b.rows - a.rows || a.type.localeCompare(b.type, 'sv'));
}

const HEADER_GUESSES: Record<MappingField, RegExp> = {
	id: /^(id|händelse ?id|ärende(nummer|nr)?|diarienummer|dnr|anmälan ?id)$/,
	type: /^(brottstyp|brott|typ|kategori|brottskategori|brottsbenämning|händelsetyp)$/,
	code: /^(brottskod|kod|brottskoder)$/,
	date: /^(datum|brottsdatum|brottsdag|tidpunkt|händelsedatum|händelsedag|händelsetid|anmälningsdatum|anmälningsdag|anmälningstid|anmält ?datum|anmäld|datum ?för ?brottet|begånget|datum ?tid|brottstid|brottstidpunkt|fr(å|a)n ?datum|från|starttid|tid ?från|datum ?från|date)$/,
	time: /^(klockslag|tid|kl|klocka)$/,
	dateTo: /^(till ?datum|till|sluttid|tid ?till|datum ?till)$/,
	easting: /^(x|e|easting|östlig|ost|öst|x[_ ]?koordinat|x[_ ]?sweref|e[_ ]?sweref|koordinat ?x)$/,
	northing: /^(y|n|northing|nordlig|nord|y[_ ]?koordinat|y[_ ]?sweref|n[_ ]?sweref|koordinat ?y)$/,
	latitude: /^(lat|latitud|latitude)$/,
	longitude: /^(lon|lng|long|longitud|longitude)$/,
	areaCode: /^(deso|desokod|regso|regsokod|områdeskod|omrade|område|områdes ?kod)$/
};

/** A first mapping from the headers; the user confirms or changes it. */
export function guessMapping(headers: string[]): ColumnMapping {
	const mapping: ColumnMapping = {};
	for (const field of MAPPING_FIELDS) {
		const header = headers.find((h) => HEADER_GUESSES[field].test(normalise(h).replace(/[-_]/g, ' ')) && !Object.values(mapping).includes(h));
		mapping[field] = header ?? null;
	}
	return mapping;
}

/** What is missing from a mapping before rows can be read; Swedish messages per field. */
export function mappingProblems(mapping: ColumnMapping, headers: string[]): Record<string, FieldCode> {
	const problems: Record<string, FieldCode> = {};
	for (const field of MAPPING_FIELDS) {
		const header = mapping[field];
		if (header && !headers.includes(header)) problems[field] = { code: 'situation.mapping_column_missing', params: { header } };
	}
	if (!mapping.type) problems.type = { code: 'situation.mapping_type_missing' };
	if (!mapping.date) problems.date = { code: 'situation.mapping_date_missing' };
	const sweref = !!mapping.easting || !!mapping.northing;
	const wgs = !!mapping.latitude || !!mapping.longitude;
	if (sweref && (!mapping.easting || !mapping.northing)) problems.easting = { code: 'situation.mapping_sweref_incomplete' };
	if (wgs && (!mapping.latitude || !mapping.longitude)) problems.latitude = { code: 'situation.mapping_wgs84_incomplete' };
	if (!sweref && !wgs && !mapping.areaCode) problems.easting = { code: 'situation.mapping_place_missing' };
	return problems;
}

// ---------------------------------------------------------------------------------------
// Row validation
// ---------------------------------------------------------------------------------------

export interface CrimeRow {
	hashKey: string;
	category: CrimeCategory;
	crimeCode: string | null;
	/** Local date and time as written (Swedish time), ISO without zone. */
	occurredOn: string;
	year: number;
	month: number;
	/** 1 = Monday … 7 = Sunday. */
	weekday: number;
	/** Null when the extract gives only a date or a time window longer than an hour. */
	hour: number | null;
	/** SWEREF 99 TM, as given or converted from WGS84; null when only an area code was given. */
	easting: number | null;
	northing: number | null;
	latitude: number | null;
	longitude: number | null;
	areaCode: string | null;
}

export interface RejectedRow extends CodedReason {
	/** 1-based line in the file, the header being line 1. */
	line: number;
	values: string[];
}

export interface RowContext {
	/** Known area codes of the municipality (for rows located by area). */
	knownAreaCodes: Set<string>;
	/** Closed containment in the municipality (SWEREF 99 TM); null when no boundary is known. */
	insideMunicipality: ((easting: number, northing: number) => boolean) | null;
	/** Dates after this are refused (an extract cannot report the future). */
	today: string;
}

function parseNumber(text: string): number | null {
	const t = text.replace(/\s/g, '').replace(',', '.');
	if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
	return Number(t);
}

const pad = (n: number) => String(n).padStart(2, '0');

const MONTHS: Record<string, number> = {
	jan: 1,
	januari: 1,
	feb: 2,
	februari: 2,
	mar: 3,
	mars: 3,
	apr: 4,
	april: 4,
	maj: 5,
	jun: 6,
	juni: 6,
	jul: 7,
	juli: 7,
	aug: 8,
	augusti: 8,
	sep: 9,
	sept: 9,
	september: 9,
	okt: 10,
	oktober: 10,
	nov: 11,
	november: 11,
	dec: 12,
	december: 12
};

/**
 * Reads the date formats extracts come in: "2023-05-14", "2023/05/14", "2023-05-14 13:45",
 * "2023-05-14T13:45:00", "20230514", "14.05.2023", "14/5/2023", "14-05-2023", "14 maj 2023" and
 * "14 maj 2023 kl. 13.45".
 */
export function parseDateTime(text: string): { date: string; hour: number | null; minute: number | null } | null {
	const t = text.trim();
	let y: number, m: number, d: number;
	let rest: string;
	let match = t.match(/^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(.*)$/) ?? t.match(/^(\d{4})(\d{2})(\d{2})(.*)$/);
	const named = t.match(/^(\d{1,2})\s+([a-zåäö]+)\.?\s+(\d{4})(.*)$/i);
	if (match) {
		[y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
		rest = match[4];
	} else if (named) {
		const month = MONTHS[named[2].toLowerCase()];
		if (!month) return null;
		[d, m, y] = [Number(named[1]), month, Number(named[3])];
		rest = named[4];
	} else {
		match = t.match(/^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(.*)$/);
		if (!match) return null;
		[d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
		rest = match[4];
	}
	const probe = new Date(Date.UTC(y, m - 1, d));
	if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d || y < 1990) return null;
	rest = rest
		.replace(/^[T\s,]+/, '')
		.replace(/^kl\.?\s*/i, '')
		.replace(/(Z|[+-]\d{2}:?\d{2})$/, '');
	if (rest === '') return { date: `${y}-${pad(m)}-${pad(d)}`, hour: null, minute: null };
	const time = parseTime(rest);
	if (!time) return null;
	return { date: `${y}-${pad(m)}-${pad(d)}`, ...time };
}

/** "13:45", "13.45", "1345", "9:05:00", "9" */
export function parseTime(text: string): { hour: number; minute: number } | null {
	const t = text.trim();
	const match = t.match(/^(\d{1,2})(?:[:.]?(\d{2}))?(?:[:.](\d{2})(?:\.\d+)?)?$/);
	if (!match) return null;
	const hour = Number(match[1]);
	const minute = match[2] ? Number(match[2]) : 0;
	if (hour > 23 || minute > 59) return null;
	return { hour, minute };
}

/** ISO weekday (1 = Monday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
	const day = new Date(`${date}T00:00:00Z`).getUTCDay();
	return day === 0 ? 7 : day;
}

export type RowVerdict = { ok: true; row: CrimeRow } | ({ ok: false } & CodedReason);

const reject = (code: string, params?: ErrorParams): RowVerdict => ({ ok: false, ...codedReason(code, params) });

/**
 * One row of an extract against the mapping. `occurrence` counts identical rows earlier in the
 * same file, so two genuinely equal rows stay two events while a re-import stays idempotent.
 */
export function readCrimeRow(values: string[], headers: string[], mapping: ColumnMapping, context: RowContext, occurrence = 0): RowVerdict {
	const cell = (field: MappingField): string => {
		const header = mapping[field];
		if (!header) return '';
		const index = headers.indexOf(header);
		return index < 0 ? '' : (values[index] ?? '').trim();
	};
	if (values.every((v) => v.trim() === '')) return reject('situation.row_empty');

	// Brå's crime codes are four digits; the code is kept next to the type, which decides the category.
	const code = cell('code').replace(/\s/g, '');
	if (code && !/^\d{4}$/.test(code)) return reject('situation.row_code_unknown', { code });
	const type = cell('type');
	if (!type) return reject('situation.row_type_missing');
	const category = categoryOfMappedType(type, mapping);
	if (!category) return reject('situation.row_type_unknown', { type });

	const dateText = cell('date');
	if (!dateText) return reject('situation.row_date_missing');
	const when = parseDateTime(dateText);
	if (!when) return reject('situation.row_date_invalid', { text: dateText });
	let hour = when.hour;
	let minute = when.minute;
	if (mapping.time && cell('time')) {
		const time = parseTime(cell('time'));
		if (!time) return reject('situation.row_time_invalid', { text: cell('time') });
		({ hour, minute } = time);
	}
	if (when.date > context.today) return reject('situation.row_date_future', { date: when.date });
	if (mapping.dateTo && cell('dateTo')) {
		const until = parseDateTime(cell('dateTo'));
		if (!until) return reject('situation.row_date_to_invalid', { text: cell('dateTo') });
		if (until.date < when.date) return reject('situation.row_window_reversed', { from: when.date, to: until.date });
		// A window longer than an hour says nothing about the hour of day.
		const start = Date.parse(`${when.date}T${pad(hour ?? 0)}:${pad(minute ?? 0)}:00Z`);
		const end = Date.parse(`${until.date}T${pad(until.hour ?? 23)}:${pad(until.minute ?? 59)}:00Z`);
		if (end - start > 3_600_000 || hour === null) hour = null;
	}

	let easting: number | null = null;
	let northing: number | null = null;
	let latitude: number | null = null;
	let longitude: number | null = null;
	const areaCode = cell('areaCode') || null;
	const eText = cell('easting');
	const nText = cell('northing');
	const latText = cell('latitude');
	const lonText = cell('longitude');
	if (eText || nText) {
		const e = parseNumber(eText);
		const n = parseNumber(nText);
		if (e === null || n === null) return reject('situation.row_coordinates_invalid', { first: eText, second: nText });
		const verdict = checkSweref(e, n);
		if (!verdict.ok)
			return reject(verdict.reason === 'swapped' ? 'situation.row_sweref_swapped' : 'situation.row_sweref_outside', { easting: eText, northing: nText });
		[easting, northing] = [e, n];
		[longitude, latitude] = swerefToWgs84(e, n);
	} else if (latText || lonText) {
		const lat = parseNumber(latText);
		const lon = parseNumber(lonText);
		if (lat === null || lon === null) return reject('situation.row_coordinates_invalid', { first: latText, second: lonText });
		const verdict = checkWgs84(lat, lon);
		if (!verdict.ok)
			return reject(verdict.reason === 'swapped' ? 'situation.row_wgs84_swapped' : 'situation.row_wgs84_outside', { latitude: latText, longitude: lonText });
		[latitude, longitude] = [lat, lon];
		[easting, northing] = wgs84ToSweref(lon, lat) as Position;
	} else if (areaCode) {
		if (!context.knownAreaCodes.has(areaCode)) return reject('situation.row_area_unknown', { code: areaCode });
	} else {
		return reject('situation.row_place_missing');
	}
	if (easting !== null && northing !== null && context.insideMunicipality && !context.insideMunicipality(easting, northing))
		return reject('situation.row_outside_municipality', { easting: String(Math.round(easting)), northing: String(Math.round(northing)) });

	const id = cell('id');
	const occurredOn = hour === null ? when.date : `${when.date}T${pad(hour)}:${pad(minute ?? 0)}`;
	const identity = id
		? `id\u0000${id}`
		: ['row', category, code, occurredOn, cell('dateTo'), easting?.toFixed(1) ?? '', northing?.toFixed(1) ?? '', areaCode ?? '', type, String(occurrence)].join(
				'\u0000'
			);
	const [year, month] = [Number(when.date.slice(0, 4)), Number(when.date.slice(5, 7))];
	return {
		ok: true,
		row: {
			hashKey: createHash('sha256').update(identity).digest('base64url').slice(0, 32),
			category,
			crimeCode: code || null,
			occurredOn,
			year,
			month,
			weekday: isoWeekday(when.date),
			hour,
			easting,
			northing,
			latitude,
			longitude,
			areaCode
		}
	};
}

export interface ValidatedExtract {
	rows: CrimeRow[];
	rejected: RejectedRow[];
}

/** Every data row of an extract; `table[0]` is the header. Identical rows are counted, not merged. */
export function validateExtract(table: string[][], mapping: ColumnMapping, context: RowContext): ValidatedExtract {
	const [headers, ...data] = table;
	const rows: CrimeRow[] = [];
	const rejected: RejectedRow[] = [];
	const seen = new Map<string, number>();
	data.forEach((values, i) => {
		if (values.every((v) => v.trim() === '')) return;
		const signature = values.join('\u0001');
		const occurrence = seen.get(signature) ?? 0;
		seen.set(signature, occurrence + 1);
		const verdict = readCrimeRow(values, headers, mapping, context, occurrence);
		if (verdict.ok) rows.push(verdict.row);
		else rejected.push({ line: i + 2, reason: verdict.reason, text: verdict.text, values });
	});
	return { rows, rejected };
}

// ---------------------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------------------

export const GROUP_BY = ['area', 'category', 'year', 'month', 'weekday', 'hour'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** `groupBy=area,category,year` → the known dimensions in a fixed order; unknown names are an error. */
export function parseGroupBy(text: string | null): GroupBy[] | { error: string } {
	if (!text) return ['area', 'category', 'year'];
	const parts = text
		.split(',')
		.map((p) => p.trim())
		.filter(Boolean);
	const unknown = parts.filter((p) => !(GROUP_BY as readonly string[]).includes(p));
	if (unknown.length) return { error: `Okänd gruppering: ${unknown.join(', ')}. Tillåtna: ${GROUP_BY.join(', ')}.` };
	return GROUP_BY.filter((g) => parts.includes(g));
}

export function parseIsoDate(text: string | null): string | null | { error: string } {
	if (!text) return null;
	const parsed = parseDateTime(text);
	if (!parsed || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return { error: `Ogiltigt datum ”${text}” (ÅÅÅÅ-MM-DD).` };
	return parsed.date;
}

/** Rate per 1,000 inhabitants, one decimal; null without a population. */
export function ratePer1000(count: number, population: number | null | undefined): number | null {
	if (!population || population <= 0) return null;
	return Math.round((count / population) * 10_000) / 10;
}

/**
 * The population to divide by: the given year's, else the nearest earlier year's, else the
 * nearest later one (SCB publishes a year late).
 */
export function populationFor(byYear: Map<number, number> | undefined, year: number): number | null {
	if (!byYear || byYear.size === 0) return null;
	if (byYear.has(year)) return byYear.get(year)!;
	const years = [...byYear.keys()].sort((a, b) => a - b);
	const earlier = years.filter((y) => y < year);
	return byYear.get(earlier.length ? earlier[earlier.length - 1] : years[0]) ?? null;
}

/** Equal-count class breaks for a choropleth (at most `classes` classes). */
export function classBreaks(values: number[], classes = 5): number[] {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return [];
	const breaks: number[] = [];
	for (let i = 1; i < classes; i++) {
		const v = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / classes))];
		if (v > sorted[0] && breaks[breaks.length - 1] !== v) breaks.push(v);
	}
	return breaks;
}

export function classOf(value: number, breaks: number[]): number {
	let c = 0;
	while (c < breaks.length && value >= breaks[c]) c++;
	return c;
}
