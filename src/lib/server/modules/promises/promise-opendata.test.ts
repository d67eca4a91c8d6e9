import { createHash } from 'node:crypto';
import fs from 'node:fs';
// saxes is a strict, namespace-aware XML parser (installed with exceljs): a malformed document fails here.
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { promisesModule } from './module';
import {
	atomFeed,
	dcatCatalogue,
	feedEntries,
	foldLine,
	followUpCalendar,
	icalText,
	promiseCsv,
	promiseJson,
	type OpenDataMunicipality
} from './promise-opendata';
import { listPublicPromises, type PromiseView } from './promises.usecases';

interface XmlNode {
	/** Namespace URI + local name, e.g. "http://www.w3.org/ns/dcat#Dataset". */
	name: string;
	attributes: Record<string, string>;
	children: XmlNode[];
	text: string;
}

function parseXml(xml: string): XmlNode {
	const parser = new SaxesParser({ xmlns: true });
	const stack: XmlNode[] = [];
	let root: XmlNode | null = null;
	parser.on('error', (error) => {
		throw error;
	});
	parser.on('opentag', (tag) => {
		const attributes: Record<string, string> = {};
		for (const attribute of Object.values(tag.attributes)) attributes[`${attribute.uri}${attribute.local}`] = attribute.value;
		const node: XmlNode = { name: `${tag.uri}${tag.local}`, attributes, children: [], text: '' };
		stack.at(-1)?.children.push(node);
		stack.push(node);
		root ??= node;
	});
	parser.on('text', (text) => {
		const top = stack.at(-1);
		if (top) top.text += text;
	});
	parser.on('closetag', () => void stack.pop());
	parser.write(xml).close();
	return root!;
}

const all = (node: XmlNode, name: string): XmlNode[] => [...(node.name === name ? [node] : []), ...node.children.flatMap((c) => all(c, name))];
const child = (node: XmlNode, name: string) => node.children.find((c) => c.name === name);

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const ATOM = 'http://www.w3.org/2005/Atom';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const ORIGIN = 'https://forebygg.example.se';

describe('open data of the published promises', () => {
	let database: TestDb;
	let promises: PromiseView[];
	let sunne: PromiseView[];
	let falun: OpenDataMunicipality;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		await promisesModule.seedDemo!({ db: database.db, refs: database.refs! });
		promises = await listPublicPromises({ db: database.db, municipalityId: database.refs!.municipalities.falun.id });
		sunne = await listPublicPromises({ db: database.db, municipalityId: database.refs!.municipalities.sunne.id });
		falun = { slug: 'falun', name: 'Falun', officialName: 'Falu kommun', scbCode: '2080' };
	});
	afterAll(() => database.close());

	it('the DCAT-AP-SE catalogue has the shape the data portal harvests', () => {
		const root = parseXml(dcatCatalogue([...promises, ...sunne], falun, ORIGIN));
		expect(root.name).toBe(`${RDF}RDF`);
		const [catalog] = all(root, `${DCAT}Catalog`);
		expect(catalog).toBeDefined();
		for (const property of ['title', 'description', 'publisher', 'license'])
			expect(child(catalog, `${DCT}${property}`), `catalog dct:${property}`).toBeDefined();
		const datasets = all(catalog, `${DCAT}Dataset`);
		expect(datasets).toHaveLength(2);
		for (const dataset of datasets) {
			expect(child(dataset, `${DCT}title`)?.text).toMatch(/^Medborgarlöfte: /);
			expect(child(dataset, `${DCT}description`)?.text.length).toBeGreaterThan(10);
			expect(child(dataset, `${DCT}publisher`)?.attributes[`${RDF}resource`]).toBe(`${ORIGIN}/falun#organisation`);
			expect(child(dataset, `${DCT}license`)?.attributes[`${RDF}resource`]).toBe('https://creativecommons.org/publicdomain/zero/1.0/');
			expect(child(dataset, `${DCAT}contactPoint`)).toBeDefined();
			const distributions = all(dataset, `${DCAT}Distribution`);
			expect(distributions.map((d) => child(d, `${DCT}format`)?.attributes[`${RDF}resource`].split('/').at(-1)).sort()).toEqual(['CSV', 'JSON']);
			for (const d of distributions)
				expect(child(d, `${DCAT}accessURL`)?.attributes[`${RDF}resource`]).toMatch(
					/^https:\/\/forebygg\.example\.se\/falun\/medborgarloften\/.+\/data\.(json|csv)$/
				);
		}
		// The publisher the datasets point at is described in the same document.
		const agent = all(root, 'http://xmlns.com/foaf/0.1/Agent')[0];
		expect(agent.attributes[`${RDF}about`]).toBe(`${ORIGIN}/falun#organisation`);
	});

	it('the Atom feed is well-formed RFC 4287 with one entry per new promise and per published follow-up', () => {
		const self = `${ORIGIN}/falun/medborgarloften/flode.atom`;
		const feed = parseXml(atomFeed({ municipality: falun, origin: ORIGIN, selfUrl: self, entries: feedEntries(promises, falun, ORIGIN) }));
		expect(feed.name).toBe(`${ATOM}feed`);
		expect(child(feed, `${ATOM}id`)?.text).toBe(self);
		expect(child(feed, `${ATOM}title`)?.text).toBe('Medborgarlöften i Falu kommun');
		expect(child(feed, `${ATOM}updated`)?.text).toMatch(RFC3339);
		expect(child(feed, `${ATOM}author`)).toBeDefined();
		expect(feed.children.some((c) => c.name === `${ATOM}link` && c.attributes.rel === 'self' && c.attributes.href === self)).toBe(true);
		const entries = feed.children.filter((c) => c.name === `${ATOM}entry`);
		expect(entries).toHaveLength(2);
		const ids = new Set<string>();
		for (const entry of entries) {
			const id = child(entry, `${ATOM}id`)?.text ?? '';
			expect(id).toMatch(/^https:\/\//);
			ids.add(id);
			expect(child(entry, `${ATOM}title`)?.text.length).toBeGreaterThan(5);
			expect(child(entry, `${ATOM}updated`)?.text).toMatch(RFC3339);
			expect(child(entry, `${ATOM}link`)?.attributes.href).toMatch(/^https:\/\/forebygg\.example\.se\/falun\/medborgarloften\//);
		}
		expect(ids.size).toBe(entries.length);
		expect(entries.map((e) => child(e, `${ATOM}title`)?.text)).toContain('Uppföljning 2022-12-13 av Medborgarlöfte – Lokalpolisområde Falun och Falu kommun');
	});

	it('the iCalendar feed has CRLF line ends, folded lines of at most 75 octets and one event per follow-up date', () => {
		const ics = followUpCalendar(promises, falun, ORIGIN, 'forebygg.example.se');
		expect(ics.endsWith('\r\n')).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		const lines = ics.split('\r\n').slice(0, -1);
		for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
		const unfolded = ics.replace(/\r\n /g, '').split('\r\n');
		expect(unfolded[0]).toBe('BEGIN:VCALENDAR');
		expect(unfolded).toContain('VERSION:2.0');
		expect(unfolded.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
		expect(unfolded).toContain('DTSTART;VALUE=DATE:20221213');
		expect(unfolded.find((l) => l.startsWith('SUMMARY:'))).toBe(
			'SUMMARY:Uppföljning av medborgarlöftet Medborgarlöfte – Lokalpolisområde Falun och Falu kommun'
		);
		expect(unfolded.some((l) => /^UID:uppfoljning-[0-9a-f-]+@forebygg\.example\.se$/.test(l))).toBe(true);
		expect(unfolded.some((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l))).toBe(true);
	});

	it('folds between characters, never inside one, and escapes text values', () => {
		const long = `SUMMARY:${'å'.repeat(60)}`;
		const folded = foldLine(long);
		for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
		expect(folded.replace(/\r\n /g, '')).toBe(long);
		expect(icalText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
	});

	it('JSON and CSV carry every activity, the outcome and the licence, and nothing internal', () => {
		const json = promiseJson(sunne[0], { slug: 'sunne', name: 'Sunne', officialName: 'Sunne kommun', scbCode: '1766' }, ORIGIN);
		expect(json.licence.id).toBe('CC0-1.0');
		expect(json.promise.activities).toHaveLength(11);
		expect(json.promise.period).toEqual({ start: 2021, end: 2022, extendedTo: 2024 });
		expect(JSON.stringify(json)).not.toMatch(/internalNotes|demo: seed/);
		const csv = promiseCsv(promises[0]);
		const rows = csv
			.replace(/^\ufeff/, '')
			.trim()
			.split('\r\n');
		expect(rows[0].split(',')).toContain('mal_natt');
		expect(rows).toHaveLength(2);
		expect(rows[1]).toContain('2022-12-13');
		expect(rows[1]).toContain('uppfyllt');
	});

	it('neutralises spreadsheet formulas in CSV cells', () => {
		const fake = { ...promises[0], title: '=HYPERLINK("x")', activities: [], followUps: [] };
		expect(promiseCsv(fake)).not.toContain(',=HYPERLINK');
		const withActivity = { ...promises[0], title: '=cmd', followUps: [] };
		expect(promiseCsv(withActivity).split('\r\n')[1].startsWith("'=cmd")).toBe(true);
	});

	it('the fixture file is seed 000, byte for byte (its sha256 was taken from the seed when it was copied)', () => {
		const digest = createHash('sha256').update(fs.readFileSync('src/lib/server/modules/promises/fixtures/falun-2022-sig.pdf.txt')).digest('hex');
		expect(digest).toBe('b02103093b874e2cb0668696591185c2743256e14c0cecd0eb4a8a24d89b5c66');
	});
});
