import { describe, expect, it } from 'vitest';
import { emptyFormState, formStateFromFormData, inputFromFormState, withBlankRows } from './form';
import { promiseContentSchema } from './schemas';

function formData(entries: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(entries)) for (const v of [value].flat()) data.append(key, v);
	return data;
}

describe('the promise form without JavaScript', () => {
	it('offers blank rows for the police, the municipality, another party, signatories and activities', () => {
		const state = withBlankRows(emptyFormState('Falu kommun'), 3);
		expect(state.parties.map((p) => [p.key, p.name])).toEqual([
			['polisen', 'Polisen'],
			['kommunen', 'Falu kommun'],
			['', '']
		]);
		expect(state.activities).toHaveLength(3);
		expect(state.signatories).toHaveLength(2);
	});

	it('drops blank rows and parties without lines, and maps an error back to the row it came from', () => {
		const state = formStateFromFormData(
			formData({
				title: 'Löfte',
				periodStart: '2025',
				periodEnd: '2026',
				'parties-0-key': 'polisen',
				'parties-0-name': 'Polisen',
				'parties-0-lines': '• Vara synliga\n\n- Svara snabbt',
				'parties-1-key': 'kommunen',
				'parties-1-name': 'Falu kommun',
				'parties-1-lines': '',
				'parties-2-key': '',
				'parties-2-name': 'Kopparstaden',
				'parties-2-lines': 'Belysa gårdarna',
				'activities-0-activity': '',
				'activities-0-measureIds': [],
				'activities-1-activity': 'Grannsamverkan',
				'activities-1-targetValue': '8',
				'activities-1-targetUnit': '',
				'activities-2-activity': ''
			})
		);
		expect(state.activities).toHaveLength(3);
		const { input, errorKey } = inputFromFormState(state);
		expect(input.parties).toEqual([
			{ key: 'polisen', name: 'Polisen', lines: ['Vara synliga', 'Svara snabbt'] },
			{ key: 'kopparstaden', name: 'Kopparstaden', lines: ['Belysa gårdarna'] }
		]);
		expect(input.activities.map((a) => a.activity)).toEqual(['Grannsamverkan']);
		const result = promiseContentSchema.safeParse(input);
		expect(result.success).toBe(false);
		const key = result.error!.issues[0].path.join('-');
		expect(key).toBe('activities-0-targetValue');
		expect(errorKey(key)).toBe('activities-1-targetValue');
	});
});
