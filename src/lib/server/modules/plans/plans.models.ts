/**
 * Pure domain logic for action plans (åtgärdsplaner, Lag 2023:196 § 5).
 *
 * Every cell of a measures table is free Swedish text written by people. The functions
 * here *interpret* that text (dates, amounts, organisations, forums) without ever replacing
 * it: callers keep the original text and store the interpretation next to it, so the user
 * can see and correct what was understood.
 */
import type { FollowUpCadence } from '$lib/modules/plans/constants';

export {
	MEASURE_STATUSES,
	MEASURE_STATUS_CODES,
	MEASURE_STATUS_BY_CODE,
	isMeasureStatus,
	measureStatusLabel,
	rollUpStatuses
} from '$lib/modules/plans/constants';
export type { MeasureStatus, MeasureStatusInfo, StatusRollUp, StatusTone, FollowUpCadence } from '$lib/modules/plans/constants';

// ---------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------

/** Collapses whitespace (including non-breaking spaces) and trims. */
export function normaliseSpace(text: string): string {
	return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

function capitalise(text: string): string {
	return text.length === 0 ? text : text[0].toLocaleUpperCase('sv-SE') + text.slice(1);
}

const LETTER = 'A-Za-zÅÄÖåäöÉéÜüØøÆæ';
const UPPER_START = /^[A-ZÅÄÖÉÜØÆ]/;

// ---------------------------------------------------------------------------------------
// Time phrases ("Start hösten 2024", "Våren 2025 – 2027", "Pågående", …)
// ---------------------------------------------------------------------------------------

export interface TimeInterpretation {
	/** ISO date (YYYY-MM-DD) or null when no start could be read. */
	startDate: string | null;
	/** ISO date (YYYY-MM-DD) or null for an open end / unknown. */
	endDate: string | null;
	/** The measure is already running ("Pågående", "Delvis pågående", recurring activities). */
	ongoing: boolean;
	/** A recurring activity ("per termin", "årligen", "varje år"). Implies ongoing. */
	recurring: boolean;
	/** False when nothing in the text could be understood as time. */
	recognised: boolean;
	/** Short Swedish explanation shown to the user next to the original text. */
	interpretation: string;
}

interface Period {
	start: string;
	end: string;
	label: string;
	from: number;
	to: number;
}

interface YearlessPeriod {
	kind: 'month' | 'season';
	key: string;
	label: string;
	from: number;
	to: number;
}

const MONTHS: readonly (readonly [RegExp, number, string])[] = [
	[/^jan(uari)?$/, 1, 'januari'],
	[/^feb(ruari)?$/, 2, 'februari'],
	[/^mar(s)?$/, 3, 'mars'],
	[/^apr(il)?$/, 4, 'april'],
	[/^maj$/, 5, 'maj'],
	[/^jun(i)?$/, 6, 'juni'],
	[/^jul(i)?$/, 7, 'juli'],
	[/^aug(usti)?$/, 8, 'augusti'],
	[/^sep(t|tember)?$/, 9, 'september'],
	[/^okt(ober)?$/, 10, 'oktober'],
	[/^nov(ember)?$/, 11, 'november'],
	[/^dec(ember)?$/, 12, 'december']
];

const MONTH_WORD = 'januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec';
const SEASON_WORD = 'vårterminen|höstterminen|vårtermin|hösttermin|våren|sommaren|hösten|vintern|vår|sommar|höst|vinter|vt|ht';

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

function lastDayOfMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthPeriod(year: number, month: number): { start: string; end: string } {
	return { start: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}` };
}

function monthNumber(word: string): { n: number; name: string } | null {
	const w = word.toLowerCase().replace(/\.$/, '');
	for (const [re, n, name] of MONTHS) if (re.test(w)) return { n, name };
	return null;
}

/** Season rules: våren = jan–jun, sommaren = jun–aug, hösten = aug–dec, vintern = jan–feb. */
function seasonPeriod(word: string, year: number): { start: string; end: string; label: string } {
	const w = word.toLowerCase();
	if (/^(vt|vår)/.test(w))
		return { start: `${year}-01-01`, end: `${year}-06-30`, label: w.startsWith('vårt') || w === 'vt' ? `vårterminen ${year}` : `våren ${year}` };
	if (/^(ht|höst)/.test(w))
		return { start: `${year}-08-01`, end: `${year}-12-31`, label: w.startsWith('höstt') || w === 'ht' ? `höstterminen ${year}` : `hösten ${year}` };
	if (/^sommar/.test(w)) return { start: `${year}-06-01`, end: `${year}-08-31`, label: `sommaren ${year}` };
	return { start: `${year}-01-01`, end: `${year}-02-${pad(lastDayOfMonth(year, 2))}`, label: `vintern ${year}` };
}

function expandYear(y: string): number {
	const digits = y.replace(/\D/g, '');
	return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

function isValidIsoDate(y: number, m: number, d: number): boolean {
	return m >= 1 && m <= 12 && d >= 1 && d <= lastDayOfMonth(y, m);
}

type Token = ({ type: 'period' } & Period) | ({ type: 'yearless' } & YearlessPeriod);

const NOT_LETTER_BEFORE = `(?<![${LETTER}0-9])`;
const NOT_LETTER_AFTER = `(?![${LETTER}])`;

const TOKEN_PATTERNS: readonly { re: RegExp; make: (m: RegExpExecArray) => Omit<Period, 'from' | 'to'> | Omit<YearlessPeriod, 'from' | 'to'> | null }[] = [
	{
		// ISO date 2024-06-03
		re: /(\d{4})-(\d{2})-(\d{2})(?!\d)/y,
		make: (m) => {
			const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
			if (!isValidIsoDate(y, mo, d)) return null;
			const iso = `${m[1]}-${m[2]}-${m[3]}`;
			return { start: iso, end: iso, label: iso };
		}
	},
	{
		// vintern 2024/2025, vintern 24/25
		re: new RegExp(`${NOT_LETTER_BEFORE}vinter(?:n)?\\s*(\\d{4}|'?\\d{2})\\s*\\/\\s*(\\d{4}|\\d{2})(?!\\d)`, 'y'),
		make: (m) => {
			const y1 = expandYear(m[1]);
			const y2 = expandYear(m[2]);
			return { start: `${y1}-12-01`, end: `${y2}-02-${pad(lastDayOfMonth(y2, 2))}`, label: `vintern ${y1}/${y2}` };
		}
	},
	{
		// hösten 2024, VT25, ht 2024
		re: new RegExp(`${NOT_LETTER_BEFORE}(${SEASON_WORD})\\s*-?\\s*(\\d{4}|'?\\d{2})(?!\\d)`, 'y'),
		make: (m) => seasonPeriod(m[1], expandYear(m[2]))
	},
	{
		// första halvåret 2025
		re: /(?<![a-zåäö])(första|andra|1:?a|2:?a)\s+halvåret\s+(\d{4})(?!\d)/y,
		make: (m) => {
			const y = Number(m[2]);
			const first = /^(första|1)/.test(m[1]);
			return first
				? { start: `${y}-01-01`, end: `${y}-06-30`, label: `första halvåret ${y}` }
				: { start: `${y}-07-01`, end: `${y}-12-31`, label: `andra halvåret ${y}` };
		}
	},
	{
		// Q1 2025, kvartal 2 2025, 3:e kvartalet 2025
		re: /(?<![a-zåäö])(?:q\s*([1-4])|kvartal\s*([1-4])|([1-4]):?[ae]\s+kvartalet)\s*(\d{4})(?!\d)/y,
		make: (m) => {
			const q = Number(m[1] ?? m[2] ?? m[3]);
			const y = Number(m[4]);
			const first = monthPeriod(y, q * 3 - 2);
			const last = monthPeriod(y, q * 3);
			return { start: first.start, end: last.end, label: `kvartal ${q} ${y}` };
		}
	},
	{
		// början/mitten/slutet av 2025
		re: /(?<![a-zåäö])(början|mitten|slutet)\s+av\s+(\d{4})(?!\d)/y,
		make: (m) => {
			const y = Number(m[2]);
			if (m[1] === 'början') return { start: `${y}-01-01`, end: `${y}-03-31`, label: `början av ${y}` };
			if (m[1] === 'mitten') return { start: `${y}-04-01`, end: `${y}-09-30`, label: `mitten av ${y}` };
			return { start: `${y}-10-01`, end: `${y}-12-31`, label: `slutet av ${y}` };
		}
	},
	{
		// december 2024, dec. 2024
		re: new RegExp(`${NOT_LETTER_BEFORE}(${MONTH_WORD})\\.?\\s+(\\d{4})(?!\\d)`, 'y'),
		make: (m) => {
			const month = monthNumber(m[1]);
			if (!month) return null;
			const y = Number(m[2]);
			return { ...monthPeriod(y, month.n), label: `${month.name} ${y}` };
		}
	},
	{
		// month without year ("maj och september")
		re: new RegExp(`${NOT_LETTER_BEFORE}(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)${NOT_LETTER_AFTER}`, 'y'),
		make: (m) => ({ kind: 'month', key: m[1], label: m[1] })
	},
	{
		// season without year ("Vår och höst")
		re: new RegExp(`${NOT_LETTER_BEFORE}(våren|sommaren|hösten|vintern|vår|sommar|höst|vinter)${NOT_LETTER_AFTER}`, 'y'),
		make: (m) => ({ kind: 'season', key: m[1], label: m[1] })
	},
	{
		// plain year
		re: /(?<!\d)(19\d{2}|20\d{2})(?!\d)/y,
		make: (m) => ({ start: `${m[1]}-01-01`, end: `${m[1]}-12-31`, label: m[1] })
	}
];

function tokenise(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	outer: while (i < text.length) {
		for (const { re, make } of TOKEN_PATTERNS) {
			re.lastIndex = i;
			const m = re.exec(text);
			if (!m) continue;
			const made = make(m);
			if (!made) continue;
			const from = i;
			const to = i + m[0].length;
			if ('kind' in made) tokens.push({ type: 'yearless', ...made, from, to });
			else tokens.push({ type: 'period', ...made, from, to });
			i = to;
			continue outer;
		}
		i += 1;
	}
	return tokens;
}

const RANGE_GAP = /^\s*(?:-|\/|till(?: och med)?|t\s*\.?\s*o\s*\.?\s*m\s*\.?|tom|och fram till)\s*$/;
const START_BEFORE =
	/(?:^|[^a-zåäö])(?:start(?:ar|a)?|med start|från och med|från|fr\s*\.?\s*o\s*\.?\s*m\s*\.?|påbörjas|börjar|efter)\s*(?:i|under|på|av)?\s*$/;
const END_BEFORE = /(?:^|[^a-zåäö])(?:till och med|till|senast|t\s*\.?\s*o\s*\.?\s*m\s*\.?|tom|klart?|avslutas|slutet)\s*(?:i|under|på|av)?\s*$/;
const BEFORE_BEFORE = /(?:^|[^a-zåäö])(?:före|innan)\s*$/;
const OPEN_AFTER = /^\s*(?:-\s*(?:$|[^\d\s])|och framåt|och tills vidare|–\s*$|framåt)/;

function dayBefore(iso: string): string {
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() - 1);
	return d.toISOString().slice(0, 10);
}

function resolveYearless(t: YearlessPeriod, year: number): Period {
	if (t.kind === 'month') {
		const month = monthNumber(t.key);
		const mp = monthPeriod(year, month ? month.n : 1);
		return { ...mp, label: `${t.key} ${year}`, from: t.from, to: t.to };
	}
	const sp = seasonPeriod(t.key, year);
	return { start: sp.start, end: sp.end, label: sp.label, from: t.from, to: t.to };
}

interface Interval {
	start: string | null;
	end: string | null;
	label: string;
}

/**
 * Understands the free-text "Tid" column of an action plan.
 *
 * Rules: våren = jan–jun (01-01 – 06-30), sommaren = jun–aug, hösten = aug–dec (08-01 – 12-31),
 * vintern = jan–feb; "Start …"/"från …" gives a start without end; "A – B" gives a range from the
 * start of A to the end of B; a lone period ("2025", "december 2024", "under 2025") covers that
 * period; "Pågående"/"påbörjad"/"löpande" marks the measure as ongoing; recurring phrases
 * ("per termin", "årligen") mark it ongoing and recurring. Dates are never guessed beyond that.
 */
export function parseTimePhrase(text: string | null | undefined): TimeInterpretation {
	const original = normaliseSpace(text ?? '');
	if (original === '') {
		return { startDate: null, endDate: null, ongoing: false, recurring: false, recognised: false, interpretation: 'Ingen tid angiven.' };
	}
	const t = original.toLowerCase().replace(/[\u2010-\u2015\u2212]/g, '-');

	const negatedStart = /(?:ej|inte|icke)\s+(?:påbörja|pågå|startat)/.test(t);
	const recurring =
		/per\s+(?:termin|år|månad|vecka|kvartal|halvår|läsår)|varje\s+(?:år|termin|månad|vecka|kvartal|halvår|vår|höst)|årligen|återkommande|terminsvis|månadsvis|veckovis|kvartalsvis|halvårsvis|\d+\s*(?:gånger|ggr)\s*(?:per|\/|om)\s*(?:år|termin)|vår(?:en)? och höst(?:en)?|höst(?:en)? och vår(?:en)?/.test(
			t
		);
	const ongoing = !negatedStart && (/pågå|påbörjad|påbörjat|löpande|kontinuerlig|tills vidare|stående|permanent|redan igång/.test(t) || recurring);

	const tokens = tokenise(t);
	// Give yearless months/seasons the year of the next dated token ("januari–mars 2025").
	const periods: Period[] = [];
	const yearless: YearlessPeriod[] = [];
	for (let i = 0; i < tokens.length; i++) {
		const tok = tokens[i];
		if (tok.type === 'period') {
			periods.push(tok);
			continue;
		}
		const next = tokens.slice(i + 1).find((x): x is Token & { type: 'period' } => x.type === 'period');
		const gapToNext = next ? t.slice(tok.to, next.from) : '';
		if (next && RANGE_GAP.test(gapToNext)) periods.push(resolveYearless(tok, Number(next.start.slice(0, 4))));
		else yearless.push(tok);
	}

	const intervals: Interval[] = [];
	for (let i = 0; i < periods.length; i++) {
		const p = periods[i];
		const prevEnd = i > 0 ? periods[i - 1].to : 0;
		const before = t.slice(prevEnd, p.from);
		const next = periods[i + 1];
		if (next && RANGE_GAP.test(t.slice(p.to, next.from))) {
			const startIsStart = !END_BEFORE.test(before);
			intervals.push({ start: startIsStart ? p.start : null, end: next.end, label: `${p.label} – ${next.label}` });
			i += 1;
			continue;
		}
		const after = t.slice(p.to, next ? next.from : t.length);
		if (START_BEFORE.test(before) || OPEN_AFTER.test(after)) {
			intervals.push({ start: p.start, end: null, label: p.label });
		} else if (BEFORE_BEFORE.test(before)) {
			intervals.push({ start: null, end: dayBefore(p.start), label: `före ${p.label}` });
		} else if (END_BEFORE.test(before)) {
			intervals.push({ start: null, end: p.end, label: `till ${p.label}` });
		} else {
			intervals.push({ start: p.start, end: p.end, label: p.label });
		}
	}

	const starts = intervals
		.map((x) => x.start)
		.filter((x): x is string => x !== null)
		.sort();
	const openEnded = intervals.some((x) => x.start !== null && x.end === null);
	const ends = intervals
		.map((x) => x.end)
		.filter((x): x is string => x !== null)
		.sort();
	const startDate = starts[0] ?? null;
	const endDate = openEnded ? null : (ends[ends.length - 1] ?? null);

	const parts: string[] = [];
	if (recurring) {
		const when = yearless.length > 0 ? ` (${yearless.map((y) => y.label).join(', ')})` : '';
		parts.push(`Återkommande aktivitet${when}`);
	} else if (ongoing) {
		parts.push('Pågående');
	}
	const labelText = intervals.map((x) => x.label).join(', ');
	// Show what the dates were read from, unless that was just the ISO dates themselves.
	const labels = /[a-zåäö]/.test(labelText.replace(/före|till/g, '')) || /^\d{4}$/.test(labelText) ? ` (${labelText})` : '';
	if (negatedStart) parts.push('Ej påbörjad');
	if (startDate && endDate) parts.push(`${startDate} – ${endDate}${labels}`);
	else if (startDate) parts.push(`start ${startDate}${labels}, inget slutdatum`);
	else if (endDate) parts.push(`klart senast ${endDate}${labels}`);
	else if (ongoing || negatedStart) parts.push('inga datum angivna');
	if (!recurring && yearless.length > 0 && !startDate && !endDate) {
		parts.push(`nämner ${yearless.map((y) => y.label).join(' och ')} utan årtal`);
	}

	const recognised = ongoing || negatedStart || startDate !== null || endDate !== null;
	const interpretation = recognised ? capitalise(parts.join('; ')) + '.' : 'Kunde inte tolkas som tid – ange start- och slutdatum manuellt.';
	return { startDate, endDate, ongoing, recurring, recognised, interpretation };
}

// ---------------------------------------------------------------------------------------
// Cost ("Inom befintlig budget", "bidrag från BRÅ med 557 000 kr", "1,2 mnkr")
// ---------------------------------------------------------------------------------------

export interface CostInterpretation {
	/** Whole kronor, or null when no amount with a currency unit was found. */
	amountSek: number | null;
	/** Funding sources joined with ", " (e.g. "BRÅ"), or null. */
	fundingSource: string | null;
	fundingSources: string[];
	/** "beviljat" when the text says granted/received, "sökt" when it is applied for/will be sought. */
	fundingStatus: 'beviljat' | 'sökt' | null;
	/** Covered by existing budget/frame/resources ("Inom befintlig budget", "Inom KS befintliga ram"). */
	withinBudget: boolean;
	/** The text says further costs will or may arise ("Kostnader tillkommer vid insatser"). */
	additionalCosts: boolean;
}

const AMOUNT_RE =
	/(?<![\d,.])(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)(?:[,.](\d+))?\s*(miljarder|miljard|mdkr|mnkr|mkr|msek|mn\s*kr|miljoner|miljon|milj\.?|tkr|ksek|kkr|tusen|kronor|kr\.?|sek|:-)(?![A-Za-zÅÄÖåäö])/gi;

function unitMultiplier(unit: string): number {
	const u = unit.toLowerCase().replace(/\s+/g, '');
	if (/^(miljard|miljarder|mdkr)$/.test(u)) return 1e9;
	if (/^(mnkr|mkr|msek|mnkr|miljoner|miljon|milj\.?)$/.test(u)) return 1e6;
	if (/^(tkr|ksek|kkr|tusen)$/.test(u)) return 1e3;
	return 1;
}

/** All amounts with a currency unit, in kronor, in order of appearance. */
export function findAmounts(text: string): number[] {
	const out: number[] = [];
	for (const m of text.matchAll(AMOUNT_RE)) {
		const intPart = m[1].replace(/[ \u00a0\u202f.]/g, '');
		const mult = unitMultiplier(m[3]);
		let value: number;
		if (m[2] !== undefined && mult === 1 && m[2].length === 3) value = Number(intPart + m[2]);
		else value = Number(`${intPart}${m[2] !== undefined ? '.' + m[2] : ''}`);
		if (Number.isFinite(value)) out.push(Math.round(value * mult));
	}
	return out;
}

const FUNDING_RE =
	/(?<![a-zåäö])(?:[Bb]idrag|[Mm]edel|[Ss]töd|[Ff]inansiering|[Dd]elfinansiering|[Aa]nslag|[Ss]timulansmedel|[Pp]rojektmedel|[Ee]rsättning)(?:[^.]*?)\bfrån\s+([A-ZÅÄÖ][\wÅÄÖåäö-]*(?:\s+(?:[A-ZÅÄÖ][\wÅÄÖåäö-]*|rådet|fonden|kommun|region))*)/g;

function cleanSourceName(raw: string): string {
	// "Social-styrelsen" (hyphenated across a line/page break) → "Socialstyrelsen"
	return raw
		.replace(/([a-zåäö])-([a-zåäö])/g, '$1$2')
		.replace(/[-,.;:]+$/, '')
		.trim();
}

export function parseCost(text: string | null | undefined): CostInterpretation {
	const t = normaliseSpace(text ?? '');
	const lower = t.toLowerCase();
	const amounts = findAmounts(t);
	const amountSek = amounts.length === 0 ? null : /varav/.test(lower) ? amounts[0] : amounts.reduce((a, b) => a + b, 0);

	const sources: string[] = [];
	for (const m of t.matchAll(FUNDING_RE)) {
		const name = cleanSourceName(m[1]);
		if (name && !sources.some((s) => s.toLowerCase() === name.toLowerCase())) sources.push(name);
	}
	const withinBudget =
		/inom\s+(?:\S+\s+){0,2}befintlig\w*\s+(?:budget|ram|ramar|resurser|medel)|(?:med|inom)\s+befintliga\s+resurser|befintlig\s+budget|ryms\s+inom|inom\s+ramen|ingen\s+(?:extra\s+|tillkommande\s+)?kostnad/.test(
			lower
		);
	const additionalCosts = /tillkommer|kan\s+tillkomma|behöver\s+avsättas|extra\s+kostnad|tillkommande\s+kostnad/.test(lower);
	let fundingStatus: CostInterpretation['fundingStatus'] = null;
	if (sources.length > 0) {
		if (/\bsök(?:s|as|t|er|a)\b|ansök/.test(lower)) fundingStatus = 'sökt';
		else if (/beviljat|beviljade|beviljats|erhållit|bidrag från|medel från/.test(lower)) fundingStatus = 'beviljat';
	}
	return {
		amountSek,
		fundingSource: sources.length > 0 ? sources.join(', ') : null,
		fundingSources: sources,
		fundingStatus,
		withinBudget,
		additionalCosts
	};
}

// ---------------------------------------------------------------------------------------
// Responsible organisations ("X, Y och Z", "X med stöd av Y", "… mfl")
// ---------------------------------------------------------------------------------------

export interface ResponsibleParty {
	/** The organisation or role as written (first letter capitalised). */
	name: string;
	/** The first named party is the lead (huvudansvarig). */
	lead: boolean;
	/** Named after "med stöd av", "med hjälp av" or "finns som stöd". */
	support: boolean;
	/** Text in parentheses after the name, e.g. "Faluns BRÅ sammankallar". */
	note: string | null;
}

const ORG_SUFFIX = '(?:förvaltning(?:en)?|nämnd(?:en)?|sektion(?:en)?|kontor(?:et)?|enhet(?:en)?|avdelning(?:en)?|utskott(?:et)?|verksamhet(?:en)?)';
/** "Barn och utbildningsförvaltningen": one organisation, not two. */
const PROTECTED_OCH = new RegExp(`(^|[,;(]\\s*|\\s)([A-ZÅÄÖ][a-zåäö]+)\\s+och\\s+([a-zåäö]+${ORG_SUFFIX})(?![a-zåäö])`, 'g');
/** Names that are complete on their own: a capitalised word after them starts a new party ("Polisen Skolan"). */
const COMPLETE_NAMES = [
	'Polisen',
	'Skolan',
	'Förskolan',
	'Socialtjänsten',
	'Kopparstaden',
	'Frivården',
	'Kriminalvården',
	'Kommunstyrelsen',
	'Kommunpolis',
	'Kommunpolisen',
	'Räddningstjänsten',
	'Skatteverket',
	'Försäkringskassan',
	'Tullverket',
	'kommun'
];
/** Words that start a new party even without a separator ("Polisen Region Dalarna"). */
const STANDALONE_HEADS = [...COMPLETE_NAMES.filter((w) => w !== 'kommun'), 'Region', 'Länsstyrelsen', 'Ungdomsstödjarna'];
const ENDS_LIKE_ORG = new RegExp(`${ORG_SUFFIX}$`);
const GENERIC_PARTY =
	/^(?:mfl|m\.?\s?fl\.?|med flera|mm|m\.?\s?m\.?|etc\.?|boende|(?:även\s+)?(?:andra|övriga|berörda|medverkande|inbjudna|samverkande)(?:\s+berörda)?\s+(?:aktörer|verksamheter|myndigheter|parter)(?:\s.*)?|(?:projekt|samverkan|arbete|resursförstärkning))$/i;
const PROSE_CUT =
	/\s+(?:tillser|finns|bjuder|bjuds|samordnar|sammankallar|ansvarar|ser över|ges|är|har|ska|kommer|arbetar|utser|utses|för att|där|inbjudna)(?![a-zåäö])|(?<!tillsammans|samverkan)\s+med(?![a-zåäö])/;
const SUPPORT_SPLIT = /\s+(?:med stöd av|med stöd från|med hjälp av|med stöd)\s+/;

function protectParens(text: string): { text: string; notes: string[] } {
	const notes: string[] = [];
	let out = '';
	let depth = 0;
	let current = '';
	for (const ch of text) {
		if (ch === '(') {
			if (depth === 0) current = '';
			else current += ch;
			depth += 1;
		} else if (ch === ')' && depth > 0) {
			depth -= 1;
			if (depth === 0) {
				notes.push(current.trim());
				out += `\uE002${notes.length - 1}\uE003`;
			} else current += ch;
		} else if (depth > 0) current += ch;
		else out += ch;
	}
	if (depth > 0) out += '(' + current; // unbalanced: keep as text
	return { text: out, notes };
}

/** Splits "X, Y och Z" into parts; keeps "Barn och utbildningsförvaltningen" and "Arbetslivs- och socialförvaltningen" whole. */
export function splitNameList(text: string): string[] {
	const guarded = text.replace(PROTECTED_OCH, (_m, pre: string, a: string, b: string) => `${pre}${a}\uE001${b}`).replace(/-\s+och\s+/g, '-\uE004');
	return guarded
		.split(/\s*[,;]\s*|\s+samt\s+(?:även\s+)?|\s+tillsammans\s+med\s+|\s+i\s+samverkan\s+med\s+|\s+och\s+(?:även\s+)?|\s+&\s+/)
		.map((p) =>
			p
				.replace(/\uE001/g, ' och ')
				.replace(/\uE004/g, ' och ')
				.trim()
		)
		.filter((p) => p.length > 0);
}

function splitRunOn(item: string): string[] {
	const words = item.split(' ');
	const out: string[][] = [[]];
	for (let i = 0; i < words.length; i++) {
		const w = words[i];
		const cur = out[out.length - 1];
		const prev = cur[cur.length - 1];
		const head = STANDALONE_HEADS.includes(w.replace(/\uE002\d+\uE003$/, ''));
		const prevComplete = prev !== undefined && (COMPLETE_NAMES.includes(prev) || ENDS_LIKE_ORG.test(prev));
		if (cur.length > 0 && (head || prevComplete) && UPPER_START.test(w)) out.push([w]);
		else cur.push(w);
	}
	return out.map((ws) => ws.join(' ')).filter((s) => s.length > 0);
}

function toParties(segment: string, notes: string[], support: boolean): Omit<ResponsibleParty, 'lead'>[] {
	const parties: Omit<ResponsibleParty, 'lead'>[] = [];
	for (const item of splitNameList(segment.split(PROSE_CUT)[0])) {
		for (const piece of splitRunOn(item)) {
			let note: string | null = null;
			let name = piece
				.replace(/\uE002(\d+)\uE003/g, (_m, idx: string) => {
					note = notes[Number(idx)] ?? null;
					return '';
				})
				.replace(/^(?:främst|även|t\.?\s?ex\.?|bl\.?\s?a\.?)\s+/i, '')
				.replace(/\s+(?:mfl|m\.\s?fl\.?|med flera|m\.?m\.?)$/i, '')
				.replace(/[\s.:;,-]+$/, '')
				.replace(/^[\s:;,-]+/, '')
				.trim();
			if (name === '' && note) {
				name = note;
				note = null;
			}
			if (name === '' || GENERIC_PARTY.test(name)) continue;
			if (name.split(' ').length > 8) continue; // prose, not a name
			parties.push({ name: capitalise(name), support, note });
		}
	}
	return parties;
}

const ENDS_MID_SENTENCE = /(?:\s(?:och|samt|eller|med|i|för|av|till|som|att)|[-,;:(/])$/i;

/**
 * A multi-line cell with one name per line ("Socialtjänsten↵Fältgruppen↵Föreningen Nattvandrarna")
 * as a list, so no name is glued to the next; a sentence broken over lines stays a sentence.
 */
function namesPerLine(text: string): string {
	const lines = text
		.split(/\r?\n+/)
		.map((line) => line.replace(/^\s*[-•*–]\s+/, '').trim())
		.filter((line) => line !== '');
	if (lines.length < 2) return text;
	const oneNamePerLine = lines.every((line) => line.split(/\s+/).length <= 6 && !ENDS_MID_SENTENCE.test(line) && !/[.!?]$/.test(line));
	return oneNamePerLine ? lines.join(', ') : text;
}

/**
 * The co-responsible column ("Samverkansparter", "Samverkan"): every party named takes part in the
 * measure with its own part; none of them is the lead or a mere support.
 */
export function parseCoResponsible(text: string | null | undefined): ResponsibleParty[] {
	return parseResponsible(text).map((party) => ({ ...party, lead: false, support: false }));
}

/** A measurable part of a measure's goal, as read from an indicator column. */
export interface ParsedIndicator {
	name: string;
	/** '%' for shares, 'st' for counts, '' when the text does not say. */
	unit: string;
	baseline: number | null;
	target: number | null;
}

const NUMBER = String.raw`(\d+(?:[ \u00a0]\d{3})*(?:[.,]\d+)?)`;
const toNumber = (text: string): number => Number(text.replace(/[ \u00a0]/g, '').replace(',', '.'));

/**
 * The indicator column read into indicators, one per line or ";": "Andel som känner sig trygga (%):
 * 62 → 75", "Antal besökare, från 20 till 35", "Antal vandringar per år, mål minst 40", or only a
 * name ("Antal utbildade medarbetare"). The column's text is kept as written by the caller.
 */
export function parseIndicators(text: string | null | undefined): ParsedIndicator[] {
	const items = (text ?? '')
		.split(/\r?\n|;/)
		.map((item) => normaliseSpace(item.replace(/^\s*[-•*–]\s+/, '')))
		.filter((item) => item !== '');
	return items.map((item) => {
		const change = new RegExp(`(?:från\\s+)?${NUMBER}\\s*(?:%\\s*)?(?:→|->|–>|till)\\s*${NUMBER}`, 'i').exec(item);
		const goal = new RegExp(`(?:mål(?:et)?|målvärde)\\s*:?\\s*(?:minst|högst|max|min|ca|cirka)?\\s*${NUMBER}|(?:minst|högst)\\s+${NUMBER}`, 'i').exec(item);
		const numbersAt = change?.index ?? goal?.index ?? item.length;
		const name = item
			.slice(0, numbersAt)
			.replace(/\(\s*(?:%|procent|st|antal)\s*\)/gi, '')
			.replace(/[\s:,.–-]+$/, '')
			.trim();
		const unit = /%|procent|\bandel\b/i.test(item) ? '%' : /\bantal\b|\bst\b/i.test(item) ? 'st' : '';
		return {
			name: name === '' ? item : name,
			unit,
			baseline: change ? toNumber(change[1]) : null,
			target: change ? toNumber(change[2]) : goal ? toNumber(goal[1] ?? goal[2]) : null
		};
	});
}

/**
 * Reads the "Ansvarig" column into parties. The first named party is the lead; parties after
 * "med stöd av"/"med hjälp av" (or before "finns som stöd") are support. Generic fillers
 * ("mfl", "andra berörda aktörer") are skipped — the original text is kept by the caller anyway.
 */
export function parseResponsible(text: string | null | undefined): ResponsibleParty[] {
	const t = normaliseSpace(namesPerLine(text ?? ''));
	if (t === '') return [];
	const { text: guarded, notes } = protectParens(t);
	const sentences = guarded.split(/(?<=[.!?])\s+(?=[A-ZÅÄÖ])/);
	const used = [sentences[0], ...sentences.slice(1).filter((s) => s.split(' ').length <= 12 && s.includes(','))];

	const all: Omit<ResponsibleParty, 'lead'>[] = [];
	for (let sentence of used) {
		sentence = sentence
			.replace(/^(?:gemensamt\s+ansvar\s+(?:för|mellan)\s+(?:främst\s+)?|huvudansvar(?:ig)?:?\s+|ansvarig(?:a)?:?\s+)/i, '')
			.replace(/\s+-\s+.*$/, '') // "Kommundirektören tillser att: - …": list of tasks, not parties
			.trim();
		// "A B-samordnare och Kommunpolis finns som stöd …": the names before "finns som stöd" support A.
		const asSupport = /^(.*?)\s+finns\s+(?:med\s+)?som\s+stöd\b/.exec(sentence);
		if (asSupport) {
			const head = asSupport[1];
			const items = toParties(head, notes, false);
			if (items.length > 0) {
				all.push(items[0]);
				for (const p of items.slice(1)) all.push({ ...p, support: true });
			}
			continue;
		}
		const [main, ...rest] = sentence.split(SUPPORT_SPLIT);
		all.push(...toParties(main, notes, false));
		for (const r of rest) all.push(...toParties(r, notes, true));
	}

	const seen = new Set<string>();
	const unique = all.filter((p) => {
		const key = p.name.toLowerCase();
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	const leadIndex = unique.findIndex((p) => !p.support);
	return unique.map((p, i) => ({ ...p, lead: i === (leadIndex === -1 ? 0 : leadIndex) }));
}

// ---------------------------------------------------------------------------------------
// Organisation matching
// ---------------------------------------------------------------------------------------

export interface KnownOrganisation {
	name: string;
	/** Other names and abbreviations the organisation goes by ("BUF"). */
	aliases?: readonly string[] | null;
	/** Organisation type code, e.g. 'lokalpolisomrade' (see organisations.models). */
	type?: string | null;
}

/** Lowercase, hyphens as spaces, no punctuation or parentheses, no "AB". */
export function normaliseOrganisationName(name: string): string {
	return name
		.normalize('NFC')
		.toLowerCase()
		.replace(/\([^)]*\)/g, ' ')
		.replace(/[-–—/]/g, ' ')
		.replace(/[.,;:!?"'”“]/g, ' ')
		.replace(/\s+ab$/, '')
		.replace(/\s+/g, ' ')
		.trim();
}

const POLICE_NAME = /^(?:polisen|polis|polismyndigheten|kommunpolis(?:en)?|lokalpolisområde.*|lpo(?:\s.*)?|polisområde.*|närpolis.*|polisen i .*)$/;
const ACRONYM_SUFFIXES: readonly [string, string][] = [
	['förvaltningen', 'f'],
	['förvaltning', 'f'],
	['nämnden', 'n'],
	['nämnd', 'n'],
	['styrelsen', 's'],
	['kontoret', 'k'],
	['sektionen', 's'],
	['centrum', 'c'],
	['enheten', 'e'],
	['rådet', 'r']
];

function acronymOf(name: string): string {
	const words = normaliseOrganisationName(name)
		.split(' ')
		.filter((w) => w && !['och', 'för', 'i', 'av', 'på', 'med'].includes(w));
	let out = '';
	for (const w of words) {
		out += w[0];
		const suffix = ACRONYM_SUFFIXES.find(([s]) => w.endsWith(s) && w.length > s.length + 1);
		if (suffix) out += suffix[1];
	}
	return out;
}

function levenshtein(a: string, b: string): number {
	if (a === b) return 0;
	const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let diag = prev[0];
		prev[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const tmp = prev[j];
			prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
			diag = tmp;
		}
	}
	return prev[b.length];
}

function similarity(a: string, b: string): number {
	const max = Math.max(a.length, b.length);
	return max === 0 ? 1 : 1 - levenshtein(a, b) / max;
}

function namesOf(org: string | KnownOrganisation): string[] {
	return typeof org === 'string' ? [org] : [org.name, ...(org.aliases ?? [])];
}

export interface OrganisationMatch<T> {
	organisation: T;
	/**
	 * 'same': the same name written differently (spelling, hyphens, an alias, an abbreviation, the
	 * police or "kommunen"); safe to link. 'near': a name that only resembles a known one (a typo,
	 * "Socialtjänst" for "Socialtjänsten", a name inside a longer one): a suggestion a person confirms.
	 */
	certainty: 'same' | 'near';
}

/** The place a police wording names ("Lokalpolisområde Ludvika", "Polisen i Borlänge"), or null for plain "Polisen". */
function policePlace(normalised: string): string | null {
	const m = /^(?:lokalpolisområde|polisområde|lpo|närpolisen|närpolis|polisen i|polisen)\s+(.+)$/.exec(normalised);
	return m ? m[1].trim() : null;
}

/**
 * Finds the known organisation a free-text name refers to. Certain ('same') for spelling variants
 * ("Barn och utbildningsförvaltningen" ≈ "Barn- och utbildningsförvaltningen"), aliases,
 * abbreviations ("BUF", "KS"), the police ("Polisen" ≈ the municipality's only police area; a
 * police area named after another place is never it) and "kommunen"; near ('near') for small
 * typos and whole-word containment, which a person confirms. Null when nothing fits: the caller
 * creates the organisation as "to confirm" — names are never dropped.
 */
export function findOrganisationMatch<T extends string | KnownOrganisation>(name: string, knownOrganisations: readonly T[]): OrganisationMatch<T> | null {
	const n = normaliseOrganisationName(name);
	if (n === '' || knownOrganisations.length === 0) return null;
	const unique = (list: T[]): T | null => (list.length === 1 ? list[0] : null);
	const same = (organisation: T | null): OrganisationMatch<T> | null => (organisation === null ? null : { organisation, certainty: 'same' });

	// 1. Same name after normalisation (also aliases).
	const exact = knownOrganisations.find((o) => namesOf(o).some((x) => normaliseOrganisationName(x) === n));
	if (exact !== undefined) return same(exact);

	// 2. The police: plain police wording is the municipality's one police area; a named place must be in its name.
	if (POLICE_NAME.test(n)) {
		const police = knownOrganisations.filter(
			(o) => (typeof o !== 'string' && o.type === 'lokalpolisomrade') || namesOf(o).some((x) => /polis/.test(normaliseOrganisationName(x)))
		);
		const place = policePlace(n);
		if (place === null) return same(unique(police));
		const named = police.filter((o) => namesOf(o).some((x) => ` ${normaliseOrganisationName(x)} `.includes(` ${place} `)));
		return same(unique(named));
	}

	// 3. "Kommunen" → the only known municipality.
	if (/^(?:kommunen|kommun)$/.test(n)) {
		const m = unique(knownOrganisations.filter((o) => namesOf(o).some((x) => /\skommun$/.test(normaliseOrganisationName(x)))));
		if (m) return same(m);
	}

	// 4. Abbreviations: "BUF" → "Barn- och utbildningsförvaltningen", "KS" → "Kommunstyrelsen".
	const compact = name.replace(/[\s.]/g, '');
	if (/^[A-ZÅÄÖ]{2,6}$/.test(compact)) {
		const a = unique(knownOrganisations.filter((o) => namesOf(o).some((x) => acronymOf(x) === compact.toLowerCase())));
		if (a) return same(a);
	}

	// 5. Whole-word containment ("Kopparstaden" ⊂ "AB Kopparstaden", "Länsstyrelsen" ⊂ "Länsstyrelsen Dalarna"): a suggestion.
	const words = n.split(' ');
	if (words.some((w) => w.length >= 5)) {
		const contains = knownOrganisations.filter((o) =>
			namesOf(o).some((x) => {
				const kw = normaliseOrganisationName(x).split(' ');
				return words.every((w) => kw.includes(w)) || (kw.every((w) => words.includes(w)) && kw.some((w) => w.length >= 5));
			})
		);
		const c = unique(contains);
		if (c) return { organisation: c, certainty: 'near' };
	}

	// 6. Small typos / missing letters ("Socialtjänst", "Centrala stadsum"): a suggestion.
	let best: T | null = null;
	let bestScore = 0;
	let tie = false;
	for (const o of knownOrganisations) {
		for (const x of namesOf(o)) {
			const s = similarity(n, normaliseOrganisationName(x));
			if (s > bestScore) {
				best = o;
				bestScore = s;
				tie = false;
			} else if (s === bestScore && best !== o) tie = true;
		}
	}
	return bestScore >= 0.85 && !tie && best !== null ? { organisation: best, certainty: 'near' } : null;
}

/** The known organisation a name certainly refers to (see findOrganisationMatch), or null — never a mere resemblance. */
export function matchOrganisation<T extends string | KnownOrganisation>(name: string, knownOrganisations: readonly T[]): T | null {
	const found = findOrganisationMatch(name, knownOrganisations);
	return found?.certainty === 'same' ? found.organisation : null;
}

// ---------------------------------------------------------------------------------------
// Follow-up ("Faluns BRÅ och Kommunstyrelsen en gång per halvår")
// ---------------------------------------------------------------------------------------

export interface FollowUpInterpretation {
	forums: string[];
	cadence: FollowUpCadence | null;
}

const CADENCE_RULES: readonly [RegExp, FollowUpCadence][] = [
	[/(?:två|2)\s*(?:gånger|ggr)\s*(?:per|\/|om|i)\s*år(?:et)?|halvårsvis|(?:per|varje|\/)\s*halvår|halvårsvis|varje\s+vår\s+och\s+höst/, 'halvår'],
	[/(?:fyra|4)\s*(?:gånger|ggr)\s*(?:per|\/|om|i)\s*år(?:et)?|kvartalsvis|(?:per|varje|\/)\s*kvartal/, 'kvartal'],
	[/(?:tolv|12)\s*(?:gånger|ggr)\s*(?:per|\/|om|i)\s*år(?:et)?|månadsvis|månatligen|(?:per|varje|\/)\s*månad/, 'månad'],
	[/(?:en|1)\s*(?:gång|ggr)\s*(?:per|\/|om|i)\s*år(?:et)?|årligen|årsvis|(?:per|varje|\/)\s*år(?![a-zåäö])/, 'år']
];

const CADENCE_STRIP =
	/\s*(?:(?:en|ett|två|fyra|tolv|\d+)\s*(?:gång(?:er)?|ggr|tillfällen?)\s*)?(?:vid\s+ett\s+tillfälle\s*)?(?:per|\/|om|i|varje)\s*(?:halvår(?:et)?|kvartal(?:et)?|månad(?:en)?|år(?:et)?)(?![a-zåäö])|\s*(?:halvårsvis|kvartalsvis|månadsvis|månatligen|årligen|årsvis)/gi;

export function parseFollowUp(text: string | null | undefined): FollowUpInterpretation {
	const t = normaliseSpace(text ?? '');
	const lower = t.toLowerCase();
	let cadence: FollowUpCadence | null = null;
	for (const [re, c] of CADENCE_RULES) {
		if (re.test(lower)) {
			cadence = c;
			break;
		}
	}
	const stripped = t
		.replace(CADENCE_STRIP, ' ')
		.replace(new RegExp(`\\b(?:${MONTH_WORD})\\.?\\s+\\d{4}\\b`, 'gi'), ' ')
		.replace(/\b\d{4}-\d{2}-\d{2}\b/g, ' ');
	const forums: string[] = [];
	for (const sentence of stripped.split(/(?<=[.!?])\s+/)) {
		const s = sentence
			.replace(
				/^(?:uppföljning(?:en)?\s+(?:sker\s+)?(?:i|vid|av|till)\s+|återrapportering\s+(?:till|i)\s+|rapporteras\s+till\s+|vid\s+|i\s+|till\s+|på\s+)/i,
				''
			)
			.replace(/[\s.:;,]+$/, '')
			.trim();
		if (s === '') continue;
		for (const part of splitNameList(s)) {
			const name = part
				.replace(/^(?:i|vid|till|på)\s+/i, '')
				.replace(/[\s.:;,]+$/, '')
				.trim();
			if (name && !/^\d+$/.test(name) && !forums.some((f) => f.toLowerCase() === name.toLowerCase())) forums.push(capitalise(name));
		}
	}
	return { forums, cadence };
}

/**
 * The known places a measure's text names (Omfattning: "Nedre Norslund och Järnet"), in the
 * order given. Whole words only and case-insensitive, so "Järnet" is found in "i Järnet," but
 * "Centrum" is not found inside "Stadscentrumet". Names in parentheses ("Stadskärnan (ungefärlig)")
 * are matched without them.
 */
export function findPlaceNames(text: string, places: readonly string[]): string[] {
	const haystack = ` ${text.toLocaleLowerCase('sv-SE').replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
	const found: string[] = [];
	for (const place of places) {
		const bare = place.replace(/\s*\(.*?\)\s*/g, ' ').trim();
		const needle = bare
			.toLocaleLowerCase('sv-SE')
			.replace(/[^\p{L}\p{N}]+/gu, ' ')
			.trim();
		if (needle.length >= 3 && haystack.includes(` ${needle} `) && !found.includes(bare)) found.push(bare);
	}
	return found;
}
