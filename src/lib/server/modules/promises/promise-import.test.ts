import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMeasurableTarget, parsePromiseText, type PromiseDraft } from './promise-import';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const FALUN_PDF = fixture('falun-2022-sig.pdf.txt');
const FALUN_WEB = fixture('falun-2022-sig.web.txt');
const FALUN_PRESS = fixture('falun-2022-sig.press.txt');
const SUNNE = fixture('sunne-2021-2024.web.txt');

const squash = (s: string) => s.replace(/[\u00a0\s]+/g, ' ').trim();

/** The text of every bullet or numbered line in the source, without its marker. */
function bulletLines(source: string): string[] {
	return source
		.split(/\r?\n/)
		.map((l) => squash(l))
		.filter((l) => /^([•*-]|\d{1,2}[.)])\s+/.test(l))
		.map((l) => l.replace(/^([•*-]|\d{1,2}[.)])\s+/, ''));
}

/** Everything the draft holds as promises or activities. */
const promiseTexts = (draft: PromiseDraft) =>
	squash([...draft.partyPromises.flatMap((p) => p.items), ...draft.activities.flatMap((a) => [a.activity, a.group ?? '']), ...draft.focusAreas].join('\n'));

const sectionTexts = (draft: PromiseDraft) => squash(draft.sections.map((s) => `${s.heading ?? ''}\n${s.text}`).join('\n'));

const WEB_CHROME = new Set(['sök', 'stäng meny']);

/** Source lines as they should appear after undoing PDF hyphenation. */
const sourceLines = (source: string) =>
	source
		.split(/\r?\n/)
		.map((l) => squash(l).replace(/(\p{L})-$/u, '$1'))
		.filter((l) => l && !WEB_CHROME.has(l.toLowerCase()));

const FALUN_POLICE = [
	'Medverka med resurs i ledningsfunktion/på strategisk nivå i styrgrupp för Faluns Sociala insatsgrupper.',
	'Medverka med resurs på operativ nivå i Faluns arbetsgrupp/beredningsgrupp för Sociala insatsgrupper.',
	'Medverka i arbetet på individnivå med unga och familjer på det sätt som är brukligt i arbetet med Sociala insatsgrupper.'
];
const FALUN_MUNICIPALITY = [
	'Falu kommun tillsätter resurs som utvecklingsledare och koordinator för Sociala insatsgrupper.',
	'Medverka med resurs på ledningsnivå från respektive berörd verksamhetsgren samt från strategisk nivå i styrgrupp för Faluns Sociala insatsgrupper.',
	'Medverka med resurser på operativ nivå i Faluns arbetsgrupp/beredningsgrupp för Sociala insatsgrupper.',
	'Medverka med resurser på individnivå med unga och familjer på det sätt som är brukligt i Sociala insatsgrupper.'
];

describe('parsePromiseText on Falun 2022 (Sociala insatsgrupper) copied from the PDF', () => {
	const draft = parsePromiseText(FALUN_PDF, { municipalityName: 'Falun' });

	it('finds the police and the municipality with all 3 + 4 promises, word for word', () => {
		expect(draft.partyPromises).toEqual([
			{ party: 'polisen', partyName: 'Polisen', items: FALUN_POLICE },
			{ party: 'kommunen', partyName: 'Falu kommun', items: FALUN_MUNICIPALITY }
		]);
	});

	it('reads the activity table, copied column by column, as its one activity with all five columns', () => {
		expect(draft.activities).toEqual([
			{
				activity: 'Införa samverkansmodellen SIG',
				group: null,
				scope: 'För målgruppen unga och deras familjer som beskrivs ovan, i hela den geografiska kommunen.',
				when: 'Under 2022 med start i januari.',
				responsible: 'Lokalpolisområde Falun - Falu kommun',
				followUp: 'Faluns BRÅ, december 2022',
				target: null
			}
		]);
		expect(draft.problems.map((p) => p.message)).toContain(
			'Aktivitetstabellen verkar kopierad kolumnvis från en PDF; kontrollera att varje text hamnat i rätt kolumn.'
		);
	});

	it('takes the title from the first lines and the text of Inledning and Problembild', () => {
		expect(draft.title).toBe('Medborgarlöfte – Lokalpolisområde Falun och Falu kommun');
		expect(draft.introduction).toMatch(/^Som ett led i att stärka en redan god samverkan har Lokalpolisområde Falun och Falu kommun beslutat/);
		expect(draft.introduction).toContain('barn och unga i åldern 12 – 20 år med normbrytande beteende');
		expect(draft.problemPicture).toMatch(/^I dialog och kartläggningar har en problembild framkommit/);
		expect(draft.problemPicture).toContain('verksamma metoder för stöd och behandling för aktuell målgrupp av unga och deras familjer.');
		expect(draft.problemPicture.split('\n\n')).toHaveLength(2);
	});

	it('names Faluns BRÅ as the follow-up forum and the SIG model as the focus', () => {
		expect(draft.followUpForum).toBe('Faluns BRÅ');
		expect(draft.focusAreas).toEqual(['Sociala insatsgrupper (SIG)']);
		expect(draft.dialogueBasis).toEqual([{ text: expect.stringMatching(/^I dialog och kartläggningar har en problembild framkommit/) }]);
	});

	it('infers the period 2022 from the activity and says so, since the text gives none', () => {
		expect([draft.periodStart, draft.periodEnd]).toEqual([2022, 2022]);
		expect(draft.extensions).toEqual([]);
		expect(draft.problems).toContainEqual(
			expect.objectContaining({ line: null, message: 'Texten anger ingen period; 2022 är hämtat från aktiviteternas tidsangivelser. Kontrollera.' })
		);
	});

	it('reports that the text names no signatories instead of inventing them', () => {
		expect(draft.signatories).toEqual([]);
		expect(draft.problems).toContainEqual(expect.objectContaining({ line: null, message: 'Inga undertecknare hittades i texten.' }));
	});

	it('keeps every bullet line of the source in the promises', () => {
		const bullets = bulletLines(FALUN_PDF);
		expect(bullets).toHaveLength(7);
		const all = promiseTexts(draft);
		for (const bullet of bullets) expect(all).toContain(bullet);
	});

	it('keeps every line under the "lovar att" headings, wrapped lines included', () => {
		const lines = FALUN_PDF.split('\n');
		const start = lines.findIndex((l) => l.includes('Polisen lovar att:'));
		const end = lines.findIndex((l) => l.startsWith('Aktivitet Omfattning'));
		const under = sourceLines(lines.slice(start, end).join('\n')).filter((l) => !/lovar att:$/.test(l));
		expect(under.length).toBeGreaterThan(14);
		const items = squash(draft.partyPromises.flatMap((p) => p.items).join(' '));
		for (const line of under) expect(items).toContain(line.replace(/^• /, ''));
	});

	it('keeps every line of the source somewhere in its sections', () => {
		const all = sectionTexts(draft);
		for (const line of sourceLines(FALUN_PDF)) expect(all).toContain(line);
	});
});

describe('parsePromiseText on the same Falun promise from the web page', () => {
	const draft = parsePromiseText(FALUN_WEB, { municipalityName: 'Falun' });

	it('gives the same promises as the PDF text, word for word', () => {
		const fromPdf = parsePromiseText(FALUN_PDF, { municipalityName: 'Falun' });
		expect(draft.partyPromises).toEqual(fromPdf.partyPromises);
		expect(draft.introduction).toContain(fromPdf.introduction.slice(0, 200));
		expect(draft.problemPicture).toBe(fromPdf.problemPicture);
	});

	it('has every bullet line of the page as a promise item, exactly', () => {
		const bullets = bulletLines(FALUN_WEB);
		expect(bullets).toHaveLength(7);
		expect(draft.partyPromises.flatMap((p) => p.items)).toEqual(bullets);
	});

	it('reports the missing period, signatories and forum, since the page has no activity table', () => {
		expect(draft.activities).toEqual([]);
		expect([draft.periodStart, draft.periodEnd]).toEqual([null, null]);
		expect(draft.problems.map((p) => p.message)).toEqual(
			expect.arrayContaining([
				'Ingen period (t.ex. ”2021-2022”) hittades i texten.',
				'Inga undertecknare hittades i texten.',
				'Inget forum för uppföljningen hittades.'
			])
		);
	});
});

describe('parsePromiseText on Sunne 2021–2022, extended to 2024', () => {
	const draft = parsePromiseText(SUNNE, { municipalityName: 'Sunne' });

	it('reads the period 2021–2022 from the promise heading', () => {
		expect(draft.title).toBe('Medborgarlöfte 2021-2022 (förlängt till 2024)');
		expect(draft.periodStart).toBe(2021);
		expect(draft.periodEnd).toBe(2022);
	});

	it('keeps the extension to 2024 as history, with the sentence that decided it', () => {
		expect(draft.extensions).toEqual([
			{
				toYear: 2024,
				text: 'Då detta arbete nyligen startats upp så har vi gemensamt kommit fram till att vi inte ändrar vårt fokus utan förlänger tidigare års medborgarlöfte ytterligare ett år, det vill säga till 2024.'
			}
		]);
	});

	it('points out that the text also calls the promise 2021–2023', () => {
		expect(draft.problems).toContainEqual(
			expect.objectContaining({ line: 11, message: 'Texten anger även perioden 2021–2023; perioden 2021–2022 (rad 30) används.' })
		);
	});

	it('turns the 8 bullets into 11 activities, the numbered items under their lead-in', () => {
		expect(draft.partyPromises).toEqual([]);
		expect(draft.activities).toHaveLength(11);
		expect(draft.activities.filter((a) => a.group === null)).toHaveLength(6);
		expect(draft.activities.filter((a) => a.group === 'Sunne kommun arbetar med att förebygga mäns våld mot kvinnor. Detta genom att:')).toHaveLength(2);
		expect(
			draft.activities
				.filter((a) => a.group === 'Skolan och socialtjänsten ska tillsammans förstärka arbetet med tidig upptäckt och förebyggande insatser.')
				.map((a) => a.activity)
		).toEqual([
			'ANDT-insatser från årskurs 6.',
			'Föräldrastöd till tonårsföräldrar. Minst ett tillfälle per termin.',
			'Skola, socialtjänst & polis samverkar tillsammans för att förebygga att ungdomar hamnar i riskmiljöer, kriminalitet och drogmissbruk. Träffarna kommer ske med samtliga involverade minst 1 träff/månaden under skolterminerna.'
		]);
	});

	it('keeps the indented paragraph under the first bullet in that activity', () => {
		expect(draft.activities[0].activity).toBe(
			'Regelbunden kontakt mellan skolan, socialtjänsten och polisen för att tidigt upptäcka tecken på ungdomar som är på väg in i kriminalitet och droger. Sunne kommun och polisen samverkar och tillämpar riktade möten med ungdomar och vårdnadshavare utifrån att behov för en mindre grupp individer som begått brott eller riskerar att begå brott.'
		);
	});

	it('reads measurable targets from the activities that have one', () => {
		expect(draft.activities.filter((a) => a.target).map((a) => a.target)).toEqual([
			{ value: 1, unit: 'tillfälle per termin' },
			{ value: 1, unit: 'träff/månaden under skolterminerna' }
		]);
	});

	it('reads both signatories from the sentence that names them', () => {
		expect(draft.signatories).toEqual([
			{ name: 'Henrik Frykberger', title: 'kommunstyrelsens ordförande i Sunne kommun', party: 'kommunen' },
			{ name: 'Henrik Gustavsson', title: 'lokalpolisområdeschef, Torsby', party: 'polisen' }
		]);
	});

	it('reads focus areas, the follow-up forum, the timeframe and the commitment', () => {
		expect(draft.focusAreas).toEqual(['Droger bland barn och unga', 'Trafikmiljö', 'Mäns våld mot kvinnor']);
		expect(draft.followUpForum).toBe('Lokala rådet för trygghet');
		expect(draft.timeframe).toBe('Medborgarlöftet med dess aktiviteter pågår från och med tecknandet av medborgarlöftet och två år framåt.');
		expect(draft.commitment).toMatch(/^Under kommande två \(2\) år ska polisen och kommunen/);
		expect(draft.introduction).toMatch(/^Samverkan mellan polis och kommun är en nödvändighet/);
		expect(draft.problemPicture).toMatch(/^Lägesbild 2023-2024\n/);
		expect(draft.problemPicture).toContain('\n\nTidigare lägesbild för 2021-2022\n');
		expect(draft.dialogueBasis).toEqual([{ text: expect.stringMatching(/vid samtal med allmänheten/) }]);
	});

	it('keeps every bullet and numbered line of the source in the activities', () => {
		const bullets = bulletLines(SUNNE);
		expect(bullets).toHaveLength(13);
		const all = promiseTexts(draft);
		for (const bullet of bullets) expect(all).toContain(bullet);
	});

	it('keeps every line of the source somewhere in its sections', () => {
		const all = sectionTexts(draft);
		for (const line of sourceLines(SUNNE)) expect(all).toContain(line);
	});
});

describe('parsePromiseText on damaged or differently encoded copies', () => {
	it('reads the PDF text the same with Windows line endings', () => {
		const lf = parsePromiseText(FALUN_PDF);
		const crlf = parsePromiseText(FALUN_PDF.replace(/\n/g, '\r\n'));
		expect(crlf.partyPromises).toEqual(lf.partyPromises);
		expect(crlf.activities).toEqual(lf.activities);
	});

	it.each([
		['Falun (PDF)', FALUN_PDF],
		['Sunne', SUNNE]
	])('keeps every line of %s in its sections wherever the copy is cut off', (_name, source) => {
		const lines = source.split('\n');
		for (let end = 1; end <= lines.length; end++) {
			const part = lines.slice(0, end).join('\n');
			const all = sectionTexts(parsePromiseText(part));
			for (const line of sourceLines(part)) expect(all).toContain(line);
		}
	});
});

describe('parsePromiseText on a text that is not a promise', () => {
	it('does not invent promises from a press release, and says so', () => {
		const draft = parsePromiseText(FALUN_PRESS, { municipalityName: 'Falun' });
		expect(draft.partyPromises).toEqual([]);
		expect(draft.activities).toEqual([]);
		expect(draft.signatories).toEqual([]);
		expect(draft.problems.map((p) => p.message)).toContain('Varken löften eller aktiviteter hittades; är det här ett medborgarlöfte?');
		for (const line of sourceLines(FALUN_PRESS)) expect(sectionTexts(draft)).toContain(line);
	});

	it('returns an empty draft with a problem for empty text', () => {
		const draft = parsePromiseText('   \n\n');
		expect(draft.partyPromises).toEqual([]);
		expect(draft.problems).toContainEqual(expect.objectContaining({ line: 1, message: 'Texten är tom.' }));
	});

	it('warns when the text does not mention the chosen municipality', () => {
		const draft = parsePromiseText(SUNNE, { municipalityName: 'Falun' });
		expect(draft.problems).toContainEqual(expect.objectContaining({ line: null, message: 'Texten nämner inte Falun; kontrollera att rätt kommun är vald.' }));
	});
});

describe('parsePromiseText on other layouts', () => {
	it('reads dash, star and numbered bullets and keeps a non-bulleted paragraph as a promise with a warning', () => {
		const draft = parsePromiseText(
			[
				'Medborgarlöfte 2023 – Exempel kommun',
				'',
				'Kommunen lovar att:',
				'- Genomföra minst 2 trygghetsvandringar i Centrum.',
				'* Förbättra belysningen i',
				'  gångtunneln vid stationen.',
				'',
				'Dessutom informera om grannsamverkan.',
				'',
				'Lokalpolisområde Exempel lovar att:',
				'1. Öka närvaron på fredagskvällar.',
				'2) Delta i trygghetsvandringarna.'
			].join('\n')
		);
		expect(draft.partyPromises).toEqual([
			{
				party: 'kommunen',
				partyName: 'Kommunen',
				items: [
					'Genomföra minst 2 trygghetsvandringar i Centrum.',
					'Förbättra belysningen i gångtunneln vid stationen.',
					'Dessutom informera om grannsamverkan.'
				]
			},
			{ party: 'polisen', partyName: 'Lokalpolisområde Exempel', items: ['Öka närvaron på fredagskvällar.', 'Delta i trygghetsvandringarna.'] }
		]);
		expect(draft.problems.some((p) => p.line === 8 && p.message.includes('saknar punkt'))).toBe(true);
		expect([draft.periodStart, draft.periodEnd]).toEqual([2023, 2023]);
	});

	it('takes each line as a promise when the list has no bullets, and an inline promise after the colon', () => {
		const draft = parsePromiseText(
			[
				'Polisen lovar att: Vara synlig i centrum varje helg.',
				'',
				'Vi lovar gemensamt att:',
				'Hålla tre medborgardialoger.',
				'Redovisa resultatet i',
				'lokala brottsförebyggande rådet.'
			].join('\n')
		);
		expect(draft.partyPromises).toEqual([
			{ party: 'polisen', partyName: 'Polisen', items: ['Vara synlig i centrum varje helg.'] },
			{
				party: 'gemensamt',
				partyName: 'Polisen och kommunen',
				items: ['Hålla tre medborgardialoger.', 'Redovisa resultatet i lokala brottsförebyggande rådet.']
			}
		]);
	});

	it('reads a tab-separated activity table, with a measurable goal column', () => {
		const draft = parsePromiseText(
			[
				'Medborgarlöfte 2023-2024',
				'Aktivitet\tOmfattning\tNär\tAnsvarig\tUppföljning\tMål',
				'Starta grannsamverkan\tBostadsområden i norr\tHösten 2023\tPolisen\tBRÅ, december 2023\tMinst 8 nya områden med grannsamverkan',
				'Trygghetsvandringar\tCentrum\tVåren 2024\tKommunen\tBRÅ, juni 2024\t'
			].join('\n')
		);
		expect(draft.activities).toEqual([
			{
				activity: 'Starta grannsamverkan',
				group: null,
				scope: 'Bostadsområden i norr',
				when: 'Hösten 2023',
				responsible: 'Polisen',
				followUp: 'BRÅ, december 2023',
				target: { value: 8, unit: 'nya områden med grannsamverkan' }
			},
			{ activity: 'Trygghetsvandringar', group: null, scope: 'Centrum', when: 'Våren 2024', responsible: 'Kommunen', followUp: 'BRÅ, juni 2024', target: null }
		]);
		expect(draft.followUpForum).toBe('BRÅ');
		expect([draft.periodStart, draft.periodEnd]).toEqual([2023, 2024]);
	});

	it('reads labelled activity rows and a table with one heading per line', () => {
		const labelled = parsePromiseText(
			[
				'Aktivitet: Trygghetsvandring i Bojsenburg',
				'Omfattning: En vandring per år',
				'När: Hösten 2024',
				'Ansvarig: Kopparstaden',
				'Uppföljning: Faluns BRÅ'
			].join('\n')
		);
		expect(labelled.activities).toEqual([
			{
				activity: 'Trygghetsvandring i Bojsenburg',
				group: null,
				scope: 'En vandring per år',
				when: 'Hösten 2024',
				responsible: 'Kopparstaden',
				followUp: 'Faluns BRÅ',
				target: null
			}
		]);
		const vertical = parsePromiseText(
			[
				'Aktivitet',
				'Omfattning',
				'När',
				'Ansvarig',
				'Uppföljning',
				'Grannsamverkan',
				'Norr',
				'2024',
				'Polisen',
				'BRÅ',
				'Trygghetsvandring',
				'Centrum',
				'2025',
				'Kommunen',
				'BRÅ'
			].join('\n')
		);
		expect(vertical.activities.map((a) => [a.activity, a.scope, a.when, a.responsible, a.followUp])).toEqual([
			['Grannsamverkan', 'Norr', '2024', 'Polisen', 'BRÅ'],
			['Trygghetsvandring', 'Centrum', '2025', 'Kommunen', 'BRÅ']
		]);
	});

	it('reads extensions in several wordings, in year order', () => {
		const draft = parsePromiseText(
			[
				'Medborgarlöfte 2021-2022',
				'',
				'Parterna har beslutat att medborgarlöftet förlängs till och med 2024.',
				'',
				'Löftet förlängdes först till 2023 efter dialog med medborgarna.'
			].join('\n')
		);
		expect(draft.extensions.map((e) => e.toYear)).toEqual([2023, 2024]);
		expect(draft.extensions[1].text).toBe('Parterna har beslutat att medborgarlöftet förlängs till och med 2024.');
	});

	it('reads signatures set side by side in a signature block', () => {
		const draft = parsePromiseText(
			['Medborgarlöfte 2024', '', 'Underskrifter', '', 'Joakim Storck      Martin Öman', 'Kommunstyrelsens ordförande      Lokalpolisområdeschef Falun'].join(
				'\n'
			)
		);
		expect(draft.signatories).toEqual([
			{ name: 'Joakim Storck', title: 'Kommunstyrelsens ordförande', party: 'kommunen' },
			{ name: 'Martin Öman', title: 'Lokalpolisområdeschef Falun', party: 'polisen' }
		]);
	});

	it('reads the number of dialogues, respondents and when from a dialogue section', () => {
		const draft = parsePromiseText(
			[
				'Medborgarlöfte 2023',
				'',
				'Medborgardialog',
				'- Under hösten 2022 genomfördes 3 medborgardialoger i Centrum.',
				'- Trygghetsenkäten fick 412 svarande.'
			].join('\n')
		);
		expect(draft.dialogueBasis).toEqual([
			{ text: 'Under hösten 2022 genomfördes 3 medborgardialoger i Centrum.', count: 3, when: 'hösten 2022' },
			{ text: 'Trygghetsenkäten fick 412 svarande.', respondents: 412 }
		]);
	});
});

describe('parseMeasurableTarget', () => {
	it.each([
		['minst 8 nya områden med grannsamverkan', { value: 8, unit: 'nya områden med grannsamverkan' }],
		['Polisen ska genomföra 4 trygghetsvandringar under året.', { value: 4, unit: 'trygghetsvandringar under året' }],
		['Föräldrastöd till tonårsföräldrar. Minst ett tillfälle per termin.', { value: 1, unit: 'tillfälle per termin' }],
		['minst 1 träff/månaden under skolterminerna', { value: 1, unit: 'träff/månaden under skolterminerna' }],
		['Anmälningarna ska minska med 10 % till 2025', { value: 10, unit: '% till 2025' }],
		['Erbjuda minst 1 200 elever föräldrastöd', { value: 1200, unit: 'elever föräldrastöd' }],
		['Åtminstone 2,5 timmar per vandring', { value: 2.5, unit: 'timmar per vandring' }]
	])('reads a goal from "%s"', (text, expected) => {
		expect(parseMeasurableTarget(text)).toEqual(expected);
	});

	it.each(['ANDT-insatser från årskurs 6.', 'Linköpingsmodellen ska användas då det rör unga personer 15-18 år.', 'Under 2022 med start i januari.', ''])(
		'finds no goal in "%s", where a number is not a quantity to reach',
		(text) => {
			expect(parseMeasurableTarget(text)).toBeNull();
		}
	);
});
