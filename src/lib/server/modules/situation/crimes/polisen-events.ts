import { createHash } from 'node:crypto';
import { AppError, codedReason, type CodedReason, type ErrorParams } from '../../../platform/errors';
import { isoWeekday, type CrimeCategory, type CrimeRow } from '../situation.models';

/**
 * Polisen's public events API (https://polisen.se/api/events): a JSON array of the latest
 * events. Its position is the centre of the municipality, never the event's place, so an event
 * becomes a municipality-level fact: category, date and hour. Name, summary and url are free
 * text written by the police and are never stored.
 */

export interface PolisenEvent {
	id: number | string;
	datetime: string;
	name?: string;
	summary?: string;
	url?: string;
	type: string;
	location?: { name?: string; gps?: string };
}

/** A file or answer that is not Polisen's events: coded, so its message is in the reader's language. */
export class PolisenFileError extends AppError {
	constructor(code: string, params: ErrorParams = {}) {
		super(code, 400, params);
		this.name = 'PolisenFileError';
	}
}

/**
 * Polisen's event types that are crimes, by the lägesbild's category. Types Polisen uses for
 * burglary and theft do not say whether a home was hit, so they count as "other theft".
 */
const CRIME_TYPES: Record<string, CrimeCategory> = {
	stöld: 'ovrig_stold',
	'stöld, försök': 'ovrig_stold',
	'stöld/inbrott': 'ovrig_stold',
	inbrott: 'ovrig_stold',
	'inbrott, försök': 'ovrig_stold',
	'motorfordon, stöld': 'stold_fordon',
	misshandel: 'misshandel',
	'misshandel, grov': 'misshandel',
	'olaga hot': 'hot',
	'ofredande/förargelse': 'hot',
	'våld/hot mot tjänsteman': 'hot',
	rån: 'ran',
	'rån väpnat': 'ran',
	'rån, försök': 'ran',
	'rån övrigt': 'ran',
	skadegörelse: 'skadegorelse',
	narkotikabrott: 'narkotika',
	sexualbrott: 'sexualbrott',
	våldtäkt: 'sexualbrott',
	'våldtäkt, försök': 'sexualbrott',
	sedlighetsbrott: 'sexualbrott',
	bedrägeri: 'bedrageri',
	'mord/dråp': 'ovrigt',
	'mord/dråp, försök': 'ovrigt',
	skottlossning: 'ovrigt',
	'skottlossning, misstänkt': 'ovrigt',
	detonation: 'ovrigt',
	bombhot: 'ovrigt',
	vapenlagen: 'ovrigt',
	knivlagen: 'ovrigt',
	'olaga frihetsberövande': 'ovrigt',
	'olaga intrång/hemfridsbrott': 'ovrigt',
	häleri: 'ovrigt',
	ekobrott: 'ovrigt',
	miljöbrott: 'ovrigt',
	'missbruk av urkund': 'ovrigt',
	rattfylleri: 'ovrigt',
	'olovlig körning': 'ovrigt',
	trafikbrott: 'ovrigt',
	alkohollagen: 'ovrigt',
	'sabotage mot blåljusverksamhet': 'ovrigt'
};

/** Types Polisen reports that are not crimes (accidents, alarms, summaries): left out, with that reason. */
const NOT_CRIMES = new Set([
	'trafikolycka',
	'trafikolycka, personskada',
	'trafikolycka, singel',
	'trafikolycka, smitning från',
	'trafikolycka, vilt',
	'trafikhinder',
	'trafikkontroll',
	'kontroll person/fordon',
	'brand',
	'brand automatlarm',
	'räddningsinsats',
	'försvunnen person',
	'anträffad död',
	'anträffat gods',
	'motorfordon, anträffat stulet',
	'fylleri/lob',
	'bråk',
	'larm inbrott',
	'larm överfall',
	'farligt föremål, misstänkt',
	'djur skadat/omhändertaget',
	'lagen om hundar och katter',
	'arbetsplatsolycka',
	'naturkatastrof',
	'fjällräddning',
	'gränskontroll',
	'polisinsats/kommendering',
	'ordningslagen',
	'varningslarm/haveri',
	'tillfälligt obemannat',
	'uppdatering',
	'sammanfattning natt',
	'sammanfattning kväll och natt',
	'sammanfattning dag',
	'sammanfattning helg',
	'övrigt'
]);

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** The lägesbild's category of a Polisen event type, or why it is left out. */
export function categoryOfPolisenType(type: string): { category: CrimeCategory } | CodedReason {
	const key = norm(type);
	const category = CRIME_TYPES[key];
	if (category) return { category };
	if (!key) return codedReason('situation.polisen_type_missing');
	if (NOT_CRIMES.has(key) || key.startsWith('sammanfattning')) return codedReason('situation.polisen_not_crime', { type });
	return codedReason('situation.polisen_type_unknown', { type });
}

/** For the page: which Polisen types count as which category. */
export function polisenTypeTable(): { type: string; category: CrimeCategory }[] {
	return Object.entries(CRIME_TYPES).map(([type, category]) => ({ type: type[0].toUpperCase() + type.slice(1), category }));
}

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * When the event happened. `datetime` ("2024-01-05 9:40:11 +01:00", Swedish time, the hour
 * without a leading zero) is when Polisen published it; the title begins with the event's own
 * day and time ("5 januari 09.12, Stöld, Falun"), which is used when it reads cleanly. The
 * title itself is not kept.
 */
export function eventTime(event: Pick<PolisenEvent, 'datetime' | 'name'>): { date: string; hour: number; minute: number } | null {
	const match = String(event.datetime ?? '').match(/^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:[+-]\d{2}:?\d{2}|Z)?$/);
	if (!match) return null;
	const [year, month, day, hour, minute] = match.slice(1, 6).map(Number);
	const published = new Date(Date.UTC(year, month - 1, day));
	if (published.getUTCMonth() !== month - 1 || published.getUTCDate() !== day || hour > 23 || minute > 59) return null;
	const fromTitle = String(event.name ?? '').match(/^(\d{1,2}) ([a-zåäö]+) (\d{1,2})[.:](\d{2}),/i);
	if (fromTitle) {
		const [d, monthName, h, m] = [Number(fromTitle[1]), fromTitle[2].toLowerCase(), Number(fromTitle[3]), Number(fromTitle[4])];
		const mi = MONTHS.indexOf(monthName);
		// An event of 31 December published on 1 January belongs to the year before.
		const y = mi > month - 1 ? year - 1 : year;
		const probe = new Date(Date.UTC(y, mi, d));
		if (mi >= 0 && h <= 23 && m <= 59 && probe.getUTCDate() === d && probe.getUTCMonth() === mi)
			return { date: `${y}-${pad(mi + 1)}-${pad(d)}`, hour: h, minute: m };
	}
	return { date: `${year}-${pad(month)}-${pad(day)}`, hour, minute };
}

export interface PolisenSkipped extends CodedReason {
	type: string;
	count: number;
}

export interface PolisenReading {
	/** Events in the file. */
	read: number;
	/** Events whose location is another municipality or a county. */
	otherPlaces: number;
	/** Events of the municipality listed more than once in the file. */
	repeated: number;
	rows: CrimeRow[];
	/** Events of the municipality that are not crimes or cannot be read, grouped by type and reason. */
	skipped: PolisenSkipped[];
}

/** Parses the API's JSON (an array, or an object with an `events` array as some saved copies have). */
export function parsePolisenJson(text: string): PolisenEvent[] {
	let body: unknown;
	try {
		body = JSON.parse(text.replace(/^\ufeff/, ''));
	} catch {
		throw new PolisenFileError('situation.file_not_json');
	}
	const list = Array.isArray(body)
		? body
		: body && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events)
			? (body as { events: unknown[] }).events
			: null;
	if (!list) throw new PolisenFileError('situation.polisen_not_events');
	if (list.length && !list.some((e) => e && typeof e === 'object' && 'id' in e && 'type' in e && 'datetime' in e))
		throw new PolisenFileError('situation.polisen_fields_missing');
	return list as PolisenEvent[];
}

/** Names the municipality goes by in Polisen's location.name ("Falun"; "Falu kommun" also matches). */
export function municipalityNames(municipality: { name: string; officialName?: string | null }): Set<string> {
	const names = new Set([norm(municipality.name)]);
	if (municipality.officialName) {
		names.add(norm(municipality.officialName));
		names.add(norm(municipality.officialName.replace(/\s+kommun$/i, '')));
	}
	return names;
}

/** Only the municipality's own events; each a crime row without any place (see the module comment). */
export function readPolisenEvents(events: PolisenEvent[], municipality: { name: string; officialName?: string | null }): PolisenReading {
	const names = municipalityNames(municipality);
	const rows: CrimeRow[] = [];
	const skipped = new Map<string, PolisenSkipped>();
	const seen = new Set<string>();
	let otherPlaces = 0;
	let repeated = 0;
	const skip = (type: string, { reason, text }: CodedReason) => {
		const key = `${type}\u0000${reason}`;
		const entry = skipped.get(key) ?? { type, count: 0, reason, text };
		entry.count++;
		skipped.set(key, entry);
	};
	for (const event of events) {
		if (!event || typeof event !== 'object') {
			skip('', codedReason('situation.polisen_not_event'));
			continue;
		}
		if (!names.has(norm(String(event.location?.name ?? '')))) {
			otherPlaces++;
			continue;
		}
		const type = String(event.type ?? '').trim();
		const id = String(event.id ?? '').trim();
		if (!id) {
			skip(type, codedReason('situation.polisen_id_missing'));
			continue;
		}
		if (seen.has(id)) {
			repeated++;
			continue;
		}
		seen.add(id);
		const verdict = categoryOfPolisenType(type);
		if ('reason' in verdict) {
			skip(type, verdict);
			continue;
		}
		const when = eventTime(event);
		if (!when) {
			skip(type, codedReason('situation.polisen_time_invalid', { text: String(event.datetime ?? '') }));
			continue;
		}
		rows.push({
			// Polisen's id identifies the event: importing the same file again adds nothing.
			hashKey: createHash('sha256').update(`polisen\u0000${id}`).digest('base64url').slice(0, 32),
			category: verdict.category,
			crimeCode: null,
			occurredOn: `${when.date}T${pad(when.hour)}:${pad(when.minute)}`,
			year: Number(when.date.slice(0, 4)),
			month: Number(when.date.slice(5, 7)),
			weekday: isoWeekday(when.date),
			hour: when.hour,
			easting: null,
			northing: null,
			latitude: null,
			longitude: null,
			areaCode: null
		});
	}
	return {
		read: events.length,
		otherPlaces,
		repeated,
		rows,
		skipped: [...skipped.values()].sort((a, b) => b.count - a.count || a.type.localeCompare(b.type, 'sv'))
	};
}

/**
 * Fetches the municipality's events from the API (only on machines that are online; a saved
 * file imports the same way). `locationname` asks Polisen for this municipality only.
 */
export async function fetchPolisenEventList(options: { url: string; locationName: string; fetch?: typeof fetch; timeoutMs?: number }): Promise<PolisenEvent[]> {
	const url = new URL(options.url);
	url.searchParams.set('locationname', options.locationName);
	const response = await (options.fetch ?? fetch)(url, {
		headers: { accept: 'application/json', 'user-agent': 'Forebygg (lagesbild)' },
		signal: AbortSignal.timeout(options.timeoutMs ?? 15_000)
	});
	if (!response.ok) throw new PolisenFileError('situation.polisen_status', { status: response.status, url: `${url.origin}${url.pathname}` });
	return parsePolisenJson(await response.text());
}
