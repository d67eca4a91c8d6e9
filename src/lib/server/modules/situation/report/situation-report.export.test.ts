import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../../platform/authz';
import { readConfig } from '../../../platform/config';
import { createTestDb, type TestDb } from '../../../testing/test-db';
import { findAuditRows } from '../../audit/audit.repository';
import { findMunicipalityBySlug } from '../../organisations/public';
import { FALUN_PLAN_FIXTURE } from '../../plans/public';
import { parsePlanText } from '../../plans/public';
import { importPlan } from '../../plans/public';
import { findMemberships, findUserByEmail } from '../../users/public';
import { seedSituationDemo } from '../demo';
import { seedSituationReportDemo } from './situation-report.demo';
import { exportReport } from './situation-report.usecases';

const HEADINGS = ['Sammanfattning', 'Källor och begränsningar', 'Brott per område', 'Otrygghet', 'Socioekonomiska förutsättningar', 'Analys', 'Fokusområden'];
const FOCUS_AREAS = [
	'Barn och unga – geografiska områden',
	'Otrygghet i stadskärnan – Stölder, droger och andra otrygghetsskapande aktiviteter',
	'Organiserad brottslighet – kriminell ekonomi, otillbörlig påverkan och brott mot välfärden'
];

describe(`exporting the lägesbild (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let coordinator: Actor;
	let reportId: string;
	let falun: NonNullable<Awaited<ReturnType<typeof findMunicipalityBySlug>>>;
	const config = readConfig({});

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = (await findMunicipalityBySlug(database.db, 'falun'))!;
		await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falun.id,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		reportId = await database.db.transaction(async (tx) => {
			await seedSituationDemo(tx, falun.id);
			return seedSituationReportDemo(tx, falun.id);
		});
		const user = (await findUserByEmail(database.db, 'samordnare@falun.demo'))!;
		coordinator = { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	}, 120_000);
	afterAll(() => database.close());

	it('writes a Word file with every section, the figures as tables and the focus areas, and audits the export', async () => {
		const file = await exportReport({ db: database.db, actor: coordinator, municipality: falun, reportId, format: 'docx', config, ip: '127.0.0.1' });
		expect(file.fileName).toBe('Lägesbild för Falun  Brott och otrygghet.docx');
		const zip = await JSZip.loadAsync(file.body);
		const xml = await zip.file('word/document.xml')!.async('string');
		const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('\n');
		for (const heading of [...HEADINGS, ...FOCUS_AREAS]) expect(text, heading).toContain(heading);
		expect(text).toContain('Stadskärnan');
		expect(text).toContain('Jämförelse med länet och riket');
		expect(text).toContain('Utkast. Siffrorna är hämtade ur databasen');
		// The map is in the document as a PNG picture, with alt text, before the per-area table.
		const pictures = zip.file(/^word\/media\/.+\.png$/);
		expect(pictures.length).toBe(1);
		expect([...(await pictures[0].async('uint8array')).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
		expect(xml).toMatch(/<wp:docPr [^>]*descr="Anmälda brott per 1 000 invånare per område\. Alla värden finns i tabellen/);
		expect(text).toContain('Kartans klasser, ljus till mörk:');
		const audit = await findAuditRows(database.db, { municipalityId: falun.id, action: 'situation.report.exported', limit: 10, offset: 0 });
		expect(audit.length).toBe(1);
	});

	it('converts to PDF with LibreOffice; the PDF holds the section headings and the focus areas', async () => {
		const file = await exportReport({ db: database.db, actor: coordinator, municipality: falun, reportId, format: 'pdf', config, ip: null });
		expect(file.contentType).toBe('application/pdf');
		expect(Buffer.from(file.body.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
		const pdfPath = path.join(os.tmpdir(), `forebygg-lagesbild-${process.pid}.pdf`);
		fs.writeFileSync(pdfPath, file.body);
		try {
			const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
			for (const heading of HEADINGS) expect(text, heading).toContain(heading);
			// Long titles may wrap inside the PDF's lines: compare with whitespace collapsed.
			for (const title of FOCUS_AREAS) expect(text, title).toContain(title);
			// LibreOffice kept the map: pdfimages lists one picture at least as wide as the drawing.
			const images = execFileSync('pdfimages', ['-list', pdfPath], { encoding: 'utf8' }).trim().split('\n').slice(2);
			expect(images.length).toBeGreaterThanOrEqual(1);
			expect(Number(images[0].trim().split(/\s+/)[3])).toBeGreaterThanOrEqual(640);
		} finally {
			fs.rmSync(pdfPath, { force: true });
		}
	}, 180_000);
});
