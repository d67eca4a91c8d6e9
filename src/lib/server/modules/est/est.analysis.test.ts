import { describe, expect, it } from 'vitest';
import { analyse, analysisPeriod, tertialOf, type AnalysisReport } from './est.analysis';
import { drawCycleMap, cycleMapSvg } from './est.map';

const report = (occurredOn: string, overrides: Partial<AnalysisReport> = {}): AnalysisReport => ({
	category: 'Klotter',
	place: 'Tallrisvägen 12',
	areaId: 'a1',
	latitude: null,
	longitude: null,
	occurredOn,
	effect: 2,
	...overrides
});

describe('EST analysis periods', () => {
	it('cut the year in three tertials of four months, and a year in twelve months', () => {
		expect(analysisPeriod('tertial', 2025, 1)).toMatchObject({ start: '2025-01-01', end: '2025-04-30', months: ['2025-01', '2025-02', '2025-03', '2025-04'] });
		expect(analysisPeriod('tertial', 2024, 2)).toMatchObject({ start: '2024-05-01', end: '2024-08-31' });
		expect(analysisPeriod('tertial', 2025, 3)).toMatchObject({ start: '2025-09-01', end: '2025-12-31' });
		expect(analysisPeriod('ar', 2024, null)).toMatchObject({ start: '2024-01-01', end: '2024-12-31', tertial: null });
		expect(analysisPeriod('ar', 2024, null).months).toHaveLength(12);
		expect([tertialOf('2025-04-30'), tertialOf('2025-05-01'), tertialOf('2025-12-31')]).toEqual([1, 2, 3]);
	});
});

describe('EST analysis', () => {
	const period = analysisPeriod('tertial', 2025, 1);
	const base = {
		period,
		lastYear: [report('2024-02-10'), report('2024-03-01', { category: 'Nedskräpning' })],
		priorities: [],
		areaNames: new Map([['a1', 'Tallen']]),
		noAreaLabel: 'Utan område',
		cycleOf: (iso: string) => iso.slice(0, 7),
		today: '2025-09-01'
	};

	it('count per category and month against the same months a year earlier, reports outside the period left out', () => {
		const result = analyse({
			...base,
			reports: [report('2025-01-05'), report('2025-01-20'), report('2025-03-02', { category: 'Nedskräpning', areaId: null }), report('2025-05-01')],
			tasks: []
		});
		expect(result.totals).toEqual({ current: 3, lastYear: 2 });
		expect(result.perMonth).toEqual([2, 0, 1, 0]);
		expect(result.byCategory.map((r) => [r.label, r.months, r.total, r.lastYear])).toEqual([
			['Klotter', [2, 0, 0, 0], 2, 1],
			['Nedskräpning', [0, 0, 1, 0], 1, 1]
		]);
		expect(result.byArea.map((r) => [r.label, r.total])).toEqual([
			['Tallen', 2],
			['Utan område', 1]
		]);
	});

	it('list a place reported in three cycles of the period, written differently, not one reported thrice in one cycle', () => {
		const result = analyse({
			...base,
			reports: [
				report('2025-01-05'),
				report('2025-02-05', { place: 'tallrisvägen 12.' }),
				report('2025-04-05', { place: 'Tallrisvägen  12', category: 'Skadegörelse' }),
				report('2025-03-01', { place: 'Kiosken' }),
				report('2025-03-02', { place: 'Kiosken' }),
				report('2025-03-03', { place: 'Kiosken' })
			],
			tasks: []
		});
		expect(result.repeatPlaces).toEqual([{ label: 'Tallrisvägen  12', reports: 3, cycles: 3, categories: ['Klotter', 'Skadegörelse'] }]);
	});

	it('give each decision of the period its state and the reports from its place before and after it', () => {
		const task = { what: 'Ny belysning', organisationName: 'Kopparstaden', comment: '', dueOn: '2025-03-01' };
		const result = analyse({
			...base,
			reports: [report('2025-01-20'), report('2025-02-01'), report('2025-02-20'), report('2025-04-10', { place: 'Annan plats' })],
			tasks: [
				{ ...task, place: 'Tallrisvägen 12', decidedOn: '2025-02-10', status: 'klar' },
				{ ...task, place: 'Ingen rapporterad plats', decidedOn: '2025-03-10', status: 'inte_klar' },
				{ ...task, place: 'Tallrisvägen 12', decidedOn: '2024-12-01', status: 'klar' }
			],
			today: '2025-09-01'
		});
		expect(result.tasks.map((t) => [t.place, t.status, t.before, t.after])).toEqual([
			['Tallrisvägen 12', 'klar', 2, 1],
			['Ingen rapporterad plats', 'inte_klar', null, null]
		]);
		expect(result.statusCounts).toMatchObject({ klar: 1, inte_klar: 1 });
		expect(result.overdue).toBe(1);
		// The window after a decision counts only once it has passed.
		const early = analyse({
			...base,
			reports: [report('2025-02-01')],
			tasks: [{ ...task, place: 'Tallrisvägen 12', decidedOn: '2025-02-10', status: 'pagar' }],
			today: '2025-03-01'
		});
		expect(early.tasks[0].after).toBeNull();
		expect(early.tasks[0].before).toBe(1);
	});
});

describe('EST cycle map', () => {
	const at = (latitude: number, longitude: number, place = '') => ({ id: `${latitude}:${longitude}:${place}`, latitude, longitude, effect: 3, place });

	it('find the cluster as a hot spot by Gi* and name it by its most written place', () => {
		const cluster = Array.from({ length: 12 }, (_, i) => at(60.604 + (i % 3) * 0.0002, 15.628 + (i % 4) * 0.0002, i < 8 ? 'Slätta centrum' : 'Kiosken'));
		const scattered = [at(60.62, 15.58), at(60.59, 15.66), at(60.615, 15.65), at(60.595, 15.6), at(60.625, 15.63)];
		const map = drawCycleMap([...cluster, ...scattered], [], 19)!;
		expect(map.points).toHaveLength(17);
		expect(map.withoutPoint).toBe(2);
		expect(map.hotSpots.length).toBeGreaterThanOrEqual(1);
		expect(map.hotSpots[0]).toMatchObject({ label: 'Slätta centrum' });
		expect(map.hotSpots[0].reports).toBeGreaterThanOrEqual(6);
		expect(map.cells.some((c) => c.hot > 0)).toBe(true);
		const svg = cycleMapSvg(map);
		expect(svg.match(/<circle /g)).toHaveLength(17);
		for (const point of map.points) {
			expect(point.x).toBeGreaterThanOrEqual(0);
			expect(point.x).toBeLessThanOrEqual(map.width);
			expect(point.y).toBeGreaterThanOrEqual(0);
			expect(point.y).toBeLessThanOrEqual(map.height);
		}
	});

	it('find no hot spot in reports spread evenly, and no map without a point', () => {
		const even = Array.from({ length: 16 }, (_, i) => at(60.6 + Math.floor(i / 4) * 0.01, 15.6 + (i % 4) * 0.02));
		expect(drawCycleMap(even, [], 16)!.hotSpots).toEqual([]);
		expect(drawCycleMap([], [], 4)).toBeNull();
	});
});
