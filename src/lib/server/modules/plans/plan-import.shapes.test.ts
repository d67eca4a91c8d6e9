/**
 * Action plans in the shapes other municipalities write them (fixtures in ./fixtures, written for
 * these tests): the header once at the top with focus-area title rows between the measures, a
 * Fokusområde column with numbered prefixes, Swedish Excel CSV (semicolon, Windows-1252), and
 * Samverkan / Indikator columns read into structured data.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../platform/files/csv';
import { focusAreaTitle, parsePlanFile, parsePlanRows, parsePlanText, readDocxRows, type ParsedPlan } from './plan-import';
import { zipOf } from '../../platform/files/testing';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const headerOnceText = fixture('header-once-focus-rows.tsv').toString('utf8');
const headerOnceRows = readCsv(headerOnceText, { delimiter: '\t' });

const outline = (plan: ParsedPlan) => plan.focusAreas.map((a) => [a.title, a.measures.map((m) => m.title)]);

const HEADER_ONCE_OUTLINE = [
	['Trygga offentliga miljöer', ['Trygghetsvandringar i centrum och vid resecentrum', 'Belysningsinventering i gång- och cykeltunnlar']],
	['Barn och unga 12–17 år', ['Föräldravandringar fredagskvällar', 'Skolsamverkan mot narkotika']],
	['Våld i nära relationer', ['Utbildning för personal i förskola och skola om våld i nära relationer']]
];

function expectHeaderOnceStructure(plan: ParsedPlan) {
	expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
	expect(outline(plan)).toEqual(HEADER_ONCE_OUTLINE);
	const [walks, , , , training] = plan.focusAreas.flatMap((a) => a.measures);
	const parents = plan.focusAreas[1].measures[0];
	// Every name of a multi-line responsible cell, none glued to the next.
	expect(parents.interpreted.responsible.map((p) => p.name)).toEqual(['Socialtjänsten', 'Fältgruppen', 'Föreningen Nattvandrarna']);
	// The co-responsible column: parties with their own part, never the lead.
	expect(walks.interpreted.coResponsible.map((p) => [p.name, p.lead])).toEqual([
		['Polisen', false],
		['Fastighetsbolaget Hemmet', false]
	]);
	expect(parents.interpreted.coResponsible.map((p) => p.name)).toEqual(['Polisen', 'Svenska kyrkan']);
	expect(walks.interpreted.indicators).toEqual([{ name: 'Andel som känner sig trygga i centrum', unit: '%', baseline: 62, target: 75 }]);
	expect(parents.interpreted.indicators).toEqual([{ name: 'Antal vandringar per år', unit: 'st', baseline: null, target: 40 }]);
	expect(training.interpreted.indicators).toEqual([{ name: 'Antal utbildade medarbetare', unit: 'st', baseline: null, target: null }]);
	// Structured columns are not also kept as unrecognised extra text.
	expect(walks.extra).toEqual([]);
	expect(plan.problems.some((p) => /känns inte igen/.test(p.message))).toBe(false);
	// The plain title row is reported, so the user can check it.
	expect(plan.problems.some((p) => p.severity === 'info' && p.message.includes('”Våld i nära relationer” tolkades som rubrik'))).toBe(true);
}

describe('a plan whose table has the header once and focus-area title rows between the measures', () => {
	it('imports every measure with its focus area from pasted text', () => {
		const plan = parsePlanText(headerOnceText);
		expect(plan.title).toBe('Åtgärdsplan för det brottsförebyggande arbetet 2025–2027');
		expectHeaderOnceStructure(plan);
	});

	it('imports the same plan from an Excel workbook (title rows in the first column only)', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Åtgärdsplan');
		for (const row of headerOnceRows) sheet.addRow(row);
		const plan = await parsePlanFile(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer), 'atgardsplan.xlsx');
		expectHeaderOnceStructure(plan);
	});

	it('imports the same plan from Word, where a title row is one cell merged across the table', async () => {
		const cell = (text: string, span = 1) =>
			`<w:tc><w:tcPr>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}</w:tcPr>${text
				.split('\n')
				.map((line) => `<w:p><w:r><w:t xml:space="preserve">${line}</w:t></w:r></w:p>`)
				.join('')}</w:tc>`;
		const [titleRow, intro, , ...tableRows] = headerOnceRows;
		const width = tableRows[0].length;
		const rowsXml = tableRows
			.filter((r) => r.some((c) => c.trim() !== ''))
			.map((r) => (r.filter((c) => c !== '').length === 1 ? `<w:tr>${cell(r[0], width)}</w:tr>` : `<w:tr>${r.map((c) => cell(c)).join('')}</w:tr>`))
			.join('');
		const documentXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${titleRow[0]}</w:t></w:r></w:p><w:p><w:r><w:t>${intro[0]}</w:t></w:r></w:p><w:tbl>${rowsXml}</w:tbl></w:body></w:document>`;
		const docx = zipOf([
			{
				name: '[Content_Types].xml',
				data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
			},
			{ name: 'word/document.xml', data: documentXml }
		]);
		const rows = await readDocxRows(docx);
		expectHeaderOnceStructure(parsePlanRows(rows));
	});

	it('does not take a measure row that merely lacks other cells for a title when it ends a sentence', () => {
		const plan = parsePlanText(
			[
				'Plan',
				'Åtgärd\tTid\tAnsvarig',
				'Fokusområde 1: Trygghet',
				'Kameror vid torget\t2025\tPolisen',
				'Fler väktare nattetid.',
				'Belysning\t2026\tKommunen'
			].join('\n')
		);
		expect(plan.focusAreas.map((a) => a.title)).toEqual(['Trygghet']);
		expect(plan.focusAreas[0].measures.map((m) => m.description)).toEqual(['Kameror vid torget', 'Belysning']);
	});

	it('keeps per-focus-area tables with their own header working as before', () => {
		const plan = parsePlanText(
			[
				'Plan',
				'1. Skola',
				'Text om skolan.',
				'Åtgärd\tTid\tAnsvarig',
				'A\t2025\tPolisen',
				'2. Centrum',
				'Text om centrum.',
				'Åtgärd\tTid\tAnsvarig',
				'B\t2026\tKommunen'
			].join('\n')
		);
		expect(outline(plan)).toEqual([
			['Skola', ['A']],
			['Centrum', ['B']]
		]);
	});
});

describe('a CSV saved by Swedish Excel with a numbered Fokusområde column', () => {
	it('decodes Windows-1252 (en dashes kept) and strips "Fokusområde N:" the same way as in headings', async () => {
		const bytes = fixture('swedish-excel-focus-column.csv');
		expect(bytes.includes(0x96)).toBe(true); // the en dash as Windows-1252 writes it
		const plan = await parsePlanFile(new Uint8Array(bytes), 'plan.csv');
		expect(outline(plan)).toEqual([
			['Unga 12–17 år', ['Fritidsgård öppen fredagar', 'Sommarjobb för unga']],
			['Trygg stadskärna', ['Kameraövervakning på torget']]
		]);
		expect(plan.focusAreas[0].measures[0].time).toBe('2025–2026');
		expect(plan.focusAreas[0].measures[0].interpreted.coResponsible.map((p) => p.name)).toEqual(['Polisen', 'Socialtjänsten']);
		expect(plan.focusAreas[1].measures[0].interpreted.indicators).toEqual([{ name: 'Antal anmälda rån på torget', unit: 'st', baseline: 14, target: 7 }]);
		// The Fokusområde column names the areas: no "the table lacks a heading" warning.
		expect(plan.problems.some((p) => /saknar en rubrik/.test(p.message))).toBe(false);
	});

	it('focusAreaTitle strips every numbering style and keeps unnumbered titles', () => {
		for (const t of [
			'Fokusområde 1: Unga',
			'Fokusområde 1 – Unga',
			'Fokusområde 1. Unga',
			'fokusområde 12) Unga',
			'3. Unga',
			'**2) Unga**',
			'Fokusområde Unga',
			'Unga'
		])
			expect(focusAreaTitle(t), t).toBe('Unga');
		expect(focusAreaTitle('Fokusområde')).toBe('Fokusområde');
	});
});
