import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
	DECISIONS_LEAD_IN,
	DEFAULT_PLAN_TITLE,
	decisionLine,
	PLAN_EXPORT_COLUMNS,
	exportPlanCsv,
	exportPlanDocx,
	exportPlanJson,
	exportPlanXlsx,
	parsePlanJson,
	planExportInputFromParsed,
	type PlanExportInput
} from './plan-export';
import { PlanImportError, parseCsv, parsePlanFile, parsePlanRows, parsePlanText, readXlsxRows, type ParsedPlan } from './plan-import';

const seed = readFileSync(new URL('./fixtures/falun-atgardsplan-2024.txt', import.meta.url), 'utf8');
const falun: PlanExportInput = planExportInputFromParsed(parsePlanText(seed), { municipalityName: 'Falu kommun', period: '2025–2027' });

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

type Shape = { title: string; measures: string[][] }[];

/** Focus-area titles and every measure cell, whitespace-normalised, in column order. */
function shapeOf(
	areas: { title: string; measures: PlanExportInput['focusAreas'][number]['measures'] | ParsedPlan['focusAreas'][number]['measures'] }[]
): Shape {
	return areas.map((a) => ({ title: norm(a.title), measures: a.measures.map((m) => PLAN_EXPORT_COLUMNS.map((c) => norm(m[c.field]))) }));
}

/** Compares every cell and reports the first difference by focus area, measure and column. */
function expectSameMeasures(actual: Shape, expected: Shape): void {
	expect(actual.map((a) => a.title)).toEqual(expected.map((a) => a.title));
	expect(actual.map((a) => a.measures.length)).toEqual(expected.map((a) => a.measures.length));
	expected.forEach((area, ai) =>
		area.measures.forEach((cells, mi) =>
			PLAN_EXPORT_COLUMNS.forEach((c, ci) => expect(actual[ai].measures[mi][ci], `${area.title} / åtgärd ${mi + 1} / ${c.label}`).toBe(cells[ci]))
		)
	);
}

describe('the Falun plan used as export input', () => {
	it('has 3 focus areas with 16, 12 and 5 measures', () => {
		expect(falun.focusAreas.map((a) => a.measures.length)).toEqual([16, 12, 5]);
	});
});

describe('round trip of the Falun plan through every export format', () => {
	const expected = shapeOf(falun.focusAreas);

	it('reads the JSON export back unchanged with parsePlanJson', () => {
		const back = parsePlanJson(exportPlanJson(falun));
		expect(back).toEqual(falun);
		expectSameMeasures(shapeOf(back.focusAreas), expected);
	});

	it('reads the CSV export back as a .csv file with the same focus areas and all 33 measures cell by cell', async () => {
		const csv = exportPlanCsv(falun);
		const plan = await parsePlanFile(Buffer.from(csv, 'utf8'), 'x.csv');
		expectSameMeasures(shapeOf(plan.focusAreas), expected);
		expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
	});

	it('reads the CSV text back through parseCsv and parsePlanRows too', () => {
		const plan = parsePlanRows(parseCsv(exportPlanCsv(falun)));
		expectSameMeasures(shapeOf(plan.focusAreas), expected);
	});

	it('reads the xlsx export back with the same focus areas and all 33 measures cell by cell', async () => {
		const plan = await parsePlanFile(await exportPlanXlsx(falun), 'x.xlsx');
		expectSameMeasures(shapeOf(plan.focusAreas), expected);
		expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
	});

	it('reads the docx export back with the same title, focus areas, problems and all 33 measures cell by cell', async () => {
		const plan = await parsePlanFile(await exportPlanDocx(falun), 'x.docx');
		expectSameMeasures(shapeOf(plan.focusAreas), expected);
		expect(plan.title).toBe(DEFAULT_PLAN_TITLE);
		expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
		expect(plan.focusAreas.map((a) => a.problems)).toEqual(falun.focusAreas.map((a) => a.problems));
		expect(norm(plan.preamble)).toContain(norm(falun.preamble.split('\n\n')[0]));
	});
});

describe('exportPlanCsv', () => {
	const tricky: PlanExportInput = {
		title: 'Testplan',
		period: null,
		municipalityName: 'Testkommun',
		preamble: '',
		decisions: [],
		focusAreas: [
			{
				title: 'Trygg skola; "rastvärdar"',
				summary: '',
				problems: [],
				measures: [
					{
						description: 'Rastvärdar; två per rast och "trygga vuxna"\nandra raden',
						time: 'HT 2025',
						scope: '- alla skolor\n- fritids',
						responsible: '=Skolan',
						cost: '100 000 kr; delas',
						goal: 'Citat: ""dubbla""',
						followUp: 'Kvartalsvis',
						status: null
					}
				]
			}
		]
	};

	it('starts with a UTF-8 BOM and a semicolon-separated header row', () => {
		const csv = exportPlanCsv(tricky);
		expect(csv.startsWith('\ufeffFokusområde;Åtgärd;Tid;Omfattning;Ansvariga;Kostnad;Mål;Uppföljning\r\n')).toBe(true);
	});

	it('quotes semicolons, quotes and line breaks so that such a cell survives a re-import', async () => {
		const csv = exportPlanCsv(tricky);
		expect(csv).toContain('"Rastvärdar; två per rast och ""trygga vuxna""\nandra raden"');
		const plan = await parsePlanFile(Buffer.from(csv, 'utf8'), 'x.csv');
		expectSameMeasures(shapeOf(plan.focusAreas), shapeOf(tricky.focusAreas));
		expect(plan.focusAreas[0].measures[0].description).toBe('Rastvärdar; två per rast och "trygga vuxna"\nandra raden');
	});

	it('keeps Excel from reading a cell that starts with = or - as a formula', () => {
		const csv = exportPlanCsv(tricky);
		expect(csv).toContain(";'=Skolan;");
		expect(csv).toContain(';"\'- alla skolor\n- fritids";');
		expect(parseCsv(csv)[1][4]).toBe('=Skolan');
	});

	it('leaves out focus areas without measures', () => {
		const csv = exportPlanCsv({ ...tricky, focusAreas: [...tricky.focusAreas, { title: 'Tomt', summary: '', problems: [], measures: [] }] });
		expect(csv).not.toContain('Tomt');
	});
});

describe('exportPlanXlsx', () => {
	it('writes one sheet Åtgärdsplan with the Fokusområde column first and a frozen bold header row', async () => {
		const ExcelJS = (await import('exceljs')).default;
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await exportPlanXlsx(falun)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Åtgärdsplan']);
		const ws = wb.worksheets[0];
		expect(ws.getRow(1).values).toEqual([undefined, 'Fokusområde', 'Åtgärd', 'Tid', 'Omfattning', 'Ansvariga', 'Kostnad', 'Mål', 'Uppföljning']);
		expect(ws.getCell('A1').font?.bold).toBe(true);
		expect(ws.getCell('B2').alignment?.wrapText).toBe(true);
		expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(ws.rowCount).toBe(34);
		expect((await readXlsxRows(await exportPlanXlsx(falun))).length).toBe(34);
	});
});

describe('exportPlanDocx', () => {
	it('is a valid zip whose word/document.xml has a landscape A4 section, a repeated header row and Arial 9 pt in the tables', async () => {
		const docx = await exportPlanDocx(falun);
		expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
		const zip = await JSZip.loadAsync(docx);
		const xml = await zip.file('word/document.xml')?.async('string');
		expect(xml).toBeDefined();
		const body = xml ?? '';
		expect(body).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
		expect(body.match(/<w:tblHeader\/>/g)).toHaveLength(3);
		expect(body).toContain('w:ascii="Arial"');
		expect(body).toContain('<w:sz w:val="18"/>');
		expect(body).toContain('1. Barn och unga – geografiska områden');
		expect(body).toContain('3. Organiserad brottslighet');
		const header = await zip.file('word/header1.xml')?.async('string');
		expect(header).toContain('Falu kommun – 2025–2027');
	});

	it('lists the decisions after the preamble, one sentence per item', async () => {
		const zip = await JSZip.loadAsync(await exportPlanDocx(falun));
		const body = (await zip.file('word/document.xml')?.async('string')) ?? '';
		const leadIn = body.indexOf(DECISIONS_LEAD_IN);
		expect(leadIn).toBeGreaterThan(body.indexOf('Lägesbild för Falun'));
		expect(leadIn).toBeLessThan(body.indexOf('<w:pStyle w:val="Heading1"/>'));
		expect(body).toContain('Ställningstagande 2024-09-27, Faluns brottsförebyggande råd: Faluns brottsförebyggande råd ställde sig 2024-09-27 bakom');
		expect(body.match(/<w:numId w:val="\d+"\/>/g)?.length).toBe(5);
	});

	it('writes a decision without text or date as a short sentence', () => {
		expect(decisionLine({ body: 'Kommunstyrelsen', date: null, kind: 'beslut', reference: 'KS 2025/17', text: '' })).toBe(
			'Beslut, Kommunstyrelsen (KS 2025/17).'
		);
		expect(decisionLine({ body: 'kommunfullmäktige', date: '2025-02-10', kind: '', reference: null, text: '' })).toBe('2025-02-10, kommunfullmäktige.');
	});

	it('is read back with each listed decision once more, with the same body, date and kind', async () => {
		const plan = await parsePlanFile(await exportPlanDocx(falun), 'x.docx');
		const key = (d: { body: string; date: string | null; kind: string }) => [d.body, d.date, d.kind].join('|');
		const expectedKeys = falun.decisions.map(key);
		// once from the preamble prose, once from the list
		expect(plan.decisions.map(key)).toEqual([...expectedKeys, ...expectedKeys]);
	});

	it('uses the statutory title when the plan has none, and the plan title otherwise', async () => {
		const untitled = await parsePlanFile(await exportPlanDocx({ ...falun, title: '' }), 'x.docx');
		expect(untitled.title).toBe(DEFAULT_PLAN_TITLE);
		const titled = await parsePlanFile(await exportPlanDocx({ ...falun, title: 'Åtgärdsplan för Falun 2025' }), 'x.docx');
		expect(titled.title).toBe('Åtgärdsplan för Falun 2025');
	});
});

describe('parsePlanJson', () => {
	it('writes a format and version header', () => {
		const data = JSON.parse(exportPlanJson(falun)) as { format: string; version: number };
		expect(data.format).toBe('forebygg-plan');
		expect(data.version).toBe(1);
	});

	it('rejects a file of another format with a Swedish message', () => {
		expect(() => parsePlanJson(JSON.stringify({ format: 'annat', version: 1, plan: {} }))).toThrow(PlanImportError);
		expect(() => parsePlanJson(JSON.stringify({ format: 'annat', version: 1, plan: {} }))).toThrow(/inte en åtgärdsplan exporterad från Förebygg/);
	});

	it('rejects text that is not JSON, and a newer version, in Swedish', () => {
		expect(() => parsePlanJson('inte json')).toThrow(/inte giltig JSON/);
		expect(() => parsePlanJson(JSON.stringify({ format: 'forebygg-plan', version: 2, plan: {} }))).toThrow(/version 2 av exportformatet/);
	});

	it('names the missing or wrong field in Swedish', () => {
		const data = JSON.parse(exportPlanJson(falun)) as { plan: { focusAreas: { measures: Record<string, unknown>[] }[] } };
		data.plan.focusAreas[1].measures[2].time = 42;
		delete data.plan.focusAreas[0].measures[0].description;
		let message = '';
		try {
			parsePlanJson(JSON.stringify(data));
		} catch (e) {
			message = e instanceof Error ? e.message : '';
		}
		expect(message).toContain('Planen, fokusområde 1, åtgärd 1, Åtgärd saknas (ska vara en text).');
		expect(message).toContain('fokusområde 2, åtgärd 3, Tid ska vara en text.');
	});
});
