import { describe, expect, it } from 'vitest';
import { rateContextOf, withRates } from './statistics.usecases';

describe('withRates', () => {
	it('gives an area row its id, code and name, and a rate from the area’s population', () => {
		const context = rateContextOf(
			[
				{ id: 'a1', kind: 'deso', code: '2080C1010', name: 'Centrum' },
				{ id: 'k', kind: 'kommun', code: '2080', name: 'Falu kommun' }
			],
			[{ areaId: 'a1', year: 2025, population: 1000 }]
		);
		expect(withRates([{ area: 'a1', year: 2025, count: 4 }], ['area', 'year'], context, '2025-12-31')).toEqual([
			{ area: 'a1', areaCode: '2080C1010', areaName: 'Centrum', year: 2025, count: 4, ratePer1000: 4 }
		]);
		expect(withRates([{ category: 'ran', count: 2 }], ['category'], context, '2025-12-31')).toEqual([{ category: 'ran', count: 2, ratePer1000: null }]);
	});
});
