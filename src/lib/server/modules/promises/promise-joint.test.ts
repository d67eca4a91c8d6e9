/**
 * "Tillsammans lovar vi att…" as municipalities write it: the joint promise of both parties,
 * never a third party — in the importer and in the Word document's title and headings.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { renderPromiseDocx } from './promise-documents';
import { parsePromiseText } from './promise-import';
import type { PromiseView } from './promises.usecases';

const TEXT = [
	'Medborgarlöfte Lokalpolisområde Ludvika och Ludvika kommun 2025–2026',
	'Lokalpolisområde Ludvika lovar att:',
	'- genomföra trygghetsvandringar i centrum',
	'Ludvika kommun lovar att:',
	'- förbättra belysningen vid resecentrum',
	'Tillsammans lovar vi att:',
	'- hålla medborgardialoger varje höst'
].join('\n');

describe('a joint promise', () => {
	it('is read as both parties together for every way of writing it', () => {
		for (const heading of ['Tillsammans lovar vi att:', 'Vi lovar tillsammans att:', 'Gemensamt lovar vi att:', 'Tillsammans lovar att:']) {
			const draft = parsePromiseText(TEXT.replace('Tillsammans lovar vi att:', heading), { municipalityName: 'Ludvika kommun' });
			expect(
				draft.partyPromises.map((p) => p.party),
				heading
			).toEqual(['polisen', 'kommunen', 'gemensamt']);
			expect(draft.partyPromises[2].items.map((i) => (typeof i === 'string' ? i : (i as { text: string }).text))).toEqual([
				'hålla medborgardialoger varje höst'
			]);
		}
	});

	it('is not a party in the Word document’s title, and keeps its own heading', async () => {
		const promise = {
			title: 'Medborgarlöfte Ludvika',
			period: '2025–2026',
			parties: [
				{ key: 'polisen', name: 'Lokalpolisområde Ludvika', lines: ['genomföra trygghetsvandringar'] },
				{ key: 'kommunen', name: 'Ludvika kommun', lines: ['förbättra belysningen'] },
				{ key: 'gemensamt', name: 'Polisen och kommunen', lines: ['hålla medborgardialoger'] }
			],
			signatories: [],
			extensions: [],
			dialogues: [],
			focusAreas: [],
			activities: [],
			introduction: '',
			problem: '',
			commitment: '',
			timeframe: '',
			followUp: '',
			periodStart: null,
			periodEnd: null
		} as unknown as PromiseView;
		const docx = await renderPromiseDocx({ promise, municipalityName: 'Ludvika kommun' });
		const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
		const text = xml.replace(/<w:p[ >]/g, '\n$&').replace(/<[^>]+>/g, '');
		expect(text).toContain('Lokalpolisområde Ludvika och Ludvika kommun');
		expect(text).not.toContain('och Polisen och kommunen');
		expect(text).toContain('Tillsammans lovar vi att:');
	});
});
