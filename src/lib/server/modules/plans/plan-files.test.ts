import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { PlanImportError, parsePlanFile, parsePlanRows, readDocxRows, readDocxTables, readXlsxRows } from './plan-import';

const HEADER = ['Åtgärd', 'Tid', 'Omfattning', 'Ansvarig(a)', 'Kostnad', 'Mål', 'Uppföljning'];
const MEASURES = [
	[
		'Införandet av SSPF för målgruppen unga 12-20 år',
		'Start 2024',
		'Hela kommunen',
		'Barn och familjesektionen samt skolan, polisen',
		'Inom befintlig budget samt bidrag från BRÅ med 557 000 kr',
		'En strukturerad samverkan',
		'Faluns BRÅ och Kommunstyrelsen en gång per halvår.'
	],
	[
		'Krogar mot knark & <rutiner> ”Trygg krog”',
		'Start hösten 2024',
		'Samtliga krogar',
		'Falu kommun, polisen',
		'Inom KS befintliga ram',
		'Öka tryggheten',
		'Faluns BRÅ'
	]
];

function cell(text: string): TableCell {
	return new TableCell({ children: text.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })) });
}

async function buildDocx(withTable = true): Promise<Buffer> {
	const children: (Paragraph | Table)[] = [
		new Paragraph({ children: [new TextRun({ text: 'Åtgärdsplan för Testkommun', bold: true })] }),
		new Paragraph('Kommunstyrelsen antog åtgärdsplanen 2025-02-10.'),
		new Paragraph('1. Barn och unga')
	];
	if (withTable) {
		children.push(
			new Table({
				rows: [
					new TableRow({ children: HEADER.map(cell) }),
					...MEASURES.map((m, i) => new TableRow({ children: m.map((text, j) => cell(i === 0 && j === 0 ? `${text}\nmed normbrytande beteende` : text)) }))
				]
			})
		);
	}
	children.push(new Paragraph('Text efter tabellen.'));
	return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

describe('readDocxTables', () => {
	it('round-trips a table built with the docx package, joining paragraphs in a cell with a line break', async () => {
		const tables = await readDocxTables(await buildDocx());
		expect(tables).toHaveLength(1);
		expect(tables[0][0]).toEqual(HEADER);
		expect(tables[0][1]).toEqual([`${MEASURES[0][0]}\nmed normbrytande beteende`, ...MEASURES[0].slice(1)]);
		expect(tables[0][2]).toEqual(MEASURES[1]);
	});

	it('keeps column positions when a cell spans several columns', async () => {
		const doc = new Document({
			sections: [
				{
					children: [
						new Table({
							rows: [
								new TableRow({ children: ['A', 'B', 'C'].map(cell) }),
								new TableRow({ children: [new TableCell({ columnSpan: 2, children: [new Paragraph('AB')] }), cell('C')] })
							]
						})
					]
				}
			]
		});
		const tables = await readDocxTables(await Packer.toBuffer(doc));
		expect(tables[0]).toEqual([
			['A', 'B', 'C'],
			['AB', '', 'C']
		]);
	});

	it('says in Swedish that a document has no tables', async () => {
		const buffer = await buildDocx(false);
		await expect(readDocxTables(buffer)).rejects.toThrow(/Dokumentet innehåller inga tabeller/);
		await expect(readDocxRows(buffer)).rejects.toMatchObject({ code: 'no_tables' });
	});

	it('says in Swedish that a file is not a .docx despite its name', async () => {
		const notZip = new TextEncoder().encode('Åtgärd\tTid\nhej\t2025');
		await expect(readDocxTables(notZip)).rejects.toBeInstanceOf(PlanImportError);
		await expect(readDocxTables(notZip)).rejects.toThrow(/inte ett giltigt Word-dokument/);
		const zip = new JSZip();
		zip.file('hello.txt', 'hej');
		await expect(readDocxTables(await zip.generateAsync({ type: 'uint8array' }))).rejects.toThrow(/word\/document\.xml saknas/);
		const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
		await expect(readDocxTables(ole)).rejects.toThrow(/äldre Word-formatet/);
	});
});

describe('readDocxRows + parsePlanRows', () => {
	it('imports title, decision, focus area and measures from a .docx', async () => {
		const plan = parsePlanRows(await readDocxRows(await buildDocx()));
		expect(plan.title).toBe('Åtgärdsplan för Testkommun');
		expect(plan.decisions).toEqual([expect.objectContaining({ body: 'Kommunstyrelsen', date: '2025-02-10', kind: 'beslut', subject: 'plan' })]);
		expect(plan.focusAreas).toHaveLength(1);
		expect(plan.focusAreas[0].title).toBe('Barn och unga');
		expect(plan.focusAreas[0].measures.map((m) => m.description)).toEqual([`${MEASURES[0][0]}\nmed normbrytande beteende`, MEASURES[1][0]]);
		expect(plan.focusAreas[0].measures[0].interpreted.cost.amountSek).toBe(557000);
		expect(plan.focusAreas[0].summary).toBe('Text efter tabellen.');
		expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
	});

	it('parsePlanFile picks the reader by file extension', async () => {
		const plan = await parsePlanFile(await buildDocx(), 'plan.docx');
		expect(plan.focusAreas[0].measures).toHaveLength(2);
		await expect(parsePlanFile(new Uint8Array([1, 2, 3]), 'plan.pdf')).rejects.toThrow(/stöds inte/);
	});
});

async function buildXlsx(rows: (string | number | Date | ExcelJS.CellRichTextValue)[][], extraSheet?: string): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Åtgärder');
	for (const r of rows) ws.addRow(r);
	if (extraSheet) wb.addWorksheet(extraSheet).addRow(['Åtgärd', 'Tid', 'Ansvarig']).commit();
	return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('readXlsxRows', () => {
	it('round-trips a sheet built with exceljs, including rich text, line breaks and dates', async () => {
		const rich: ExcelJS.CellRichTextValue = { richText: [{ text: 'Faluns ' }, { text: 'BRÅ', font: { bold: true } }, { text: ' och KS' }] };
		const buffer = await buildXlsx([
			['Åtgärder', 'Tidsplan', 'Ansvariga', 'Kostnad', 'Mål', 'Uppföljning', 'Omfattning'],
			['Trygghetsvandring\nmed åtgärdslista', 'Vår och höst', 'Falu kommun', 150000, 'Tryggare', rich, 'Stadskärnan'],
			['Start av SSPF', new Date(Date.UTC(2024, 8, 1)), 'Polisen', 'Inom befintlig budget', 'Samverkan', 'KS årligen', '']
		]);
		const rows = await readXlsxRows(buffer);
		expect(rows).toEqual([
			['Åtgärder', 'Tidsplan', 'Ansvariga', 'Kostnad', 'Mål', 'Uppföljning', 'Omfattning'],
			['Trygghetsvandring\nmed åtgärdslista', 'Vår och höst', 'Falu kommun', '150000', 'Tryggare', 'Faluns BRÅ och KS', 'Stadskärnan'],
			['Start av SSPF', '2024-09-01', 'Polisen', 'Inom befintlig budget', 'Samverkan', 'KS årligen', '']
		]);
		const plan = parsePlanRows(rows, { fallbackTitle: 'plan' });
		expect(plan.focusAreas[0].measures).toHaveLength(2);
		expect(plan.focusAreas[0].measures[1].interpreted.time).toMatchObject({ startDate: '2024-09-01', endDate: '2024-09-01' });
		expect(plan.focusAreas[0].measures[0].interpreted.followUp.forums).toEqual(['Faluns BRÅ', 'KS']);
	});

	it('puts each sheet name before its rows when the workbook has several sheets', async () => {
		const rows = await readXlsxRows(
			await buildXlsx(
				[
					['Åtgärd', 'Tid', 'Ansvarig'],
					['A', '2025', 'Polisen']
				],
				'Stadskärnan'
			)
		);
		expect(rows[0]).toEqual(['Åtgärder']);
		expect(rows).toContainEqual(['Stadskärnan']);
		const plan = parsePlanRows(rows);
		expect(plan.focusAreas.map((a) => a.title)).toEqual(['Åtgärder', 'Stadskärnan']);
	});

	it('reports a spreadsheet without an Åtgärd column as an error in Swedish', async () => {
		const rows = await readXlsxRows(
			await buildXlsx([
				['Tid', 'Ansvarig', 'Kostnad', 'Mål'],
				['2025', 'Polisen', '0 kr', 'Färre brott']
			])
		);
		const errors = parsePlanRows(rows).problems.filter((p) => p.severity === 'error');
		expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/Kolumnen ”Åtgärd” saknas i rubrikraden/)]);
	});

	it('says in Swedish that a file is not an .xlsx despite its name', async () => {
		await expect(readXlsxRows(new TextEncoder().encode('Åtgärd;Tid\n'))).rejects.toThrow(/inte en giltig Excel-fil/);
		await expect(readXlsxRows(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]))).rejects.toThrow(/äldre Excel-formatet/);
		const zip = new JSZip();
		zip.file('hello.txt', 'hej');
		await expect(readXlsxRows(await zip.generateAsync({ type: 'uint8array' }))).rejects.toMatchObject({ code: 'not_xlsx' });
		await expect(parsePlanFile(await buildDocx(), 'plan.xlsx')).rejects.toThrow(/kunde inte läsas som en Excel-fil/);
	});
});
