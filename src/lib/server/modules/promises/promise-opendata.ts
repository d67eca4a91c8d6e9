/**
 * Open data of the published promises: JSON, CSV, a DCAT-AP-SE catalogue (RDF/XML) that Sweden's
 * data portal can harvest, an Atom feed and an iCalendar feed. Pure: the routes pass in what is public.
 */
import { formatLooseDate, isExactDay } from '$lib/modules/promises/loose-date';
import { DEFAULT_LICENCE } from '$lib/modules/promises/constants';
import type { PromiseView } from './promises.usecases';
import { writeCsv } from '../../platform/files/csv';

export interface OpenDataMunicipality {
	slug: string;
	name: string;
	officialName: string;
	scbCode: string;
}

const LICENCES: Record<string, { id: string; name: string; url: string }> = { [DEFAULT_LICENCE.id]: DEFAULT_LICENCE };
export const licenceOf = (id: string) => LICENCES[id] ?? DEFAULT_LICENCE;

export const promiseUrl = (origin: string, m: OpenDataMunicipality, slug: string) => `${origin}/${m.slug}/medborgarloften/${slug}`;

/** The public promise as open data: no internal notes, no feedback senders. */
export function promiseJson(promise: PromiseView, m: OpenDataMunicipality, origin: string) {
	const licence = licenceOf(promise.licence);
	return {
		licence: { id: licence.id, name: licence.name, url: licence.url },
		source: promiseUrl(origin, m, promise.slug),
		municipality: { name: m.officialName, code: m.scbCode },
		promise: {
			slug: promise.slug,
			title: promise.title,
			status: promise.status,
			period: { start: promise.periodStart, end: promise.periodEnd, extendedTo: promise.extensions.length ? promise.effectiveEnd : null },
			extensions: promise.extensions,
			introduction: promise.introduction,
			problemPicture: promise.problemPicture,
			commitment: promise.commitment,
			timeframe: promise.timeframe,
			focusAreas: promise.focusAreas,
			dialogueBasis: promise.dialogues,
			parties: promise.parties,
			signatories: promise.signatories,
			followUpForum: promise.followUpForum,
			nextFollowUpOn: promise.nextFollowUpOn,
			/** How much of the date is meant: 'day', 'month' ("februari 2019"), 'season' or 'by-…' (a deadline). */
			nextFollowUpPrecision: promise.nextFollowUpPrecision ?? 'day',
			nextFollowUpAsWritten: formatLooseDate(promise.nextFollowUpOn, promise.nextFollowUpPrecision),
			signedOn: promise.signedOn,
			signedOnPrecision: promise.signedOnPrecision ?? 'day',
			publishedAt: promise.publishedAt,
			activities: promise.activities.map((a) => ({
				activity: a.activity,
				group: a.group,
				scope: a.scope,
				when: a.when,
				responsible: a.responsible,
				followUp: a.followUp,
				target: a.targetKind === null ? null : { kind: a.targetKind, value: a.targetValue, unit: a.targetUnit }
			})),
			followUps: promise.followUps.map((f) => ({
				heldOn: f.heldOn,
				heldOnPrecision: f.heldOnPrecision ?? 'day',
				forum: f.forum,
				summary: f.summary,
				corrections: f.corrections,
				outcomes: f.outcomes.map((o) => ({
					activity: o.activity,
					target: o.targetKind === null ? null : { kind: o.targetKind, value: o.targetValue, unit: o.targetUnit },
					achieved: o.achieved,
					unit: o.targetUnit,
					targetMet: o.met,
					status: o.status,
					done: o.done
				}))
			}))
		}
	};
}

export const CSV_COLUMNS = [
	'medborgarlofte',
	'period',
	'aktivitet',
	'omfattning',
	'nar',
	'ansvarig',
	'uppfoljning',
	'mal_antal',
	'mal_enhet',
	'uppfoljning_datum',
	'uppfoljning_forum',
	'utfall_antal',
	'mal_natt',
	'status',
	'vad_har_gjorts'
] as const;

/** One row per activity and published follow-up (long format); activities never followed up get one row without an outcome. */
export function promiseCsv(promise: PromiseView): string {
	const rows: (string | number | boolean | null)[][] = [];
	const base = (a: {
		activity: string;
		scope: string;
		when: string;
		responsible: string;
		followUp: string;
		targetValue: number | null;
		targetUnit: string | null;
	}) => [promise.title, promise.period, a.activity, a.scope, a.when, a.responsible, a.followUp, a.targetValue, a.targetUnit];
	for (const a of promise.activities) {
		const outcomes = promise.followUps.flatMap((f) => f.outcomes.filter((o) => o.activityId === a.id).map((o) => ({ f, o })));
		if (outcomes.length === 0) rows.push([...base(a), null, null, null, null, null, null]);
		for (const { f, o } of outcomes) rows.push([...base(a), f.heldOn, f.forum, o.achieved, o.met, o.status, o.done]);
	}
	// Outcomes of activities removed since the follow-up stay in the data, from their snapshot.
	for (const f of promise.followUps) {
		for (const o of f.outcomes.filter((x) => x.activityId === null)) {
			rows.push([
				promise.title,
				promise.period,
				o.activity,
				null,
				null,
				null,
				null,
				o.targetValue,
				o.targetUnit,
				f.heldOn,
				f.forum,
				o.achieved,
				o.met,
				o.status,
				o.done
			]);
		}
	}
	return writeCsv([[...CSV_COLUMNS], ...rows.map((r) => r.map((v) => (typeof v === 'boolean' ? (v ? 'ja' : 'nej') : v)))], { delimiter: ',' });
}

// XML 1.0 forbids these characters, so they are dropped rather than escaped.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(value: string): string {
	return value.replace(XML_FORBIDDEN, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const EU_FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/';
const EU_THEME_JUSTICE = 'http://publications.europa.eu/resource/authority/data-theme/JUST';
const EU_LANGUAGE_SWEDISH = 'http://publications.europa.eu/resource/authority/language/SWE';

/** A DCAT-AP-SE catalogue: one dataset per published promise, each with a JSON and a CSV distribution. */
export function dcatCatalogue(promises: PromiseView[], m: OpenDataMunicipality, origin: string): string {
	const base = `${origin}/${m.slug}/medborgarloften`;
	const publisher = `${origin}/${m.slug}#organisation`;
	const modified =
		promises
			.map((p) => p.updatedAt)
			.sort()
			.at(-1) ?? new Date(0).toISOString();
	const text = (tag: string, value: string, lang = true) => `<${tag}${lang ? ' xml:lang="sv"' : ''}>${escapeXml(value)}</${tag}>`;
	const datasets = promises.map((p) => {
		const licence = licenceOf(p.licence);
		const url = promiseUrl(origin, m, p.slug);
		const description = [p.commitment, p.introduction, `Aktiviteter med mål, utfall och status i uppföljningarna.`].filter(Boolean).join('\n\n').slice(0, 2000);
		const distribution = (format: 'JSON' | 'CSV', mediaType: string) => `
      <dcat:distribution>
        <dcat:Distribution rdf:about="${escapeXml(`${url}/data.${format.toLowerCase()}`)}">
          ${text('dct:title', `${p.title} (${format})`)}
          <dcat:accessURL rdf:resource="${escapeXml(`${url}/data.${format.toLowerCase()}`)}"/>
          <dcat:downloadURL rdf:resource="${escapeXml(`${url}/data.${format.toLowerCase()}`)}"/>
          <dct:format rdf:resource="${EU_FILE_TYPE}${format}"/>
          <dcat:mediaType rdf:resource="https://www.iana.org/assignments/media-types/${mediaType}"/>
          <dct:license rdf:resource="${escapeXml(licence.url)}"/>
        </dcat:Distribution>
      </dcat:distribution>`;
		return `
  <dcat:dataset>
    <dcat:Dataset rdf:about="${escapeXml(url)}">
      ${text('dct:title', `Medborgarlöfte: ${p.title}`)}
      ${text('dct:description', description || p.title)}
      <dct:identifier>${escapeXml(url)}</dct:identifier>
      <dct:publisher rdf:resource="${escapeXml(publisher)}"/>
      <dct:license rdf:resource="${escapeXml(licence.url)}"/>
      <dct:language rdf:resource="${EU_LANGUAGE_SWEDISH}"/>
      <dcat:theme rdf:resource="${EU_THEME_JUSTICE}"/>
      ${text('dcat:keyword', 'medborgarlöfte')}
      ${text('dcat:keyword', 'brottsförebyggande')}
      ${text('dcat:keyword', 'trygghet')}
      <dcat:landingPage rdf:resource="${escapeXml(url)}"/>
      ${p.publishedAt ? `<dct:issued rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime">${p.publishedAt}</dct:issued>` : ''}
      <dct:modified rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime">${p.updatedAt}</dct:modified>
      ${p.periodStart !== null ? `<dct:temporal><dct:PeriodOfTime><dcat:startDate rdf:datatype="http://www.w3.org/2001/XMLSchema#gYear">${p.periodStart}</dcat:startDate>${p.effectiveEnd !== null ? `<dcat:endDate rdf:datatype="http://www.w3.org/2001/XMLSchema#gYear">${p.effectiveEnd}</dcat:endDate>` : ''}</dct:PeriodOfTime></dct:temporal>` : ''}
      <dcat:contactPoint>
        <vcard:Organization>
          <vcard:fn>${escapeXml(m.officialName)}</vcard:fn>
          <vcard:hasURL rdf:resource="${escapeXml(`${origin}/${m.slug}`)}"/>
        </vcard:Organization>
      </dcat:contactPoint>${distribution('JSON', 'application/json')}${distribution('CSV', 'text/csv')}
    </dcat:Dataset>
  </dcat:dataset>`;
	});
	return `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/" xmlns:foaf="http://xmlns.com/foaf/0.1/" xmlns:vcard="http://www.w3.org/2006/vcard/ns#">
<dcat:Catalog rdf:about="${escapeXml(`${base}/katalog.rdf`)}">
  ${text('dct:title', `Medborgarlöften i ${m.officialName}`)}
  ${text('dct:description', `Polisens och ${m.officialName}s gemensamma medborgarlöften med aktiviteter, mätbara mål och uppföljningar, som öppna data.`)}
  <dct:publisher rdf:resource="${escapeXml(publisher)}"/>
  <dct:license rdf:resource="${DEFAULT_LICENCE.url}"/>
  <dct:language rdf:resource="${EU_LANGUAGE_SWEDISH}"/>
  <foaf:homepage rdf:resource="${escapeXml(`${origin}/${m.slug}`)}"/>
  <dct:modified rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime">${modified}</dct:modified>${datasets.join('')}
</dcat:Catalog>
<foaf:Agent rdf:about="${escapeXml(publisher)}">
  ${text('foaf:name', m.officialName)}
  <dct:identifier>${escapeXml(m.scbCode)}</dct:identifier>
</foaf:Agent>
</rdf:RDF>
`;
}

export interface FeedEntry {
	id: string;
	title: string;
	updated: string;
	link: string;
	summary: string;
}

/** New promises and published follow-ups of one municipality, newest first (RFC 4287). */
export function atomFeed(options: {
	municipality: OpenDataMunicipality;
	origin: string;
	selfUrl: string;
	entries: FeedEntry[];
	/** Another module's feed (safety walks) gives its own title and subtitle. */
	title?: string;
	subtitle?: string;
}): string {
	const { municipality: m, origin } = options;
	const entries = [...options.entries].sort((a, b) => (a.updated < b.updated ? 1 : -1));
	const updated = entries[0]?.updated ?? new Date(0).toISOString();
	return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">
  <id>${escapeXml(options.selfUrl)}</id>
  <title>${escapeXml(options.title ?? `Medborgarlöften i ${m.officialName}`)}</title>
  <subtitle>${escapeXml(options.subtitle ?? 'Nya medborgarlöften och uppföljningar från polisen och kommunen.')}</subtitle>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${escapeXml(options.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${origin}/${m.slug}`)}"/>
  <author><name>${escapeXml(m.officialName)}</name></author>
  <rights>${escapeXml(DEFAULT_LICENCE.name)}</rights>
${entries
	.map(
		(e) => `  <entry>
    <id>${escapeXml(e.id)}</id>
    <title>${escapeXml(e.title)}</title>
    <updated>${e.updated}</updated>
    <link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/>
    <summary>${escapeXml(e.summary)}</summary>
  </entry>`
	)
	.join('\n')}
</feed>
`;
}

export function feedEntries(promises: PromiseView[], m: OpenDataMunicipality, origin: string): FeedEntry[] {
	const entries: FeedEntry[] = [];
	for (const p of promises) {
		const link = promiseUrl(origin, m, p.slug);
		entries.push({
			id: `${link}#publicerat`,
			title: `Nytt medborgarlöfte: ${p.title}`,
			updated: p.publishedAt ?? p.createdAt,
			link,
			summary: p.commitment || p.introduction.slice(0, 500) || p.title
		});
		for (const f of p.followUps) {
			const c = f.counts;
			entries.push({
				id: `${link}#uppfoljning-${f.id}`,
				title: `Uppföljning ${f.heldOn} av ${p.title}`,
				updated: f.publishedAt ?? f.createdAt,
				link: `${link}#history-title`,
				summary:
					`${f.forum}: ${c.uppfyllt} uppfyllda, ${c.delvis_uppfyllt} delvis uppfyllda, ${c.ej_uppfyllt} ej uppfyllda och ${c.pagar} pågående av ${c.total} aktiviteter. ${f.summary}`.trim()
			});
		}
	}
	return entries;
}

// ---------------------------------------------------------------------------------------------
// iCalendar (RFC 5545)

export function icalText(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (never inside a UTF-8 character): CRLF and one space start each continuation. */
export function foldLine(line: string): string {
	const encoder = new TextEncoder();
	const parts: string[] = [];
	let current = '';
	let size = 0;
	for (const char of line) {
		const bytes = encoder.encode(char).length;
		const limit = parts.length === 0 ? 75 : 74;
		if (size + bytes > limit) {
			parts.push(current);
			current = '';
			size = 0;
		}
		current += char;
		size += bytes;
	}
	parts.push(current);
	return parts.join('\r\n ');
}

const icalDate = (iso: string) => iso.slice(0, 10).replace(/-/g, '');
const icalStamp = (iso: string) =>
	new Date(iso)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
function nextDay(iso: string): string {
	const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

/** The public follow-up dates: every published follow-up held, and each promise's next planned one. */
export function followUpCalendar(promises: PromiseView[], m: OpenDataMunicipality, origin: string, host: string): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Förebygg//Medborgarlöften//SV',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${icalText(`Uppföljningar av medborgarlöften – ${m.officialName}`)}`
	];
	const event = (uid: string, date: string, stamp: string, summary: string, description: string, url: string, location: string) => {
		lines.push(
			'BEGIN:VEVENT',
			`UID:${uid}@${host}`,
			`DTSTAMP:${icalStamp(stamp)}`,
			`DTSTART;VALUE=DATE:${icalDate(date)}`,
			`DTEND;VALUE=DATE:${icalDate(nextDay(date))}`,
			`SUMMARY:${icalText(summary)}`,
			`DESCRIPTION:${icalText(description)}`,
			...(location ? [`LOCATION:${icalText(location)}`] : []),
			`URL:${url}`,
			'TRANSP:TRANSPARENT',
			'END:VEVENT'
		);
	};
	for (const p of promises) {
		const url = promiseUrl(origin, m, p.slug);
		// A month or a season is no calendar day: only follow-ups dated to the day become events.
		for (const f of p.followUps.filter((f) => isExactDay(f.heldOnPrecision))) {
			event(
				`uppfoljning-${f.id}`,
				f.heldOn,
				f.publishedAt ?? f.createdAt,
				`Uppföljning av medborgarlöftet ${p.title}`,
				f.summary || `Uppföljning i ${f.forum}.`,
				url,
				f.forum
			);
		}
		if (p.nextFollowUpOn && isExactDay(p.nextFollowUpPrecision)) {
			event(
				`nasta-${p.id}`,
				p.nextFollowUpOn,
				p.updatedAt,
				`Planerad uppföljning av medborgarlöftet ${p.title}`,
				`Löftet följs upp${p.followUpForum ? ` i ${p.followUpForum}` : ''}.`,
				url,
				p.followUpForum
			);
		}
	}
	lines.push('END:VCALENDAR');
	return lines.map(foldLine).join('\r\n') + '\r\n';
}
