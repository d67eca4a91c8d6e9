import { AppError, codedReason, type CodedReason, type ErrorParams } from '../../../platform/errors';
/**
 * Readers for indicator sources, all into one shape (area or region, period, breakdown,
 * value, unit, source, licence): Kolada v3 JSON, Brå's statistics tables, and a Kolada client.
 */

export interface IndicatorValue {
	indicator: string;
	name: string;
	/** Kolada's region id: '2080' municipality, '0020' county, '0000' Sweden; or an area code. */
	regionCode: string;
	period: string;
	sex: 'T' | 'K' | 'M';
	ageGroup: string;
	/** Null when the source suppressed the figure. */
	value: number | null;
	unit: string;
	respondents: number | null;
	source: string;
	licence: string;
}

/** A Kolada or Brå file that cannot be read as one: coded, so its message is in the reader's language. */
export class IndicatorFileError extends AppError {
	constructor(code: string, params: ErrorParams = {}) {
		super(code, 400, params);
		this.name = 'IndicatorFileError';
	}
}

/** Names of the crime KPIs the lägesbild uses (Kolada's own titles). */
export const KOLADA_CRIME_KPIS: Record<string, { name: string; unit: string }> = {
	N07403: { name: 'Anmälda våldsbrott, antal/100 000 inv', unit: 'antal/100 000 inv' },
	N07540: { name: 'Anmälda brott totalt, antal/100 000 inv', unit: 'antal/100 000 inv' },
	U07418: { name: 'Anmälda våldsbrott, antal/1 000 inv (treårsmedelvärde)', unit: 'antal/1 000 inv' }
};

interface KoladaResponse {
	values?: { kpi?: string; municipality?: string; period?: number | string; values?: { gender?: string; value?: number | null; status?: string }[] }[];
	count?: number;
	next_page?: string | null;
}

/** `GET /v3/data/kpi/{kpi}/municipality/{ids}/year/{years}` → indicator values. */
export function parseKoladaV3(input: string | KoladaResponse): IndicatorValue[] {
	let body: KoladaResponse;
	try {
		body = typeof input === 'string' ? JSON.parse(input.replace(/^\ufeff/, '')) : input;
	} catch {
		throw new IndicatorFileError('situation.file_not_json');
	}
	if (!body || !Array.isArray(body.values)) throw new IndicatorFileError('situation.indicator_not_kolada');
	const out: IndicatorValue[] = [];
	const plain = (x: unknown): x is string | number => (typeof x === 'string' && x !== '') || (typeof x === 'number' && Number.isFinite(x));
	for (const row of body.values) {
		// Any JSON can arrive: only rows and values of the documented shape are read.
		if (!row || typeof row !== 'object' || typeof row.kpi !== 'string' || !row.kpi || !plain(row.municipality) || !plain(row.period)) continue;
		for (const v of Array.isArray(row.values) ? row.values : []) {
			if (!v || typeof v !== 'object') continue;
			const sex = v.gender === 'K' || v.gender === 'M' ? v.gender : 'T';
			const known = Object.hasOwn(KOLADA_CRIME_KPIS, row.kpi) ? KOLADA_CRIME_KPIS[row.kpi] : undefined;
			out.push({
				indicator: row.kpi,
				name: known?.name ?? row.kpi,
				regionCode: String(row.municipality),
				period: String(row.period),
				sex,
				ageGroup: 'totalt',
				value: typeof v.value === 'number' && Number.isFinite(v.value) ? v.value : null,
				unit: known?.unit ?? '',
				respondents: null,
				source: 'Kolada',
				licence: 'CC BY 4.0 (RKA/Kolada)'
			});
		}
	}
	return out;
}

/** Brå's number cells: '..' suppressed (null), '-' zero, decimal comma, spaces as thousands separators. */
export function parseBraNumber(text: string): number | null | undefined {
	const t = text.replace(/[\s\u00a0]/g, '');
	if (t === '..' || t === '') return null;
	if (t === '-' || t === '–') return 0;
	const n = Number(t.replace(',', '.'));
	return Number.isFinite(n) ? n : undefined;
}

/**
 * A Brå table in long form (one row per region, crime type and period), as exported to
 * .csv/.xlsx: columns for region, crime (type or code), period and one or more value columns
 * whose headers say the unit ("Antal", "Per 100 000 inv"). Rows above the header are skipped.
 */
export function parseBraTable(table: string[][]): { values: IndicatorValue[]; problems: CodedReason[] } {
	const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
	const headerIndex = table.findIndex(
		(r) => r.some((c) => /^(region|område|kommun|län)/.test(norm(c))) && r.some((c) => /^(år|period|månad|kvartal)/.test(norm(c)))
	);
	if (headerIndex < 0) throw new IndicatorFileError('situation.indicator_no_header');
	const headers = table[headerIndex].map(norm);
	const regionCol = headers.findIndex((h) => /^(region|område|kommun|län)/.test(h));
	const periodCol = headers.findIndex((h) => /^(år|period|månad|kvartal)/.test(h));
	const crimeCol = headers.findIndex((h) => /^(brott|brottstyp|brottskod|brottskategori)/.test(h));
	const valueCols = headers
		.map((h, i) => ({ h, i }))
		.filter(({ h, i }) => i !== regionCol && i !== periodCol && i !== crimeCol && /(antal|per 100 ?000|per 1 ?000|andel)/.test(h));
	if (valueCols.length === 0) throw new IndicatorFileError('situation.indicator_no_value_column');
	const values: IndicatorValue[] = [];
	const problems: CodedReason[] = [];
	table.slice(headerIndex + 1).forEach((row, offset) => {
		const line = headerIndex + offset + 2;
		if (row.every((c) => !c?.trim())) return;
		const region = (row[regionCol] ?? '').trim();
		const period = (row[periodCol] ?? '').trim();
		if (!region || !period) {
			problems.push(codedReason('situation.indicator_row_region_missing', { line }));
			return;
		}
		const crime = crimeCol >= 0 ? (row[crimeCol] ?? '').trim() : 'Samtliga brott';
		// "2080 Falun" → code 2080; a name alone stays as it is.
		const code = region.match(/^(\d{2,4})\b/)?.[1] ?? region;
		for (const { h, i } of valueCols) {
			const parsed = parseBraNumber(row[i] ?? '');
			if (parsed === undefined) {
				problems.push(codedReason('situation.indicator_row_not_number', { line, value: row[i] ?? '' }));
				continue;
			}
			const unit = h.includes('100')
				? 'antal/100 000 inv'
				: h.includes('1 000') || h.includes('1000')
					? 'antal/1 000 inv'
					: h.includes('andel')
						? '%'
						: 'antal';
			values.push({
				indicator: `bra:${crime}:${unit}`,
				name: `${crime} (${unit})`,
				regionCode: code.length === 2 ? `00${code}` : code,
				period,
				sex: 'T',
				ageGroup: 'totalt',
				value: parsed,
				unit,
				respondents: null,
				source: 'Brå, kriminalstatistik',
				licence: 'Brå, fri att använda med källangivelse'
			});
		}
	});
	return { values, problems };
}

export interface KoladaClientOptions {
	/** https://api.kolada.se in production; the tests point it at a local server. */
	baseUrl: string;
	fetch?: typeof fetch;
	timeoutMs?: number;
}

/**
 * Fetches KPIs for the municipality, its county and the country, following `next_page`.
 * Only for machines that are online; files saved from the same API import the same way.
 */
export async function fetchKoladaValues(options: KoladaClientOptions & { kpis: string[]; regionIds: string[]; years: number[] }): Promise<IndicatorValue[]> {
	const doFetch = options.fetch ?? fetch;
	const base = options.baseUrl.replace(/\/$/, '');
	let url: string | null = `${base}/v3/data/kpi/${options.kpis.join(',')}/municipality/${options.regionIds.join(',')}/year/${options.years.join(',')}`;
	const out: IndicatorValue[] = [];
	for (let page = 0; url && page < 100; page++) {
		const response = await doFetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
		if (!response.ok) throw new IndicatorFileError('situation.kolada_status', { status: response.status, url });
		const body = (await response.json()) as KoladaResponse;
		out.push(...parseKoladaV3(body));
		url = body.next_page ? new URL(body.next_page, `${base}/`).toString() : null;
	}
	return out;
}
