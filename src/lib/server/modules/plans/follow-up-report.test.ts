import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../platform/authz';
import { readConfig } from '../../platform/config';
import { ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../users/public';
import { measureFormValues } from '$lib/modules/plans/measure-form';
import { compareAnswers } from './follow-up-report';
import { answerFollowUp, closeFollowUpRound, followUpReportInput, generateFollowUpReport, getFollowUpRound, openFollowUpRound } from './follow-up.usecases';
import { FALUN_PLAN_FIXTURE } from './module';
import { parsePlanText } from './plan-import';
import { updateMeasure } from './plan-editing.usecases';
import { getPlan, importPlan } from './plans.usecases';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

/** The visible text of a .docx, paragraph by paragraph, and the raw XML for formatting checks. */
async function readDocx(bytes: Uint8Array) {
	const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
	const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
	const decode = (s: string) =>
		s
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&quot;/g, '"')
			.replace(/&apos;/g, "'")
			.replace(/&amp;/g, '&');
	return { xml, text: paragraphs.map(decode).join('\n') };
}

describe('comparing answers between rounds', () => {
	const a = { status: 'pagar_enligt_plan', done: 'Vandring i  Bojsenburg.', nextSteps: '' };
	it('finds nothing to compare in the first round or without an answer', () => {
		expect(compareAnswers(a, null, false)).toBeNull();
		expect(compareAnswers(null, a, true)).toBeNull();
	});
	it('ignores whitespace-only differences and reports real ones per field', () => {
		expect(compareAnswers({ ...a, done: 'Vandring i Bojsenburg. ' }, a, true)).toBeNull();
		expect(compareAnswers({ ...a, status: 'forsenad' }, a, true)).toEqual({ isNew: false, status: true, done: false, nextSteps: false });
		expect(compareAnswers({ ...a, nextSteps: 'Ny vandring i maj.' }, a, true)).toEqual({ isNew: false, status: false, done: false, nextSteps: true });
	});
	it('marks an answer that had none in the previous round as new', () => {
		expect(compareAnswers(a, null, true)).toEqual({ isNew: true, status: true, done: true, nextSteps: false });
	});
});

describe(`the follow-up report (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let planId: string;
	let firstRoundId: string;
	let secondRoundId: string;
	let coordinator: Actor;
	let falun: { id: string; officialName: string };

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, officialName: 'Falu kommun' };
		planId = await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falun.id,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		const config = readConfig({});
		const open = async (name: string) =>
			(
				await openFollowUpRound({
					db: database.db,
					config,
					actor: coordinator,
					planId,
					municipalitySlug: 'falun',
					input: { name, dueDate: '2025-06-30' },
					ip: null
				})
			).id;
		firstRoundId = await open('Halvår 2 2024');
		const measures = (await getFollowUpRound({ db: database.db, actor: coordinator, roundId: firstRoundId })).focusAreas.flatMap((area) => area.measures);
		await answerFollowUp({
			db: database.db,
			actor: coordinator,
			roundId: firstRoundId,
			answers: measures.slice(0, 10).map((m) => ({ measureId: m.id, status: 'pagar_enligt_plan', done: 'Startat.', nextSteps: '' })),
			ip: null
		});
		await closeFollowUpRound({ db: database.db, actor: coordinator, roundId: firstRoundId, ip: null });
		secondRoundId = await open('Halvår 1 2025');
		await answerFollowUp({
			db: database.db,
			actor: coordinator,
			roundId: secondRoundId,
			answers: [
				// unchanged, changed status, and new since last time
				{ measureId: measures[0].id, status: 'pagar_enligt_plan', done: 'Startat.', nextSteps: '' },
				{ measureId: measures[1].id, status: 'forsenad', done: 'Personalbrist under våren.', nextSteps: 'Ny start i augusti.' },
				{ measureId: measures[20].id, status: 'genomford', done: 'Klart.', nextSteps: '' }
			],
			ip: null
		});
		await closeFollowUpRound({ db: database.db, actor: coordinator, roundId: secondRoundId, ip: null });
	});
	afterAll(() => database.close());

	it('compares with the previous closed round', async () => {
		const input = await followUpReportInput({ db: database.db, actor: coordinator, roundId: secondRoundId, municipalityName: 'Falu kommun' });
		expect(input.previousRoundName).toBe('Halvår 2 2024');
		const measures = input.focusAreas.flatMap((a) => a.measures);
		expect(measures).toHaveLength(33);
		expect(measures[1].previous?.status).toBe('pagar_enligt_plan');
		expect(measures[1].answer?.status).toBe('forsenad');
		expect(input.forums.length).toBeGreaterThan(0);
		// The closed round is the measures' status of record.
		const plan = await getPlan({ db: database.db, actor: coordinator, planId });
		expect(plan.focusAreas.flatMap((a) => a.measures)[1].status).toBe('forsenad');
		const first = await followUpReportInput({ db: database.db, actor: coordinator, roundId: firstRoundId, municipalityName: 'Falu kommun' });
		expect(first.previousRoundName).toBeNull();
	});

	it('writes a Word report with a title page, counts per focus area, every measure with its answer, and the changes highlighted', async () => {
		const file = await generateFollowUpReport({
			db: database.db,
			actor: coordinator,
			roundId: secondRoundId,
			planId,
			municipality: falun,
			format: 'docx',
			ip: null
		});
		expect(file.fileName).toBe('Uppföljning Halvår 1 2025.docx');
		const { xml, text } = await readDocx(file.body);
		expect(text).toContain('Uppföljning av åtgärdsplanen');
		expect(text).toContain('Uppföljningsomgång: Halvår 1 2025');
		expect(text).toContain('Sammanfattning per fokusområde');
		const plan = await followUpReportInput({ db: database.db, actor: coordinator, roundId: secondRoundId, municipalityName: 'Falu kommun' });
		for (const area of plan.focusAreas) {
			for (const measure of area.measures) expect(text, measure.title).toContain(measure.title.replace(/\s+/g, ' ').trim());
		}
		// The whole plan: 2 answered in progress/delayed/done, 30 not reported, in the "Hela planen" row.
		expect(text).toMatch(/Hela planen\n0\n1\n0\n1\n1\n0\n30\n33/);
		expect(text).toContain('Jämfört med Halvår 2 2024 har 2 åtgärder ny status.');
		expect(text).toContain('Tidigare (Halvår 2 2024): Pågår enligt plan');
		expect(text).toContain('Personalbrist under våren.');
		expect(xml).toContain('<w:highlight w:val="yellow"/>');
		// A focus area where nothing is reported still draws its bar (pale grey, not white).
		expect(xml).toMatch(/w:fill="F2F2F2"[\s\S]*?<w:t[^>]*>\d+<\/w:t>/);
	});

	it('converts to PDF with LibreOffice, and the PDF holds every measure', async () => {
		const file = await generateFollowUpReport({
			db: database.db,
			actor: coordinator,
			roundId: secondRoundId,
			planId,
			municipality: falun,
			format: 'pdf',
			ip: null
		});
		expect(file.contentType).toBe('application/pdf');
		expect(Buffer.from(file.body.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
		const pdfPath = path.join(os.tmpdir(), `forebygg-report-${process.pid}.pdf`);
		fs.writeFileSync(pdfPath, file.body);
		try {
			const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
			expect(text).toContain('Uppföljning av åtgärdsplanen');
			expect(text).toContain('Personalbrist under våren.');
			const input = await followUpReportInput({ db: database.db, actor: coordinator, roundId: secondRoundId, municipalityName: 'Falu kommun' });
			for (const measure of input.focusAreas.flatMap((a) => a.measures)) expect(text, measure.title).toContain(measure.title.replace(/\s+/g, ' ').trim());
			// The summary's column headers fit their longest word: no "Försen|ad", "Genomf|örd".
			for (const word of ['Försenad', 'Genomförd', 'Avbruten', 'påbörjad', 'avvikelse', 'rapporterat', 'Totalt'])
				for (let k = 2; k < word.length - 1; k++) expect(text, word).not.toContain(`${word.slice(0, k)} ${word.slice(k)}`);
		} finally {
			fs.rmSync(pdfPath, { force: true });
		}
	}, 120_000);

	it('reports indicator values against baseline and target, and refuses values for indicators the measure does not have', async () => {
		const plan = await getPlan({ db: database.db, actor: coordinator, planId });
		const m = plan.focusAreas[0].measures[0];
		await updateMeasure({
			db: database.db,
			actor: coordinator,
			planId,
			measureId: m.id,
			municipalityId: falun.id,
			input: { ...measureFormValues(m), indicators: [{ name: 'Anmälda cykelstölder', unit: 'st', baseline: '412', target: '350' }] },
			ip: null
		});
		const roundId = (
			await openFollowUpRound({
				db: database.db,
				config: readConfig({}),
				actor: coordinator,
				planId,
				municipalitySlug: 'falun',
				input: { name: 'Halvår 2 2025', dueDate: '2025-12-15' },
				ip: null
			})
		).id;
		const wrong = await answerFollowUp({
			db: database.db,
			actor: coordinator,
			roundId,
			answers: [{ measureId: m.id, status: 'pagar_enligt_plan', done: '', nextSteps: '', indicatorValues: { Okänd: 3 } }],
			ip: null
		}).catch((e) => e);
		expect(wrong).toBeInstanceOf(ValidationError);
		await answerFollowUp({
			db: database.db,
			actor: coordinator,
			roundId,
			answers: [{ measureId: m.id, status: 'pagar_enligt_plan', done: 'Fler ställ.', nextSteps: '', indicatorValues: { 'Anmälda cykelstölder': 380 } }],
			ip: null
		});
		const file = await generateFollowUpReport({ db: database.db, actor: coordinator, roundId, planId, municipality: falun, format: 'docx', ip: null });
		const { text } = await readDocx(file.body);
		expect(text).toContain('Anmälda cykelstölder: 380 st (utgångsläge 412, mål 350)');
		expect(text).toContain('Preliminär rapport');
	});

	it('is only for the municipality the round belongs to', async () => {
		const sunne = { id: database.refs!.municipalities.sunne.id, officialName: 'Sunne kommun' };
		await expect(
			generateFollowUpReport({ db: database.db, actor: coordinator, roundId: secondRoundId, planId, municipality: sunne, format: 'docx', ip: null })
		).rejects.toMatchObject({ status: 404 });
		const sunneCoordinator = await actorFor(database, 'samordnare@sunne.demo');
		await expect(
			generateFollowUpReport({ db: database.db, actor: sunneCoordinator, roundId: secondRoundId, planId, municipality: falun, format: 'docx', ip: null })
		).rejects.toMatchObject({ status: 403 });
	});
});
