import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLAN_COLUMNS, type PlanColumn } from '$lib/modules/plans/constants';
import { cleanCellText, measureTitle, parseCsv, parseDecisions, parsePlanRows, parsePlanText, type ImportedMeasure } from './plan-import';

const seed = readFileSync(new URL('./fixtures/falun-atgardsplan-2024.txt', import.meta.url), 'utf8');

const FIELD: Record<PlanColumn, keyof ImportedMeasure> = {
	measure: 'description',
	time: 'time',
	scope: 'scope',
	responsible: 'responsible',
	cost: 'cost',
	goal: 'goal',
	followUp: 'followUp'
};

/**
 * The seed's table rows read independently of the importer: per focus area (one header row
 * each), every tab-separated row after the header, cells as written (HTML tags removed).
 */
function seedTables(): string[][][] {
	const tables: string[][][] = [];
	let current: string[][] | null = null;
	for (const line of seed.split('\n')) {
		const cells = line.split('\t');
		if (cells[0].trim() === 'Åtgärd') {
			current = [];
			tables.push(current);
		} else if (current && cells.length >= 7) {
			current.push(cells.map((c) => c.replace(/<[^>]+>/g, ' ')));
		} else if (current && /^\d\.\s/.test(line)) {
			current = null;
		}
	}
	return tables;
}

const squash = (s: string) => s.replace(/\s+/g, '');
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('parsePlanText on the Falun action plan 2024', () => {
	const plan = parsePlanText(seed);

	it('finds exactly 3 focus areas with 16, 12 and 5 measures (33 in total)', () => {
		expect(plan.focusAreas.map((a) => a.title)).toEqual([
			'Barn och unga – geografiska områden',
			'Otrygghet i stadskärnan – Stölder, droger och andra otrygghetsskapande aktiviteter',
			'Organiserad brottslighet – kriminell ekonomi, otillbörlig påverkan och brott mot välfärden'
		]);
		expect(plan.focusAreas.map((a) => a.measures.length)).toEqual([16, 12, 5]);
		expect(plan.focusAreas.flatMap((a) => a.measures)).toHaveLength(33);
	});

	it('loses no text: every non-empty cell of the seed tables appears in the same column of a measure of the same focus area', () => {
		const tables = seedTables();
		expect(tables).toHaveLength(3);
		tables.forEach((rows, areaIndex) => {
			const measures = plan.focusAreas[areaIndex].measures;
			for (const cells of rows) {
				PLAN_COLUMNS.forEach((column, i) => {
					const cell = collapse(cells[i] ?? '');
					if (cell === '') return;
					const found = measures.some((m) => collapse(String(m[FIELD[column]])).includes(cell));
					expect(found, `${column}: ${cell}`).toBe(true);
				});
			}
		});
	});

	it('adds no text either: per focus area and column, the measures hold exactly the seed cells, in order', () => {
		seedTables().forEach((rows, areaIndex) => {
			const measures = plan.focusAreas[areaIndex].measures;
			PLAN_COLUMNS.forEach((column, i) => {
				const fromSeed = rows.map((cells) => squash(cells[i] ?? '')).join('');
				const fromPlan = measures.map((m) => squash(String(m[FIELD[column]]))).join('');
				expect(fromPlan, column).toBe(fromSeed);
			});
		});
	});

	it('merges rows broken across pages into the row they continue', () => {
		const all = plan.focusAreas.flatMap((a) => a.measures);
		const merged = all.filter((m) => m.sourceRows.length > 1).map((m) => m.sourceRows);
		expect(merged).toEqual([
			[114, 116],
			[119, 121],
			[160, 162],
			[166, 168],
			[173, 175]
		]);
		const sspf = plan.focusAreas[0].measures[1];
		expect(sspf.scope).toBe('Hela kommunen som upptagnings-område för berörd målgrupp.');
		expect(sspf.cost).toBe('Inom befintlig budget samt bidrag från BRÅ med 557 000 kr, för projektledare samt utbildningar att användas under 2024.');
		expect(sspf.followUp).toBe('Vid styrgruppsmöten för Tillsammans för varje barn.');
		expect(sspf.description).not.toMatch(/<[a-z]/);
		const visits = plan.focusAreas[1].measures[10];
		expect(visits.description).toBe('Klassrumsbesök av butikshefer/personal, polis och Ungdomsstödjare i utvalda årskurser');
		expect(visits.responsible).toBe('Centrala stadsum (Butiksforum), BRÅ-samordnare och Kommunpolis samordnar');
		expect(plan.problems.filter((p) => /fortsättning/.test(p.message)).map((p) => p.row)).toEqual([116, 121, 162, 168, 175]);
	});

	it('keeps a row that starts with a dash as its own measure', () => {
		expect(plan.focusAreas[2].measures[2].description).toBe(
			'- identifiera riskområden - utbildningar inom aktuella områden - sprida aktuell kunskap till berörda'
		);
	});

	it('interprets time, cost, responsible and follow-up of each measure', () => {
		const sspf = plan.focusAreas[0].measures[1];
		expect(sspf.interpreted.time).toMatchObject({ startDate: '2024-01-01', endDate: null });
		expect(sspf.interpreted.cost).toMatchObject({ amountSek: 557000, fundingSource: 'BRÅ', withinBudget: true });
		expect(sspf.interpreted.responsible[0]).toMatchObject({ name: 'Barn och familjesektionen', lead: true });
		const first = plan.focusAreas[0].measures[0];
		expect(first.interpreted.followUp).toEqual({ forums: ['Faluns BRÅ', 'Kommunstyrelsen'], cadence: 'halvår' });
		expect(first.interpreted.time).toMatchObject({ startDate: '2025-01-01', ongoing: true });
	});

	it('gives every measure a short title taken from its Åtgärd text', () => {
		for (const m of plan.focusAreas.flatMap((a) => a.measures)) {
			expect(m.title.length).toBeGreaterThan(5);
			expect(m.title.length).toBeLessThanOrEqual(165);
			// The title is the description's start, without inline list dashes.
			const undashed = (text: string) => text.replace(/\s-\s/g, ' ');
			expect(undashed(collapse(m.description))).toContain(undashed(m.title.replace(/ …$/, '')));
			expect(m.title).not.toMatch(/\b(i|och) - /);
		}
		expect(plan.focusAreas[0].measures[9].title).toBe('Blåljusdagar och kvällar');
	});

	it('reads the title, the preamble and the column mapping', () => {
		expect(plan.title).toBe('Åtgärdsplan enligt 5 § Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete');
		expect(plan.preamble).toMatch(/^Lägesbild för Falun/);
		expect(plan.preamble).toContain('Sammanfattningsvis visar lägesbilden');
		expect(plan.columnMapping?.columns).toEqual({ measure: 0, time: 1, scope: 2, responsible: 3, cost: 4, goal: 5, followUp: 6 });
		expect(plan.columnMapping?.headers[3]).toBe('Ansvariga');
		expect(plan.focusAreas[1].columnMapping?.headers[3]).toBe('Ansvarig');
	});

	it('reads the decision history from the opening paragraph', () => {
		expect(plan.decisions.map((d) => [d.body, d.date, d.kind, d.subject])).toEqual([
			['Faluns Kommunstyrelse', '2024-05-30', 'beslut', 'lägesbild'],
			['Faluns brottsförebyggande råd', '2024-04-26', 'beredning', 'plan'],
			['Faluns brottsförebyggande råd', '2024-06-03', 'ställningstagande', 'plan'],
			['Faluns brottsförebyggande råd', null, 'remiss', 'plan'],
			['Faluns brottsförebyggande råd', '2024-09-27', 'ställningstagande', 'plan']
		]);
		expect(plan.decisions[2].text).toBe('Faluns brottsförebyggande råd ställde sig 2024-06-03 bakom den framtagna åtgärdsplanen.');
	});

	it('keeps the focus-area text as summary and its bullet points as candidate problems', () => {
		const [children, , organised] = plan.focusAreas;
		expect(children.summary).toContain('Kostnaderna för kommuner, regioner och staten är enorma');
		expect(children.summary).toContain('Föräldrar och familjen är den mest viktiga skyddsfaktorn.');
		// the paragraph broken by a page break is joined again
		expect(children.summary).toContain('Fortsatta satsningar behövs för att skapa ökad arbetsro i klassrummen');
		expect(organised.problems).toEqual([
			'En fördjupad kunskap och medvetenhet behövs på många området om utmaningar och risker samt om hur lägesbilden ser ut för Falun.',
			'För Falu kommun är det också av stor vikt att arbeta med förbättrade rutiner.',
			'En lokal myndighetssamverkan mot organiserad brottslighet motsvarande den som finns på nationell nivå samt delvis i polisregionen behövs och initiativ har tagits för att få till den.'
		]);
	});

	it('reports no errors, and warns about the one time that is not a date', () => {
		expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
		const warnings = plan.problems.filter((p) => p.severity === 'warning');
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatchObject({ row: 131 });
		expect(warnings[0].message).toMatch(/Ca 2,5 timmar\/per tillfälle.*kunde inte tolkas/);
	});
});

describe('parsePlanRows', () => {
	it('accepts the columns in any order and with spelling variants', () => {
		const plan = parsePlanRows([
			['Åtgärdsplan Testkommun'],
			['1. Trygg skola'],
			['Ansvarig(a)', 'Åtgärder', 'Tidsplan', 'Mål', 'Kostnader', 'Uppföljning', 'Omfattning', 'Kommentar'],
			['BUF', 'Rastvärdar', 'HT24', 'Färre incidenter', '100 tkr', 'KS årligen', 'Alla skolor', 'Pilot'],
			['Polisen', 'Skolpolis', 'Pågående', 'Fler kontakter', 'Inom befintlig budget', 'Faluns BRÅ', 'Högstadiet', '']
		]);
		expect(plan.columnMapping?.columns).toEqual({ measure: 1, time: 2, scope: 6, responsible: 0, cost: 4, goal: 3, followUp: 5 });
		expect(plan.focusAreas).toHaveLength(1);
		const [a, b] = plan.focusAreas[0].measures;
		expect(a).toMatchObject({ description: 'Rastvärdar', time: 'HT24', scope: 'Alla skolor', responsible: 'BUF', cost: '100 tkr', goal: 'Färre incidenter' });
		expect(a.extra).toEqual([{ header: 'Kommentar', text: 'Pilot' }]);
		expect(a.interpreted.time).toMatchObject({ startDate: '2024-08-01', endDate: '2024-12-31' });
		expect(a.interpreted.cost.amountSek).toBe(100000);
		expect(b.extra).toEqual([]);
		expect(plan.problems.some((p) => p.severity === 'info' && p.message.includes('”Kommentar”'))).toBe(true);
	});

	it('groups spreadsheet rows by a Fokusområde column', () => {
		const plan = parsePlanRows([
			['Fokusområde', 'Åtgärd', 'Tid', 'Ansvarig'],
			['Barn och unga', 'Föräldrakurser', 'Start hösten 2024', 'Förskolan'],
			['Stadskärnan', 'Trygghetsvandring', 'Vår och höst', 'Faluns BRÅ'],
			['Barn och unga', 'Blåljusdag', 'Pågående', 'Polisen']
		]);
		expect(plan.focusAreas.map((a) => [a.title, a.measures.map((m) => m.description)])).toEqual([
			['Barn och unga', ['Föräldrakurser', 'Blåljusdag']],
			['Stadskärnan', ['Trygghetsvandring']]
		]);
	});

	it('reports a missing Åtgärd column as an error in Swedish', () => {
		const plan = parsePlanRows([
			['Tid', 'Ansvarig', 'Kostnad', 'Mål'],
			['Start 2025', 'Polisen', 'Inom befintlig budget', 'Färre brott']
		]);
		const errors = plan.problems.filter((p) => p.severity === 'error');
		expect(errors).toHaveLength(1);
		expect(errors[0].message).toMatch(/Kolumnen ”Åtgärd” saknas/);
		expect(plan.focusAreas.flatMap((a) => a.measures)).toEqual([]);
	});

	it('reports an error when there is no table at all, and when the input is empty', () => {
		expect(parsePlanText('Bara en rubrik\n\nOch lite text.').problems.filter((p) => p.severity === 'error')[0].message).toMatch(
			/Ingen tabell med åtgärder hittades/
		);
		expect(parsePlanText('').problems[0].message).toMatch(/tom/);
	});

	it('names a table without a heading after the nearest short line above it', () => {
		const plan = parsePlanRows([['Trygg stadskärna'], ['Åtgärd', 'Tid', 'Ansvarig'], ['Kameror', '2025', 'Polisen']], { fallbackTitle: 'plan' });
		expect(plan.focusAreas.map((a) => a.title)).toEqual(['Trygg stadskärna']);
	});

	it('continues a measure when a repeated header row appears (Word repeats it on each page)', () => {
		const plan = parsePlanText(['Plan', '1. Område', 'Åtgärd\tTid\tAnsvarig', 'A\t2025\tPolisen', 'Åtgärd\tTid\tAnsvarig', 'B\t2026\tKommunen'].join('\n'));
		expect(plan.focusAreas).toHaveLength(1);
		expect(plan.focusAreas[0].measures.map((m) => m.description)).toEqual(['A', 'B']);
	});
});

describe('helpers', () => {
	it('cleanCellText removes pasted HTML tags but keeps their text', () => {
		expect(cleanCellText('<p>med risk</p> <ul style="list-style-type: none"> - utbildningar.</ul> <p>Enligt &amp; beslut</p>')).toBe(
			'med risk\n- utbildningar.\nEnligt & beslut'
		);
		expect(cleanCellText('  Pågående  ')).toBe('Pågående');
		expect(cleanCellText('a < b')).toBe('a < b');
	});

	it('measureTitle uses the first sentence or shortens long texts', () => {
		expect(measureTitle('Fortsatt arbete för att öka trygghet och studiero i skolan. - Rutiner, - utbildning')).toBe(
			'Fortsatt arbete för att öka trygghet och studiero i skolan'
		);
		expect(measureTitle('Kort')).toBe('Kort');
		// Inline list dashes after a small word are flattened list markers, not part of the title.
		expect(
			measureTitle('Starta samverkansgrupper i - Nedre Norslund och - Järnet motsvarande samverkansgruppen i Bojsenburg. Samverkansgruppen fortsätter.')
		).toBe('Starta samverkansgrupper i Nedre Norslund och Järnet motsvarande samverkansgruppen i Bojsenburg');
		expect(measureTitle('Förbättra rutiner för att - förebygga brott och - för att förebygga otillbörlig påverkan')).toBe(
			'Förbättra rutiner för att - förebygga brott och för att förebygga otillbörlig påverkan'
		);
		expect(measureTitle('ord '.repeat(80)).endsWith(' …')).toBe(true);
	});

	it('parseDecisions reads a board decision on the plan', () => {
		expect(parseDecisions('Kommunstyrelsen antog åtgärdsplanen 2024-11-05.')).toEqual([
			{ body: 'Kommunstyrelsen', date: '2024-11-05', kind: 'beslut', text: 'Kommunstyrelsen antog åtgärdsplanen 2024-11-05.', subject: 'plan' }
		]);
	});
});

describe('parseCsv', () => {
	it('reads semicolon-separated Swedish Excel exports with quoted fields and line breaks', () => {
		const csv = '\ufeffÅtgärd;Tid;Kostnad\r\n"Trygghetsvandring; stadskärnan";Pågående;"1,2 mnkr"\r\n"Rad med\nradbrytning och ""citat""";Start 2025;\r\n';
		expect(parseCsv(csv)).toEqual([
			['Åtgärd', 'Tid', 'Kostnad'],
			['Trygghetsvandring; stadskärnan', 'Pågående', '1,2 mnkr'],
			['Rad med\nradbrytning och "citat"', 'Start 2025', '']
		]);
	});

	it('reads comma-separated files', () => {
		expect(parseCsv('Åtgärd,Tid\n"A, B",2025\n')).toEqual([
			['Åtgärd', 'Tid'],
			['A, B', '2025']
		]);
	});

	it('feeds parsePlanRows', () => {
		const plan = parsePlanRows(parseCsv('Åtgärd;Tid;Ansvarig;Kostnad\nKameror;Start 2025;Polisen;557 000 kr\n'));
		expect(plan.focusAreas[0].measures[0].interpreted.cost.amountSek).toBe(557000);
	});
});

describe('focus-area headings', () => {
	it('does not take a numbered list inside a focus area for the next focus area', () => {
		const plan = parsePlanText(
			[
				'Plan',
				'1. Barn och unga',
				'Vi prioriterar:',
				'1. Föräldrastöd',
				'2. Skolan',
				'Åtgärd\tTid\tAnsvarig',
				'Föräldrakurser\t2025\tFörskolan',
				'2. Stadskärnan',
				'Åtgärd\tTid\tAnsvarig',
				'Kameror\t2025\tPolisen'
			].join('\n')
		);
		expect(plan.focusAreas.map((a) => [a.title, a.measures.length])).toEqual([
			['Barn och unga', 1],
			['Stadskärnan', 1]
		]);
		expect(plan.focusAreas[0].problems).toEqual(['Föräldrastöd', 'Skolan']);
	});

	it('reads a consultation answer from a committee as a remiss', () => {
		expect(parseDecisions('Socialnämnden yttrade sig över åtgärdsplanen 2024-08-20.')[0]).toMatchObject({
			body: 'Socialnämnden',
			kind: 'remiss',
			date: '2024-08-20'
		});
	});
});
