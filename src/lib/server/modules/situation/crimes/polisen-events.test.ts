import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryOfPolisenType, eventTime, fetchPolisenEventList, parsePolisenJson, PolisenFileError, readPolisenEvents } from './polisen-events';
import { POLISEN_EVENTS } from '../testing-sources';

describe("Polisen's events", () => {
	it('maps crime types to categories and says why other types are left out', () => {
		expect(categoryOfPolisenType('Stöld')).toEqual({ category: 'ovrig_stold' });
		expect(categoryOfPolisenType('Misshandel, grov')).toEqual({ category: 'misshandel' });
		expect(categoryOfPolisenType('Motorfordon, stöld')).toEqual({ category: 'stold_fordon' });
		expect(categoryOfPolisenType('Rån väpnat')).toEqual({ category: 'ran' });
		expect(categoryOfPolisenType('Trafikolycka, vilt')).toMatchObject({
			reason: expect.stringMatching(/ingen brottstyp/),
			text: { code: 'situation.polisen_not_crime' }
		});
		expect(categoryOfPolisenType('Sammanfattning helg och natt')).toMatchObject({
			reason: expect.stringMatching(/ingen brottstyp/),
			text: { code: 'situation.polisen_not_crime' }
		});
		expect(categoryOfPolisenType('Trolldom')).toMatchObject({
			reason: expect.stringMatching(/Okänd händelsetyp ”Trolldom”/),
			text: { code: 'situation.polisen_type_unknown', params: { type: 'Trolldom' } }
		});
	});

	it("takes the event's time from its title, else from datetime (hour without a leading zero), and moves New Year's Eve to the year before", () => {
		expect(eventTime({ datetime: '2025-01-05 9:40:11 +01:00', name: '05 januari 09.12, Stöld, Falun' })).toEqual({ date: '2025-01-05', hour: 9, minute: 12 });
		expect(eventTime({ datetime: '2025-01-05 9:40:11 +01:00', name: 'Stöld, Falun' })).toEqual({ date: '2025-01-05', hour: 9, minute: 40 });
		expect(eventTime({ datetime: '2025-01-01 0:20:00 +01:00', name: '31 december 23.50, Skadegörelse, Falun' })).toEqual({
			date: '2024-12-31',
			hour: 23,
			minute: 50
		});
		expect(eventTime({ datetime: '2026-04-29 14:28:38 +02:00', name: '29 april 13:37, Sexualbrott, Stockholm' })).toEqual({
			date: '2026-04-29',
			hour: 13,
			minute: 37
		});
		expect(eventTime({ datetime: '2025-02-30 10:00:00 +01:00' })).toBeNull();
		expect(eventTime({ datetime: 'igår' })).toBeNull();
	});

	it("keeps only the municipality's crimes, without any place, free text or coordinates", () => {
		const reading = readPolisenEvents(POLISEN_EVENTS, { name: 'Falun', officialName: 'Falu kommun' });
		expect(reading).toMatchObject({ read: 9, otherPlaces: 2, repeated: 1 });
		expect(reading.rows.map((r) => [r.category, r.occurredOn, r.hour, r.weekday])).toEqual([
			['ovrig_stold', '2025-01-05T09:12', 9, 7],
			['misshandel', '2025-01-05T22:40', 22, 7],
			['skadegorelse', '2024-12-31T23:50', 23, 2]
		]);
		for (const row of reading.rows) {
			expect([row.easting, row.northing, row.latitude, row.longitude, row.areaCode, row.crimeCode]).toEqual([null, null, null, null, null, null]);
			expect(JSON.stringify(row)).not.toMatch(/Resecentrum|centrum|Falun|60\.607/);
		}
		expect(reading.skipped.map((s) => [s.type, s.count, s.reason.slice(0, 14)])).toEqual([
			['Rån', 1, 'Ogiltig tidpun'],
			['Trafikolycka', 1, '”Trafikolycka”'],
			['Trolldom', 1, 'Okänd händelse']
		]);
		// The same id gives the same key: a second import of the file adds nothing.
		expect(readPolisenEvents(POLISEN_EVENTS, { name: 'Falun' }).rows.map((r) => r.hashKey)).toEqual(reading.rows.map((r) => r.hashKey));
	});

	it('reads the API answer and refuses other JSON with Swedish messages', () => {
		expect(parsePolisenJson(JSON.stringify(POLISEN_EVENTS))).toHaveLength(9);
		expect(parsePolisenJson(JSON.stringify({ events: POLISEN_EVENTS.slice(0, 1) }))).toHaveLength(1);
		expect(() => parsePolisenJson('{')).toThrow(PolisenFileError);
		expect(() => parsePolisenJson('{"values": []}')).toThrow(/händelse-API/);
		expect(() => parsePolisenJson('[{"a": 1}]')).toThrow(/id, type och datetime/);
	});
});

describe('the Polisen client against a local server replaying a recorded answer', () => {
	let server: http.Server;
	let base: string;
	const requested: string[] = [];
	beforeAll(async () => {
		server = http.createServer((request, response) => {
			requested.push(request.url ?? '');
			const url = new URL(request.url ?? '/', 'http://x');
			if (url.pathname !== '/api/events') {
				response.writeHead(404).end();
				return;
			}
			const name = url.searchParams.get('locationname');
			response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
			response.end(JSON.stringify(POLISEN_EVENTS.filter((e) => !name || e.location?.name === name)));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it("asks for the municipality's events only", async () => {
		const events = await fetchPolisenEventList({ url: `${base}/api/events`, locationName: 'Falun' });
		expect(events.every((e) => e.location?.name === 'Falun')).toBe(true);
		expect(events).toHaveLength(7);
		expect(requested.at(-1)).toBe('/api/events?locationname=Falun');
	});

	it('says which request failed', async () => {
		await expect(fetchPolisenEventList({ url: `${base}/nope`, locationName: 'Falun' })).rejects.toThrow(/404/);
	});
});
