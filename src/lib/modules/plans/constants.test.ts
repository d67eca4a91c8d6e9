import { describe, expect, it } from 'vitest';
import { MEASURE_STATUSES, MEASURE_STATUS_CODES, isMeasureStatus, measureStatusLabel, rollUpStatuses } from './constants';

describe('measure statuses', () => {
	it('are the six follow-up statuses with Swedish labels, in order', () => {
		expect(MEASURE_STATUSES.map((s) => [s.code, s.label])).toEqual([
			['ej_paborjad', 'Ej påbörjad'],
			['pagar_enligt_plan', 'Pågår enligt plan'],
			['pagar_med_avvikelse', 'Pågår med avvikelse'],
			['forsenad', 'Försenad'],
			['genomford', 'Genomförd'],
			['avbruten', 'Avbruten']
		]);
	});

	it('each have a distinct traffic-light tone, grey for not started and green for on track', () => {
		const tones = MEASURE_STATUSES.map((s) => s.tone);
		expect(new Set(tones).size).toBe(tones.length);
		expect(MEASURE_STATUSES[0].tone).toBe('grey');
		expect(MEASURE_STATUSES[1].tone).toBe('green');
		expect(MEASURE_STATUSES[2].tone).toBe('yellow');
		expect(MEASURE_STATUSES[3].tone).toBe('orange');
	});

	it('can be recognised and labelled in both locales', () => {
		expect(isMeasureStatus('forsenad')).toBe(true);
		expect(isMeasureStatus('late')).toBe(false);
		expect(measureStatusLabel('genomford')).toBe('Genomförd');
		expect(measureStatusLabel('genomford', 'en')).toBe('Completed');
	});
});

describe('rollUpStatuses', () => {
	it('counts measures per status, with every status present', () => {
		const r = rollUpStatuses(['genomford', 'pagar_enligt_plan', 'genomford', 'forsenad']);
		expect(r.counts).toEqual({ ej_paborjad: 0, pagar_enligt_plan: 1, pagar_med_avvikelse: 0, forsenad: 1, genomford: 2, avbruten: 0 });
		expect(Object.keys(r.counts)).toEqual([...MEASURE_STATUS_CODES]);
		expect(r.total).toBe(4);
		expect(r.notReported).toBe(0);
	});

	it('counts measures without a reported status separately and gives no percentages', () => {
		const r = rollUpStatuses([null, undefined, 'okänd', 'avbruten']);
		expect(r.notReported).toBe(3);
		expect(r.counts.avbruten).toBe(1);
		expect(r.total).toBe(4);
		expect(Object.values(r.counts).every(Number.isInteger)).toBe(true);
	});

	it('handles an empty list', () => {
		expect(rollUpStatuses([])).toEqual({
			counts: { ej_paborjad: 0, pagar_enligt_plan: 0, pagar_med_avvikelse: 0, forsenad: 0, genomford: 0, avbruten: 0 },
			notReported: 0,
			total: 0
		});
	});
});
