import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../platform/errors';
import { drawnAreaCollection } from './drawn-area';

const errorsOf = (input: { name: string; boundary: string }) => {
	try {
		drawnAreaCollection(input);
	} catch (error) {
		if (error instanceof ValidationError) return error.fieldErrors;
		throw error;
	}
	throw new Error('expected a ValidationError');
};

describe('an own area drawn in the map or typed as points', () => {
	it('reads the polygon the map writes, closing it and naming the feature', () => {
		const { name, collection } = drawnAreaCollection({
			name: '  Knutpunkten   och Holmtorget ',
			boundary: JSON.stringify({
				type: 'Polygon',
				coordinates: [
					[
						[15.63, 60.605],
						[15.64, 60.605],
						[15.64, 60.61],
						[15.63, 60.605]
					]
				]
			})
		});
		expect(name).toBe('Knutpunkten och Holmtorget');
		expect(collection.features[0].properties).toEqual({ namn: 'Knutpunkten och Holmtorget' });
		expect(collection.features[0].geometry.coordinates[0]).toEqual([
			[15.63, 60.605],
			[15.64, 60.605],
			[15.64, 60.61],
			[15.63, 60.605]
		]);
	});

	it('reads typed points, latitude first, with decimal points or commas, and closes the ring', () => {
		const { collection } = drawnAreaCollection({ name: 'Skolans upptagningsområde', boundary: '60.6065, 15.6355\n60,6100, 15,6400\n\n60,6050 15,6450\n' });
		expect(collection.features[0].geometry.coordinates[0]).toEqual([
			[15.6355, 60.6065],
			[15.64, 60.61],
			[15.645, 60.605],
			[15.6355, 60.6065]
		]);
	});

	it('names every problem in Swedish at its field', () => {
		expect(errorsOf({ name: '', boundary: '' })).toEqual({ name: 'Ge området ett namn.', boundary: expect.stringMatching(/^Rita området i kartan/) });
		expect(errorsOf({ name: 'A', boundary: '60.6, 15.6\n60.6, 15.6\n60.7, 15.7' }).boundary).toBe('Ett område behöver minst tre olika punkter.');
		// Longitude first by mistake: 15.6 is no latitude in Sweden.
		expect(errorsOf({ name: 'A', boundary: '15.6, 60.6\n15.7, 60.6\n15.7, 60.7' }).boundary).toMatch(/^Punkt 1 ligger utanför Sverige/);
		expect(errorsOf({ name: 'A', boundary: 'Stora torget' }).boundary).toMatch(/^Gränsen kunde inte läsas/);
		expect(errorsOf({ name: 'A', boundary: '{"type":"Point","coordinates":[15.6,60.6]}' }).boundary).toMatch(/^Gränsen kunde inte läsas/);
		expect(errorsOf({ name: 'x'.repeat(121), boundary: '60.6, 15.6\n60.6, 15.7\n60.7, 15.7' })).toEqual({ name: 'Namnet är för långt (högst 120 tecken).' });
	});
});
