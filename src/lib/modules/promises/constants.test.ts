import { describe, expect, it } from 'vitest';
import {
	ACTIVITY_OUTCOME_LABELS,
	ACTIVITY_OUTCOME_STATUSES,
	isActivityOutcomeStatus,
	isPromiseStatus,
	PROMISE_STATUS_LABELS,
	PROMISE_STATUSES
} from './constants';

describe('promise constants', () => {
	it('has the promise statuses in lifecycle order, each with a Swedish label', () => {
		expect(PROMISE_STATUSES).toEqual(['utkast', 'undertecknat', 'publicerat', 'avslutat']);
		expect(PROMISE_STATUS_LABELS).toEqual({ utkast: 'Utkast', undertecknat: 'Undertecknat', publicerat: 'Publicerat', avslutat: 'Avslutat' });
	});

	it('has the activity outcomes with the labels used in follow-up reports', () => {
		expect(ACTIVITY_OUTCOME_STATUSES).toEqual(['uppfyllt', 'delvis_uppfyllt', 'ej_uppfyllt', 'pagar']);
		expect(ACTIVITY_OUTCOME_LABELS).toEqual({
			uppfyllt: 'Uppfyllt',
			delvis_uppfyllt: 'Delvis uppfyllt',
			ej_uppfyllt: 'Ej uppfyllt',
			pagar: 'Pågår'
		});
	});

	it('recognises only known statuses', () => {
		expect(isPromiseStatus('publicerat')).toBe(true);
		expect(isPromiseStatus('Publicerat')).toBe(false);
		expect(isPromiseStatus(undefined)).toBe(false);
		expect(isActivityOutcomeStatus('pagar')).toBe(true);
		expect(isActivityOutcomeStatus('pågår')).toBe(false);
	});
});
