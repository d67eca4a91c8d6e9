import { describe, expect, it } from 'vitest';
import { cycleByNumber, isoWeek, placeKey, yearEarlier } from './est.models';
import { compilePicture, type PictureReport } from './est.picture';

let next = 0;
const report = (fields: Partial<PictureReport>): PictureReport => ({
	id: String(next++),
	category: 'Klotter',
	place: '',
	areaId: null,
	latitude: null,
	longitude: null,
	occurredOn: '2025-03-10',
	effect: 2,
	...fields
});

describe('the EST cycle picture', () => {
	it('numbers cycles, shifts a period a year back and names the weeks', () => {
		expect(cycleByNumber('14dagar', '2025-01-06', 1)).toEqual({ number: 1, start: '2025-01-06', end: '2025-01-19' });
		expect(cycleByNumber('14dagar', '2025-01-06', 0)).toEqual({ number: 0, start: '2024-12-23', end: '2025-01-05' });
		expect(cycleByNumber('manad', '2025-01-31', 2)).toEqual({ number: 2, start: '2025-02-28', end: '2025-03-30' });
		expect(yearEarlier({ start: '2024-02-29', end: '2024-03-13' })).toEqual({ start: '2023-02-28', end: '2023-03-13' });
		expect([isoWeek('2025-11-24'), isoWeek('2025-12-07'), isoWeek('2025-01-01'), isoWeek('2026-01-01'), isoWeek('2021-01-03')]).toEqual([48, 49, 1, 1, 53]);
	});

	it('knows a place again however it is written', () => {
		const key = (place: string) => placeKey({ place, latitude: null, longitude: null, areaId: null });
		expect(key('Tallrisvägen 12, soprummet')).toBe(key('tallrisvägen  12 – Soprummet.'));
		expect(placeKey({ place: '', latitude: 60.60712, longitude: 15.63123, areaId: null })).toBe('punkt:60.607:15.631');
		expect(placeKey({ place: ' ', latitude: null, longitude: null, areaId: 'a' })).toBeNull();
	});

	it('compares categories and areas with the previous cycle and last year, and finds repeat places', () => {
		const cycles = Array.from({ length: 6 }, (_, i) => cycleByNumber('14dagar', '2025-01-06', 6 - i));
		const history = cycles.map((cycle, i) => ({
			cycle,
			reports: [
				// Reported in cycles 6, 5, 4 and 2: four of six.
				...(i !== 2 && i < 5 ? [report({ place: i % 2 ? 'Gruvparken, lekplatsen' : 'gruvparken lekplatsen', occurredOn: cycle.start, areaId: 'a1' })] : []),
				// Only twice: not a repeat place.
				...(i < 2 ? [report({ place: 'Stationen', category: 'Nedskräpning', occurredOn: cycle.end })] : [])
			]
		}));
		const picture = compilePicture({
			current: history[0].reports,
			previous: history[1].reports,
			lastYear: [report({ category: 'Klotter' }), report({ category: 'Inbrott', areaId: 'a2' })],
			history,
			areaNames: new Map([
				['a1', 'Norr'],
				['a2', 'Söder']
			]),
			noAreaLabel: 'Utan område'
		});
		expect(picture.totals).toEqual({ current: 2, previous: 2, lastYear: 2 });
		expect(picture.byCategory).toEqual([
			{ key: 'Klotter', label: 'Klotter', current: 1, previous: 1, lastYear: 1 },
			{ key: 'Nedskräpning', label: 'Nedskräpning', current: 1, previous: 1, lastYear: 0 },
			{ key: 'Inbrott', label: 'Inbrott', current: 0, previous: 0, lastYear: 1 }
		]);
		expect(picture.byArea.map((row) => [row.label, row.current, row.previous, row.lastYear])).toEqual([
			['Norr', 1, 1, 0],
			['Utan område', 1, 1, 1],
			['Söder', 0, 0, 1]
		]);
		expect(picture.repeatPlaces).toEqual([{ label: 'gruvparken lekplatsen', cycles: 4, window: 6, reports: 4, latitude: null, longitude: null }]);
	});
});
