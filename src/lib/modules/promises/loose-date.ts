/**
 * Dates as municipalities write them in promises: an exact day ("2026-06-15"), a month
 * ("februari 2019"), a season ("under våren 2026") or a deadline ("senast juni 2026"). The first day
 * of the period is stored as a date (for order and feeds) with its precision, so the page shows the
 * date as it was written, never an invented day. Pure and browser-safe.
 */

export const DATE_PRECISIONS = ['day', 'month', 'season', 'by-day', 'by-month', 'by-season'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export interface LooseDate {
	/** ÅÅÅÅ-MM-DD: the day, or the first day of the month or season. */
	date: string;
	precision: DatePrecision;
}

export function isDatePrecision(value: unknown): value is DatePrecision {
	return typeof value === 'string' && (DATE_PRECISIONS as readonly string[]).includes(value);
}

const SV_MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const EN_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The season's first month: winter is the start of the year ("vintern 2026" = January–February 2026). */
const SEASONS: { month: number; sv: string; en: string; words: RegExp }[] = [
	{ month: 1, sv: 'vintern', en: 'winter', words: /^(?:vintern|vinter|winter)$/ },
	{ month: 3, sv: 'våren', en: 'spring', words: /^(?:våren|vår|vårvintern|spring)$/ },
	{ month: 6, sv: 'sommaren', en: 'summer', words: /^(?:sommaren|sommar|summer)$/ },
	{ month: 9, sv: 'hösten', en: 'autumn', words: /^(?:hösten|höst|autumn|fall)$/ }
];

const pad = (n: number) => String(n).padStart(2, '0');

function monthOf(word: string): number | null {
	const w = word.toLowerCase().replace(/\.$/, '');
	if (w.length < 3) return null;
	for (const names of [SV_MONTHS, EN_MONTHS]) {
		const index = names.findIndex((name) => name === w || (w.length >= 3 && name.startsWith(w)));
		if (index >= 0) return index + 1;
	}
	return null;
}

function validDay(year: number, month: number, day: number): boolean {
	const d = new Date(Date.UTC(year, month - 1, day));
	return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const YEAR = /^(?:19|20)\d{2}$/;

/**
 * Reads a date as written. Returns null for an empty text and undefined for a text that is not a
 * date; the caller reports that at the field.
 */
export function parseLooseDate(input: string): LooseDate | null | undefined {
	let text = input.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.,]$/, '');
	if (text === '') return null;
	let by = false;
	const deadline = /^(?:senast(?: i| under)?|by|no later than|före utgången av) /.exec(text);
	if (deadline) {
		by = true;
		text = text.slice(deadline[0].length);
	}
	text = text.replace(/^(?:under|i|in|during|the) /, '').replace(/^(?:under|i|in|during|the) /, '');
	const kind = (base: 'day' | 'month' | 'season'): DatePrecision => (by ? `by-${base}` : base);

	let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (m) {
		const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
		return validDay(year, month, day) ? { date: `${m[1]}-${m[2]}-${m[3]}`, precision: kind('day') } : undefined;
	}
	m = /^(\d{4})-(\d{2})$/.exec(text);
	if (m) {
		const month = Number(m[2]);
		return month >= 1 && month <= 12 ? { date: `${m[1]}-${m[2]}-01`, precision: kind('month') } : undefined;
	}
	const words = text.split(' ');
	// "15 juni 2026" / "june 15 2026"
	if (words.length === 3 && YEAR.test(words[2])) {
		const [a, b] = [words[0], words[1]];
		const day = /^\d{1,2}$/.test(a) ? Number(a) : /^\d{1,2}$/.test(b) ? Number(b) : null;
		const month = monthOf(/^\d/.test(a) ? b : a);
		const year = Number(words[2]);
		if (day !== null && month !== null) return validDay(year, month, day) ? { date: `${year}-${pad(month)}-${pad(day)}`, precision: kind('day') } : undefined;
		return undefined;
	}
	if (words.length === 2 && YEAR.test(words[1])) {
		const year = words[1];
		const season = SEASONS.find((s) => s.words.test(words[0]));
		if (season) return { date: `${year}-${pad(season.month)}-01`, precision: kind('season') };
		const month = monthOf(words[0]);
		if (month !== null) return { date: `${year}-${pad(month)}-01`, precision: kind('month') };
	}
	return undefined;
}

/** The date as it was written: "2026-06-15", "februari 2019", "våren 2026", "senast juni 2026" (English: "by June 2026"). */
export function formatLooseDate(date: string | null | undefined, precision: string | null | undefined, locale: 'sv' | 'en' = 'sv'): string {
	if (!date) return '';
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
	if (!m) return date;
	const p: DatePrecision = isDatePrecision(precision) ? precision : 'day';
	const by = p.startsWith('by-');
	const base = by ? p.slice(3) : p;
	const year = m[1];
	const month = Number(m[2]);
	let text: string;
	if (base === 'month') {
		const name = (locale === 'en' ? EN_MONTHS : SV_MONTHS)[month - 1];
		text = `${locale === 'en' ? name[0].toUpperCase() + name.slice(1) : name} ${year}`;
	} else if (base === 'season') {
		const season = SEASONS.find((s) => s.month === month) ?? SEASONS[0];
		text = `${locale === 'en' ? season.en : season.sv} ${year}`;
	} else {
		text = `${m[1]}-${m[2]}-${m[3]}`;
	}
	return by ? `${locale === 'en' ? 'by' : 'senast'} ${text}` : text;
}

/** Whether the date names one day (a calendar event can only be made of those). */
export function isExactDay(precision: string | null | undefined): boolean {
	return precision === null || precision === undefined || precision === 'day';
}
