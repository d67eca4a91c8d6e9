import { describe, expect, it } from 'vitest';
import { editDistance, mergeSuggestions, nameKey, nearDuplicate } from './merge-suggestions';

describe('near-duplicate organisations', () => {
	it.each([
		['Socialtjänst', 'Socialtjänsten', 'same_word'],
		['Kommundirektör', 'Kommundirektören', 'same_word'],
		['Samhällsbyggnadsförvaltningen', 'samhällsbyggnadsförvaltning', 'same_word'],
		['Kultur- och fritid', 'Kultur och fritid', 'same_word'],
		['Centrala stadsrum', 'Centrala stadsum', 'typo'],
		['Räddningstjänsten Dala Mitt', 'Räddningstjänsten Dala Mit', 'typo']
	])('%s and %s look like one organisation', (a, b, reason) => {
		expect(nearDuplicate(a, b)).toBe(reason);
	});

	it.each([
		['Polisen', 'Posten'],
		['Skola 1', 'Skola 2'],
		['Förskola', 'Fritidsgård'],
		['Kommunen', 'Regionen'],
		['Lokalpolisområde Falun', 'Lokalpolisområde Borlänge']
	])('%s and %s are different organisations', (a, b) => {
		expect(nearDuplicate(a, b)).toBeNull();
	});

	it('reads names the same whatever the case, punctuation or definite ending', () => {
		expect(nameKey('Socialtjänsten – IFO')).toBe(nameKey('socialtjänst IFO'));
		expect(editDistance('stadsrum', 'stadsum')).toBe(1);
		expect(editDistance('abcd', 'abdc')).toBe(1);
		expect(editDistance('kort', 'mycket längre', 2)).toBe(3);
	});

	it('suggests keeping the confirmed organisation, or the older one, and lists each pair once', () => {
		const list = [
			{ id: 'a', name: 'Socialtjänsten', needsConfirmation: true, createdAt: '2026-01-02' },
			{ id: 'b', name: 'Socialtjänst', needsConfirmation: false, createdAt: '2026-01-03' },
			{ id: 'c', name: 'Kommundirektör', needsConfirmation: true, createdAt: '2026-01-01' },
			{ id: 'd', name: 'Kommundirektören', needsConfirmation: true, createdAt: '2026-01-05' },
			{ id: 'e', name: 'Polisen', needsConfirmation: false }
		];
		expect(mergeSuggestions(list).map((s) => [s.keep.id, s.merge.id, s.reason])).toEqual([
			['b', 'a', 'same_word'],
			['c', 'd', 'same_word']
		]);
	});
});
