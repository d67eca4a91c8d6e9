import { describe, expect, it } from 'vitest';
import { createTranslator } from '$lib/i18n';

describe('"Vi lovar" counts on the public page', () => {
	it('never says "0 löften": a promise of activities only reads as its activities', () => {
		const t = createTranslator('sv');
		expect(t('promises.public.wePromiseCount', { lines: 0, activities: 11 })).toBe('11 aktiviteter.');
		expect(t('promises.public.wePromiseCount', { lines: 0, activities: 1 })).toBe('1 aktivitet.');
		expect(t('promises.public.wePromiseCount', { lines: 0, activities: 0 })).toBe('Inga löften eller aktiviteter är inlagda än.');
		expect(t('promises.public.wePromiseCount', { lines: 6, activities: 11 })).toBe('6 löften och 11 aktiviteter.');
		expect(t('promises.public.wePromiseCount', { lines: 1, activities: 0 })).toBe('1 löfte och inga aktiviteter.');
		expect(createTranslator('en')('promises.public.wePromiseCount', { lines: 0, activities: 11 })).toBe('11 activities.');
	});
});
