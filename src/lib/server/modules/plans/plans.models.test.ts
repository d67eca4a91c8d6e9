import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	findOrganisationMatch,
	findPlaceNames,
	matchOrganisation,
	parseCoResponsible,
	parseIndicators,
	parseCost,
	parseFollowUp,
	parseResponsible,
	parseTimePhrase,
	rollUpStatuses,
	type KnownOrganisation
} from './plans.models';

const seed = readFileSync(new URL('./fixtures/falun-atgardsplan-2024.txt', import.meta.url), 'utf8');

/** Every distinct text in the Tid column of the seed's measure rows. */
function seedTimePhrases(): string[] {
	const phrases = new Set<string>();
	for (const line of seed.split('\n')) {
		const cells = line.split('\t');
		if (cells.length < 7 || cells[0].trim() === 'Åtgärd') continue;
		const time = cells[1].trim();
		if (time !== '') phrases.add(time);
	}
	return [...phrases];
}

describe('parseTimePhrase', () => {
	it('reads "Start hösten 2024" as a start on 2024-08-01 without an end', () => {
		expect(parseTimePhrase('Start hösten 2024')).toMatchObject({ startDate: '2024-08-01', endDate: null, ongoing: false, recognised: true });
	});

	it('reads "Våren 2025 – 2027" as 2025-01-01 to 2027-12-31', () => {
		expect(parseTimePhrase('Våren 2025 – 2027')).toMatchObject({ startDate: '2025-01-01', endDate: '2027-12-31', ongoing: false });
		expect(parseTimePhrase('Våren 2025 – 2027.')).toMatchObject({ startDate: '2025-01-01', endDate: '2027-12-31' });
	});

	it('reads "Pågående" as ongoing without dates', () => {
		expect(parseTimePhrase('Pågående')).toMatchObject({ startDate: null, endDate: null, ongoing: true, recognised: true });
	});

	it('reads "Start december 2024" as a start on 2024-12-01', () => {
		expect(parseTimePhrase('Start december 2024')).toMatchObject({ startDate: '2024-12-01', endDate: null });
	});

	it('reads "Delvis pågående samt utvecklingsarbete från hösten 2024" as ongoing with a start on 2024-08-01', () => {
		expect(parseTimePhrase('Delvis pågående samt utvecklingsarbete från hösten 2024')).toMatchObject({
			startDate: '2024-08-01',
			endDate: null,
			ongoing: true
		});
	});

	it('uses jan–jun for våren, aug–dec for hösten and jun–aug for sommaren', () => {
		expect(parseTimePhrase('Våren 2025')).toMatchObject({ startDate: '2025-01-01', endDate: '2025-06-30' });
		expect(parseTimePhrase('Hösten 2024')).toMatchObject({ startDate: '2024-08-01', endDate: '2024-12-31' });
		expect(parseTimePhrase('Sommaren 2025')).toMatchObject({ startDate: '2025-06-01', endDate: '2025-08-31' });
		expect(parseTimePhrase('Start våren 2025')).toMatchObject({ startDate: '2025-01-01', endDate: null });
	});

	it('reads plain years and year ranges', () => {
		expect(parseTimePhrase('2024-2026')).toMatchObject({ startDate: '2024-01-01', endDate: '2026-12-31' });
		expect(parseTimePhrase('2024 – 2026')).toMatchObject({ startDate: '2024-01-01', endDate: '2026-12-31' });
		expect(parseTimePhrase('2025')).toMatchObject({ startDate: '2025-01-01', endDate: '2025-12-31' });
		expect(parseTimePhrase('Start 2024')).toMatchObject({ startDate: '2024-01-01', endDate: null });
	});

	it('reads ISO dates and ranges of them', () => {
		expect(parseTimePhrase('2024-09-01 – 2025-06-15')).toMatchObject({ startDate: '2024-09-01', endDate: '2025-06-15' });
		expect(parseTimePhrase('Från 2024-10-01')).toMatchObject({ startDate: '2024-10-01', endDate: null });
		expect(parseTimePhrase('Klart senast 2025-03-31')).toMatchObject({ startDate: null, endDate: '2025-03-31' });
	});

	it('reads Swedish month names, with the year of a later month for a range', () => {
		expect(parseTimePhrase('Juni 2024')).toMatchObject({ startDate: '2024-06-01', endDate: '2024-06-30' });
		expect(parseTimePhrase('januari–mars 2025')).toMatchObject({ startDate: '2025-01-01', endDate: '2025-03-31' });
		expect(parseTimePhrase('september 2024 till februari 2025')).toMatchObject({ startDate: '2024-09-01', endDate: '2025-02-28' });
	});

	it('reads school terms and quarters', () => {
		expect(parseTimePhrase('HT24')).toMatchObject({ startDate: '2024-08-01', endDate: '2024-12-31' });
		expect(parseTimePhrase('VT 2025')).toMatchObject({ startDate: '2025-01-01', endDate: '2025-06-30' });
		expect(parseTimePhrase('Q2 2025')).toMatchObject({ startDate: '2025-04-01', endDate: '2025-06-30' });
	});

	it('keeps an open end after a trailing dash ("Pågående Start hösten 2024-")', () => {
		expect(parseTimePhrase('Pågående Start hösten 2024-')).toMatchObject({ startDate: '2024-08-01', endDate: null, ongoing: true });
	});

	it('treats recurring activities as ongoing and recurring without guessing dates', () => {
		const r = parseTimePhrase('En blåljusdag/kväll per termin, vanligtvis maj och september');
		expect(r).toMatchObject({ startDate: null, endDate: null, ongoing: true, recurring: true });
		expect(r.interpretation).toMatch(/Återkommande/);
	});

	it('says so when a text cannot be read as time', () => {
		const r = parseTimePhrase('Ca 2,5 timmar/per tillfälle');
		expect(r).toMatchObject({ startDate: null, endDate: null, ongoing: false, recognised: false });
		expect(r.interpretation).toMatch(/Kunde inte tolkas/);
		expect(parseTimePhrase('').interpretation).toBe('Ingen tid angiven.');
	});

	it('gives a sensible interpretation for every time phrase in the Falun plan', () => {
		const phrases = seedTimePhrases();
		expect(phrases.length).toBeGreaterThanOrEqual(15);
		const notTime = new Set(['Ca 2,5 timmar/per tillfälle']); // scope text written in the Tid column
		for (const phrase of phrases) {
			const r = parseTimePhrase(phrase);
			expect(r.interpretation, phrase).toMatch(/\S/);
			if (notTime.has(phrase)) {
				expect(r.recognised, phrase).toBe(false);
				continue;
			}
			expect(r.recognised, phrase).toBe(true);
			expect(r.ongoing || r.startDate !== null || r.endDate !== null, phrase).toBe(true);
			for (const d of [r.startDate, r.endDate]) if (d !== null) expect(d, phrase).toMatch(/^20(2[3-9])-\d{2}-\d{2}$/);
			if (r.startDate && r.endDate) expect(r.startDate <= r.endDate, phrase).toBe(true);
			if (/pågå|påbörjad/i.test(phrase)) expect(r.ongoing, phrase).toBe(true);
			const year = /20\d{2}/.exec(phrase)?.[0];
			if (year) expect(r.startDate ?? r.endDate ?? '', phrase).toContain(year);
			if (r.startDate) expect(r.interpretation, phrase).toContain(r.startDate);
		}
		expect(parseTimePhrase('Till viss del påbörjad, utvecklingsarbete under 2025')).toMatchObject({
			ongoing: true,
			startDate: '2025-01-01',
			endDate: '2025-12-31'
		});
		expect(parseTimePhrase('Pågående men med möjlig utveckling med start våren 2025')).toMatchObject({ ongoing: true, startDate: '2025-01-01' });
		expect(parseTimePhrase('Start våren 2025 Pågående')).toMatchObject({ ongoing: true, startDate: '2025-01-01', endDate: null });
		expect(parseTimePhrase('Delsvis pågående')).toMatchObject({ ongoing: true });
	});

	it('does not call a measure ongoing when the text says it has not started', () => {
		expect(parseTimePhrase('Ej påbörjad, start 2025')).toMatchObject({ ongoing: false, startDate: '2025-01-01' });
	});
});

describe('parseCost', () => {
	it('reads a grant from BRÅ of 557 000 kr', () => {
		expect(parseCost('bidrag från BRÅ med 557 000 kr')).toMatchObject({ amountSek: 557000, fundingSource: 'BRÅ', withinBudget: false });
	});

	it('reads "Inom befintlig budget" as within budget without an amount', () => {
		expect(parseCost('Inom befintlig budget')).toEqual(
			expect.objectContaining({ amountSek: null, fundingSource: null, withinBudget: true, additionalCosts: false })
		);
		expect(parseCost('Inom KS befintliga ram (utv. reserv)').withinBudget).toBe(true);
		expect(parseCost('Med befintliga resurser.').withinBudget).toBe(true);
	});

	it('reads the merged SSPF cost cell: budget plus a granted amount', () => {
		const r = parseCost('Inom befintlig budget samt bidrag från BRÅ med 557 000 kr, för projektledare samt utbildningar att användas under 2024.');
		expect(r).toMatchObject({ amountSek: 557000, fundingSource: 'BRÅ', fundingStatus: 'beviljat', withinBudget: true });
	});

	it('understands amounts in kr, mnkr, miljoner kronor, tkr and with non-breaking spaces', () => {
		expect(parseCost('557 000 kr').amountSek).toBe(557000);
		expect(parseCost('557\u00a0000 kr').amountSek).toBe(557000);
		expect(parseCost('1,2 mnkr').amountSek).toBe(1200000);
		expect(parseCost('2 miljoner kronor').amountSek).toBe(2000000);
		expect(parseCost('1,5 mkr').amountSek).toBe(1500000);
		expect(parseCost('350 tkr').amountSek).toBe(350000);
		expect(parseCost('12000 kronor').amountSek).toBe(12000);
		expect(parseCost('50 000:-').amountSek).toBe(50000);
	});

	it('does not read years or other numbers as amounts', () => {
		expect(parseCost('Medel från BRÅ för utbildningar under 2024.').amountSek).toBeNull();
		expect(parseCost('Ca 2 möten per halvår').amountSek).toBeNull();
	});

	it('adds several amounts, unless one is part of the other ("varav")', () => {
		expect(parseCost('200 000 kr 2025 och 300 000 kr 2026').amountSek).toBe(500000);
		expect(parseCost('500 000 kr varav 200 000 kr från BRÅ').amountSek).toBe(500000);
	});

	it('names every funding source and tells a sought grant from a granted one', () => {
		expect(
			parseCost('Med befintliga resurser. Medel från BRÅ för utbildningar under 2024. Medel från Social-styrelsen för fortsatt utbildning.')
		).toMatchObject({
			fundingSource: 'BRÅ, Socialstyrelsen',
			fundingSources: ['BRÅ', 'Socialstyrelsen'],
			withinBudget: true
		});
		expect(parseCost('Inom KS befintliga ram (utv. reserv) Ekonomiskt stöd kommer också att sökas från BRÅ för 2025.')).toMatchObject({
			fundingSource: 'BRÅ',
			fundingStatus: 'sökt',
			withinBudget: true
		});
	});

	it('notices when costs will be added on top', () => {
		expect(parseCost('Kostnader tillkommer vid insatser')).toMatchObject({ withinBudget: false, additionalCosts: true });
		expect(parseCost('Medel behöver avsättas av respektive part vid genomförande av insats/insatser.').additionalCosts).toBe(true);
	});
});

describe('parseResponsible', () => {
	const names = (text: string) => parseResponsible(text).map((p) => p.name);

	it('splits "X, Y och Z" and makes the first named the lead', () => {
		const parties = parseResponsible('Falu kommun, polisen och Länsstyrelsen Dalarna');
		expect(parties.map((p) => p.name)).toEqual(['Falu kommun', 'Polisen', 'Länsstyrelsen Dalarna']);
		expect(parties.map((p) => p.lead)).toEqual([true, false, false]);
	});

	it('keeps "Barn och utbildningsförvaltningen" and "Arbetslivs- och socialförvaltningen" whole', () => {
		expect(names('Barn och utbildningsförvaltningen och Serviceförvaltningen')).toEqual(['Barn och utbildningsförvaltningen', 'Serviceförvaltningen']);
		expect(names('Faluns BRÅ, Arbetslivs- och socialförvaltningen')).toEqual(['Faluns BRÅ', 'Arbetslivs- och socialförvaltningen']);
	});

	it('marks parties after "med stöd av" as support and drops "mfl"', () => {
		const parties = parseResponsible('Barn och utbildningsförvaltningen och Serviceförvaltningen med stöd av BRÅ-samordnare och Säkerhetssamordnare mfl');
		expect(parties).toEqual([
			{ name: 'Barn och utbildningsförvaltningen', lead: true, support: false, note: null },
			{ name: 'Serviceförvaltningen', lead: false, support: false, note: null },
			{ name: 'BRÅ-samordnare', lead: false, support: true, note: null },
			{ name: 'Säkerhetssamordnare', lead: false, support: true, note: null }
		]);
	});

	it('keeps parentheses as a note and splits names run together by a lost line break', () => {
		const parties = parseResponsible(
			'Falu kommun (Faluns BRÅ sammankallar), Kopparstaden, andra bostadsbolag, Polisen Skolan, Förskolan, Ungdomsstödjare, Fritid för unga, Dialogen'
		);
		expect(parties[0]).toEqual({ name: 'Falu kommun', lead: true, support: false, note: 'Faluns BRÅ sammankallar' });
		expect(parties.map((p) => p.name)).toEqual([
			'Falu kommun',
			'Kopparstaden',
			'Andra bostadsbolag',
			'Polisen',
			'Skolan',
			'Förskolan',
			'Ungdomsstödjare',
			'Fritid för unga',
			'Dialogen'
		]);
	});

	it('reads "X finns som stöd" and cuts off trailing prose', () => {
		const parties = parseResponsible(
			'Barn och utbildningsförvaltningen BRÅ-samordnare och Kommunpolis finns som stöd bland annat i framtagande av rutin för polisanmälan skola - polis.'
		);
		expect(parties.map((p) => [p.name, p.lead, p.support])).toEqual([
			['Barn och utbildningsförvaltningen', true, false],
			['BRÅ-samordnare', false, true],
			['Kommunpolis', false, true]
		]);
		expect(names('Kommundirektören tillser att: - samtliga förvaltningschefer utser ansvariga')).toEqual(['Kommundirektören']);
		expect(names('Förskolan med viss förstärkt resurs')).toEqual(['Förskolan']);
	});

	it('skips generic fillers such as "andra berörda verksamheter"', () => {
		expect(names('Barn och familjesektionen samt medverkande aktörer; skolan, polisen, fritid samt även andra berörda verksamheter.')).toEqual([
			'Barn och familjesektionen',
			'Skolan',
			'Polisen',
			'Fritid'
		]);
	});

	it('returns nothing for an empty cell', () => {
		expect(parseResponsible('')).toEqual([]);
		expect(parseResponsible(null)).toEqual([]);
	});
});

describe('matchOrganisation', () => {
	const known: KnownOrganisation[] = [
		{ name: 'Barn- och utbildningsförvaltningen' },
		{ name: 'Lokalpolisområde Falun', type: 'lokalpolisomrade' },
		{ name: 'Falu kommun' },
		{ name: 'Kommunstyrelsen' },
		{ name: 'AB Kopparstaden', aliases: ['Kopparstaden'] },
		{ name: 'Centrala stadsrum' },
		{ name: 'Länsstyrelsen Dalarna' },
		{ name: 'Miljö- och samhällsbyggnadsförvaltningen' }
	];

	it('matches spelling variants of the same name', () => {
		expect(matchOrganisation('Barn och utbildningsförvaltningen', known)?.name).toBe('Barn- och utbildningsförvaltningen');
		expect(matchOrganisation('barn- och utbildningsförvaltningen', known)?.name).toBe('Barn- och utbildningsförvaltningen');
		expect(matchOrganisation('Miljö och samhällsbyggnadsförvaltningen', known)?.name).toBe('Miljö- och samhällsbyggnadsförvaltningen');
	});

	it('matches abbreviations such as BUF and KS', () => {
		expect(matchOrganisation('BUF', known)?.name).toBe('Barn- och utbildningsförvaltningen');
		expect(matchOrganisation('KS', known)?.name).toBe('Kommunstyrelsen');
	});

	it('matches any police wording to the local police area', () => {
		for (const n of ['Polisen', 'polis', 'Kommunpolis', 'Polismyndigheten']) expect(matchOrganisation(n, known)?.name, n).toBe('Lokalpolisområde Falun');
	});

	it('matches aliases and "kommunen"', () => {
		expect(matchOrganisation('Kopparstaden', known)?.name).toBe('AB Kopparstaden');
		expect(matchOrganisation('kommunen', known)?.name).toBe('Falu kommun');
	});

	it('only suggests whole-word containment and small typos, for a person to confirm', () => {
		for (const [name, suggested] of [
			['Länsstyrelsen', 'Länsstyrelsen Dalarna'],
			['Centrala stadsum', 'Centrala stadsrum'],
			['Barn och utbildningsförvaltning', 'Barn- och utbildningsförvaltningen']
		]) {
			expect(matchOrganisation(name, known), name).toBeNull();
			expect(findOrganisationMatch(name, known), name).toMatchObject({ organisation: { name: suggested }, certainty: 'near' });
		}
		expect(findOrganisationMatch('BUF', known)).toMatchObject({ certainty: 'same' });
	});

	it('never takes a police area named after another place for the municipality’s own', () => {
		expect(matchOrganisation('Lokalpolisområde Ludvika', known)).toBeNull();
		expect(matchOrganisation('Polisen i Borlänge', known)).toBeNull();
		expect(matchOrganisation('Lokalpolisområde Falun', known)?.name).toBe('Lokalpolisområde Falun');
		const twoAreas: KnownOrganisation[] = [...known, { name: 'Lokalpolisområde Borlänge', type: 'lokalpolisomrade' }];
		expect(matchOrganisation('Polisen', twoAreas)).toBeNull();
		expect(matchOrganisation('Polisen i Borlänge', twoAreas)?.name).toBe('Lokalpolisområde Borlänge');
	});

	it('returns null for unknown names so they can be created as organisations to confirm', () => {
		expect(matchOrganisation('Svenskt näringsliv', known)).toBeNull();
		expect(matchOrganisation('Säkerhetssamordnare', known)).toBeNull();
		expect(matchOrganisation('', known)).toBeNull();
	});

	it('works with plain strings too', () => {
		expect(matchOrganisation('Barn och utbildningsförvaltningen', ['Barn- och utbildningsförvaltningen', 'Socialförvaltningen'])).toBe(
			'Barn- och utbildningsförvaltningen'
		);
	});
});

describe('parseFollowUp', () => {
	it('reads forums and a half-yearly cadence from the Falun wording', () => {
		expect(parseFollowUp('Faluns BRÅ och Kommunstyrelsen en gång per halvår.')).toEqual({ forums: ['Faluns BRÅ', 'Kommunstyrelsen'], cadence: 'halvår' });
	});

	it('reads other cadences', () => {
		expect(parseFollowUp('Kommunstyrelsen årligen').cadence).toBe('år');
		expect(parseFollowUp('Faluns BRÅ, en gång per år').cadence).toBe('år');
		expect(parseFollowUp('Styrgruppen kvartalsvis').cadence).toBe('kvartal');
		expect(parseFollowUp('Arbetsgruppen varje månad').cadence).toBe('månad');
		expect(parseFollowUp('BRÅ två gånger per år').cadence).toBe('halvår');
	});

	it('keeps a forum without cadence and drops dates from the forum names', () => {
		expect(parseFollowUp('Vid styrgruppsmöten för Tillsammans för varje barn.')).toEqual({
			forums: ['Styrgruppsmöten för Tillsammans för varje barn'],
			cadence: null
		});
		expect(parseFollowUp('Faluns BRÅ, december 2022')).toEqual({ forums: ['Faluns BRÅ'], cadence: null });
		expect(parseFollowUp('')).toEqual({ forums: [], cadence: null });
	});
});

describe('rollUpStatuses (re-exported for server code)', () => {
	it('counts per status', () => {
		expect(rollUpStatuses(['genomford', 'forsenad', 'genomford']).counts.genomford).toBe(2);
	});
});

describe('parseTimePhrase, more wordings', () => {
	it('reads ranges across seasons, "senast", "före" and fr.o.m./t.o.m.', () => {
		expect(parseTimePhrase('Hösten 2024/Våren 2025')).toMatchObject({ startDate: '2024-08-01', endDate: '2025-06-30' });
		expect(parseTimePhrase('Senast december 2025')).toMatchObject({ startDate: null, endDate: '2025-12-31' });
		expect(parseTimePhrase('Före 2025-07-01')).toMatchObject({ startDate: null, endDate: '2025-06-30' });
		const r = parseTimePhrase('fr.o.m. 2025-01-15 t.o.m. 2025-12-31');
		expect(r).toMatchObject({ startDate: '2025-01-15', endDate: '2025-12-31' });
		expect(r.interpretation).toBe('2025-01-15 – 2025-12-31.');
	});

	it('understands "Ej påbörjad" and "Vår och höst" without inventing dates', () => {
		expect(parseTimePhrase('Ej påbörjad')).toMatchObject({
			ongoing: false,
			recognised: true,
			startDate: null,
			interpretation: 'Ej påbörjad; inga datum angivna.'
		});
		expect(parseTimePhrase('Vår och höst')).toMatchObject({ recurring: true, ongoing: true, startDate: null, endDate: null });
	});
});

describe('finding named places in a measure', () => {
	const places = ['Bojsenburg', 'Nedre Norslund', 'Järnet', 'Stadskärnan (ungefärlig)', 'Centrum'];
	it('finds whole names, case-insensitive, across punctuation, without the parenthesised remark', () => {
		expect(findPlaceNames('Starta samverkansgrupper i - Nedre Norslund och - järnet motsvarande samverkansgruppen i Bojsenburg.', places)).toEqual([
			'Bojsenburg',
			'Nedre Norslund',
			'Järnet'
		]);
		expect(findPlaceNames('Hela Stadskärnan, särskilt kvällstid', places)).toEqual(['Stadskärnan']);
	});
	it('does not find a name inside another word', () => {
		expect(findPlaceNames('Stadscentrumet och Järnetorp', places)).toEqual([]);
	});
});

describe('parseResponsible with one name per line', () => {
	it('keeps every name of a multi-line cell, and a sentence broken over lines as one', () => {
		expect(parseResponsible('Socialtjänsten\nFältgruppen\nFöreningen Nattvandrarna').map((p) => p.name)).toEqual([
			'Socialtjänsten',
			'Fältgruppen',
			'Föreningen Nattvandrarna'
		]);
		expect(parseResponsible('- Fritidsgården Tallen\n- Medborgarskolan').map((p) => p.name)).toEqual(['Fritidsgården Tallen', 'Medborgarskolan']);
		expect(parseResponsible('Socialtjänsten och\nPolisen').map((p) => p.name)).toEqual(['Socialtjänsten', 'Polisen']);
	});

	it('reads a co-responsible column as parties none of which leads', () => {
		expect(parseCoResponsible('Polisen, Svenska kyrkan').map((p) => [p.name, p.lead, p.support])).toEqual([
			['Polisen', false, false],
			['Svenska kyrkan', false, false]
		]);
	});
});

describe('parseIndicators', () => {
	it('reads name, unit, baseline and target in the ways plans write them', () => {
		expect(parseIndicators('Andel trygga (%): 62 → 75\nAntal besökare, från 20 till 35; Antal vandringar, mål minst 40')).toEqual([
			{ name: 'Andel trygga', unit: '%', baseline: 62, target: 75 },
			{ name: 'Antal besökare', unit: 'st', baseline: 20, target: 35 },
			{ name: 'Antal vandringar', unit: 'st', baseline: null, target: 40 }
		]);
		expect(parseIndicators('Upplevd trygghet i enkäten')).toEqual([{ name: 'Upplevd trygghet i enkäten', unit: '', baseline: null, target: null }]);
		expect(parseIndicators('')).toEqual([]);
	});
});
