import { errorText, type FieldCode } from '../../platform/errors';
import { containsPersonalIdentityNumber } from '../../platform/personal-identity';
import { occurredInFuture, reportErrorCodes, reportInputSchema, type EstTimeOfDay, type ReportInput } from './est.models';

/**
 * Reading a partner's incident log (CSV or xlsx) into EST reports: which column holds which field
 * (guessed from the headers, changed by the coordinator), and each row checked as the form checks a
 * report, with every problem of the row named. Plain functions; the use cases store and audit.
 */

/** The fields a column can hold, in the order the mapping form shows them. */
export const IMPORT_FIELDS = ['occurredOn', 'timeOfDay', 'category', 'place', 'area', 'latitude', 'longitude', 'effect', 'description'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Field → the column's header ('' when the file has none); `defaultEffect` for rows without an effect. */
export type ImportMapping = Partial<Record<ImportField | 'defaultEffect', string>>;

/** At most this many rows in one file. */
export const MAX_IMPORT_ROWS = 20_000;
/** At most this large a file. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const fold = (text: string) =>
	text
		.toLocaleLowerCase('sv')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();

/** Header words per field, tried in this order so "tid på dygnet" is not taken for a date and "händelsetyp" not for a time. */
const GUESSES: [ImportField, RegExp][] = [
	['latitude', /^(lat|latitud|latitude|y|n|nord)$/],
	['longitude', /^(lon|lng|long|longitud|longitude|x|e|ost)$/],
	['timeOfDay', /\b(tid pa dygnet|tid pa dygn|klockslag|klocka|tidpunkt|time|tid)\b/],
	['occurredOn', /\b(datum|date|handelsedatum|intraffade|dag)\b/],
	['category', /\b(kategori|category|handelsetyp|typ|type|handelse)\b/],
	['area', /\b(omrade|area|stadsdel|bostadsomrade)\b/],
	['place', /\b(plats|adress|address|place|location|gata|plats adress)\b/],
	['effect', /\b(paverkan|trygghet|allvarlighet|allvar|effect|grad)\b/],
	['description', /\b(beskrivning|fritext|kommentar|text|description|notering|anteckning)\b/]
];

/** A first mapping from the headers: each field takes the first header with one of its words, each header once. */
export function guessImportMapping(headers: readonly string[]): ImportMapping {
	const taken = new Set<string>();
	const mapping: ImportMapping = { defaultEffect: '2' };
	for (const [field, pattern] of GUESSES) {
		const header = headers.find((h) => !taken.has(h) && pattern.test(fold(h)));
		if (header) {
			mapping[field] = header;
			taken.add(header);
		}
	}
	return mapping;
}

/** What is wrong with a mapping itself: a needed field without a column, or a column the file does not have. */
export function importMappingProblems(mapping: ImportMapping, headers: readonly string[]): Record<string, { code: string }> {
	const problems: Record<string, { code: string }> = {};
	for (const field of IMPORT_FIELDS) {
		const header = mapping[field];
		if (header && !headers.includes(header)) problems[`map_${field}`] = { code: 'est.import_column_unknown' };
	}
	if (!mapping.occurredOn) problems.map_occurredOn = { code: 'est.import_date_column_missing' };
	if (!mapping.category) problems.map_category = { code: 'est.import_category_column_missing' };
	if (!mapping.place && !mapping.area && !(mapping.latitude && mapping.longitude)) problems.map_place = { code: 'est.import_place_column_missing' };
	if (Boolean(mapping.latitude) !== Boolean(mapping.longitude)) problems.map_longitude = { code: 'est.import_point_columns' };
	if (!/^[1-4]$/.test(mapping.defaultEffect ?? '')) problems.defaultEffect = { code: 'est.effect_invalid' };
	return problems;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as logs write it: 2025-03-04 (with or without a time), 4/3/2025, 4.3.2025, or an Excel day number. Null when unreadable. */
export function readLogDate(text: string): { date: string; hour: number | null } | null {
	const value = text.trim();
	let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2})[:.](\d{2}))?/.exec(value);
	if (match) return valid(+match[1], +match[2], +match[3], match[4] === undefined ? null : +match[4]);
	match = /^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?$/.exec(value);
	if (match) return valid(+match[3], +match[2], +match[1], match[4] === undefined ? null : +match[4]);
	match = /^(\d{5})(?:[.,](\d+))?$/.exec(value);
	if (match) {
		// Excel's day numbers count from 30 December 1899.
		const day = new Date(Date.UTC(1899, 11, 30) + Number(match[1]) * 86_400_000);
		const hour = match[2] ? Math.floor(Number(`0.${match[2]}`) * 24) : null;
		return valid(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hour);
	}
	return null;
}

function valid(year: number, month: number, day: number, hour: number | null) {
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || (hour !== null && hour > 23)) return null;
	return { date: `${year}-${pad(month)}-${pad(day)}`, hour };
}

/** The time of day from an hour: natt 00–06, morgon 06–10, dag 10–18, kväll 18–24 (as the form explains them). */
export function timeOfDayOfHour(hour: number): EstTimeOfDay {
	return hour < 6 ? 'natt' : hour < 10 ? 'morgon' : hour < 18 ? 'dag' : 'kvall';
}

/** A time-of-day cell: a word (natt, morgon, dag, kväll) or a clock time. Undefined when unreadable, null when empty. */
export function readTimeOfDay(text: string): EstTimeOfDay | null | undefined {
	const value = fold(text);
	if (!value) return null;
	if (/^(natt|night)$/.test(value)) return 'natt';
	if (/^(morgon|morning)$/.test(value)) return 'morgon';
	if (/^(dag|dagtid|day)$/.test(value)) return 'dag';
	if (/^(kvall|evening)$/.test(value)) return 'kvall';
	const clock = /^(\d{1,2})(?: (\d{2}))?$/.exec(value);
	if (clock && +clock[1] <= 23) return timeOfDayOfHour(+clock[1]);
	return undefined;
}

export interface ImportContext {
	categories: readonly string[];
	areas: readonly { id: string; name: string }[];
	today: string;
}

export interface RejectedImportRow {
	/** The row's number in the file as a spreadsheet shows it (the header is row 1). */
	row: number;
	/** Each problem: the column it is in, and why as a code (its Swedish text in `message`, for logs). */
	problems: { column: string; text: FieldCode; message: string }[];
}

export type ImportedReport = Omit<ReportInput, 'areaId' | 'notifyReporter'> & { areaId: string | null };

/**
 * Every data row checked with the mapping: the rows ready to store, and each rejected row with
 * all its problems (the column they are in and why), as the report form would refuse them.
 */
export function checkImportRows(table: string[][], mapping: ImportMapping, context: ImportContext) {
	const headers = table[0];
	const index = Object.fromEntries(IMPORT_FIELDS.map((field) => [field, mapping[field] ? headers.indexOf(mapping[field]!) : -1])) as Record<
		ImportField,
		number
	>;
	const categoryOf = new Map(context.categories.map((c) => [c.toLocaleLowerCase('sv'), c]));
	const areaOf = new Map(context.areas.map((a) => [a.name.toLocaleLowerCase('sv'), a.id]));
	const accepted: ImportedReport[] = [];
	const rejected: RejectedImportRow[] = [];
	for (let i = 1; i < table.length; i++) {
		const cells = table[i];
		if (cells.every((cell) => cell.trim() === '')) continue;
		const cell = (field: ImportField) => (index[field] >= 0 ? (cells[index[field]] ?? '').trim() : '');
		const problems: RejectedImportRow['problems'] = [];
		const problem = (field: ImportField, code: string) => {
			if (!problems.some((p) => p.column === (mapping[field] ?? '')))
				problems.push({ column: mapping[field] ?? '', text: { code }, message: errorText(code, undefined, 'sv') ?? code });
		};

		const date = readLogDate(cell('occurredOn'));
		if (!date) problem('occurredOn', 'est.occurred_on_invalid');
		const timeOfDay = readTimeOfDay(cell('timeOfDay'));
		if (timeOfDay === undefined) problem('timeOfDay', 'est.time_of_day_invalid');
		const category = categoryOf.get(cell('category').toLocaleLowerCase('sv'));
		if (!category) problem('category', 'est.category_invalid');
		let areaId: string | undefined;
		if (cell('area')) {
			areaId = areaOf.get(cell('area').toLocaleLowerCase('sv'));
			if (!areaId) problem('area', 'est.import_area_unknown');
		}
		const effectText = cell('effect') || mapping.defaultEffect || '';
		const effect = /^[1-4]\b/.exec(effectText)?.[0];
		if (!effect) problem('effect', 'est.effect_invalid');
		const number = (text: string) => (text ? text.replace(',', '.') : '');

		const raw = {
			category: category ?? cell('category'),
			place: cell('place'),
			areaId: areaId ?? '',
			latitude: number(cell('latitude')),
			longitude: number(cell('longitude')),
			occurredOn: date?.date ?? '',
			timeOfDay: timeOfDay ?? (date?.hour != null ? timeOfDayOfHour(date.hour) : 'dag'),
			effect: effect ?? '',
			description: cell('description')
		};
		const parsed = reportInputSchema.safeParse(raw);
		if (!parsed.success) {
			const columnOf: Record<string, ImportField> = { areaId: 'area', place: mapping.place ? 'place' : mapping.area ? 'area' : 'latitude' };
			for (const [field, { code }] of Object.entries(reportErrorCodes(parsed.error.issues, raw))) {
				problem((columnOf[field] ?? field) as ImportField, code);
			}
		} else {
			if (occurredInFuture(parsed.data.occurredOn, context.today)) problem('occurredOn', 'est.occurred_on_future');
		}
		if (containsPersonalIdentityNumber(raw.description)) problem('description', 'est.personal_identity_number');
		if (containsPersonalIdentityNumber(raw.place)) problem('place', 'est.personal_identity_number');
		if (problems.length || !parsed.success) {
			rejected.push({ row: i + 1, problems });
			continue;
		}
		accepted.push({ ...parsed.data, areaId: parsed.data.areaId ?? null });
	}
	return { accepted, rejected };
}
