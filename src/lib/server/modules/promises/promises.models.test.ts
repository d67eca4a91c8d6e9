import { describe, expect, it } from 'vitest';
import { effectiveEnd, evaluateTarget, outcomeStatus, periodLabel, slugify, summariseFollowUp, targetMet, uniqueSlug } from './promises.models';

describe('evaluateTarget', () => {
	const target = { value: 8, unit: 'nya områden med grannsamverkan' };

	it('is met when the achieved amount reaches the target', () => {
		expect(evaluateTarget(target, 8)).toBe('uppfyllt');
	});

	it('is met when the achieved amount exceeds the target', () => {
		expect(evaluateTarget(target, 11)).toBe('uppfyllt');
	});

	it('is partly met when something but not enough was achieved', () => {
		expect(evaluateTarget(target, 1)).toBe('delvis_uppfyllt');
		expect(evaluateTarget(target, 7.5)).toBe('delvis_uppfyllt');
	});

	it('is not met when nothing was achieved', () => {
		expect(evaluateTarget(target, 0)).toBe('ej_uppfyllt');
	});

	it('accepts a bare number as the target', () => {
		expect(evaluateTarget(2, 2)).toBe('uppfyllt');
	});

	it('treats a target of zero as met', () => {
		expect(evaluateTarget(0, 0)).toBe('uppfyllt');
	});

	it('refuses negative or non-numeric values rather than guessing', () => {
		expect(() => evaluateTarget(target, -1)).toThrow(RangeError);
		expect(() => evaluateTarget(target, Number.NaN)).toThrow(RangeError);
		expect(() => evaluateTarget(-3, 1)).toThrow(RangeError);
	});
});

describe('summariseFollowUp', () => {
	it('counts the activities per status and those not yet reported', () => {
		expect(
			summariseFollowUp([
				{ status: 'uppfyllt' },
				{ status: 'uppfyllt' },
				{ status: 'delvis_uppfyllt' },
				{ status: 'ej_uppfyllt' },
				{ status: 'pagar' },
				{ status: null },
				'pagar',
				null
			])
		).toEqual({ uppfyllt: 2, delvis_uppfyllt: 1, ej_uppfyllt: 1, pagar: 2, notReported: 2, total: 8 });
	});

	it('gives zero for every status when there are no activities', () => {
		expect(summariseFollowUp([])).toEqual({ uppfyllt: 0, delvis_uppfyllt: 0, ej_uppfyllt: 0, pagar: 0, notReported: 0, total: 0 });
	});

	it('refuses an unknown status instead of hiding it in the report', () => {
		expect(() => summariseFollowUp([{ status: 'klart' as never }])).toThrow(TypeError);
	});
});

describe('addresses, periods and outcomes', () => {
	it('makes ASCII addresses from Swedish titles and numbers them when taken', () => {
		expect(slugify('Lokalpolisområde Falun och Falu kommun 2022')).toBe('lokalpolisomrade-falun-och-falu-kommun-2022');
		expect(slugify('Medborgarlöfte 2021-2022 (förlängt till 2024)')).toBe('medborgarlofte-2021-2022-forlangt-till-2024');
		expect(slugify('!!!')).toBe('medborgarlofte');
		expect(uniqueSlug('a', ['a', 'a-2'])).toBe('a-3');
		expect(uniqueSlug('b', ['a'])).toBe('b');
	});

	it('counts extensions in the end year and writes the period with an en dash', () => {
		expect(effectiveEnd(2022, [{ toYear: 2023 }, { toYear: 2024 }])).toBe(2024);
		expect(effectiveEnd(null, [])).toBeNull();
		expect(periodLabel(2021, 2024)).toBe('2021–2024');
		expect(periodLabel(2022, 2022)).toBe('2022');
		expect(periodLabel(null, null)).toBe('');
	});

	it('takes the reporter’s status first, else judges the measured result against the target', () => {
		expect(outcomeStatus('pagar', 8, 9)).toBe('pagar');
		expect(outcomeStatus(null, 8, 9)).toBe('uppfyllt');
		expect(outcomeStatus(null, 8, 3)).toBe('delvis_uppfyllt');
		expect(outcomeStatus(null, 8, 0)).toBe('ej_uppfyllt');
		expect(outcomeStatus(null, 8, null)).toBeNull();
		expect(outcomeStatus(null, null, 5)).toBeNull();
		expect([targetMet(8, 8), targetMet(8, 7), targetMet(null, 7), targetMet(8, null)]).toEqual([true, false, null, null]);
	});
});
