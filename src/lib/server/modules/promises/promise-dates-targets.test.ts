import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/authz';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findAuditRows } from '../audit/audit.repository';
import { findMemberships, findUserByEmail } from '../users/public';
import { parseMeasurableTarget } from './promise-import';
import { followUpCalendar } from './promise-opendata';
import { evaluateTarget, outcomeStatus, targetMet, targetText } from './promises.models';
import { emptyActivity, emptyFormState, inputFromFormState } from '../../../modules/promises/form';
import { documentKind, renderYearlyReportDocx, reportYears, yearlyReport } from './promise-yearly-report';
import {
	correctFollowUp,
	createPromise,
	getPromise,
	getPublicPromise,
	promiseFile,
	recordFollowUp,
	setPromiseStatus,
	updatePromise
} from './promises.usecases';

async function documentText(docx: Buffer): Promise<string> {
	const zip = await JSZip.loadAsync(docx);
	const xml = await zip.file('word/document.xml')!.async('string');
	return xml
		.replace(/<w:p[ >]/g, '\n$&')
		.replace(/<[^>]+>/g, '')
		.replace(/&amp;/g, '&');
}

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

const activity = (activity: string, target: { kind?: string; value?: string; unit?: string } = {}) => ({
	id: '',
	activity,
	group: '',
	scope: '',
	when: '',
	responsible: '',
	followUp: '',
	targetKind: target.kind ?? '',
	targetValue: target.value ?? '',
	targetUnit: target.unit ?? '',
	measureIds: []
});

function input(overrides: Record<string, unknown> = {}) {
	return {
		title: 'Medborgarlöfte Trafiksäkert Sunne',
		periodStart: '2026',
		periodEnd: '2027',
		introduction: '',
		problemPicture: '',
		commitment: '',
		timeframe: '',
		followUpForum: 'Lokala rådet',
		nextFollowUpOn: 'under våren 2027',
		signedOn: 'februari 2026',
		internalNotes: '',
		parties: [{ key: 'polisen', name: 'Polisen', lines: ['Polisen gör trafikkontroller.'] }],
		signatories: [{ name: 'Anna Andersson', title: 'ordförande', partyKey: 'kommunen', signedOn: 'senast juni 2026' }],
		dialogues: [],
		focusAreas: [],
		activities: [
			activity('Ett trafiksäkerhetsråd inrättas', { kind: 'yes_no' }),
			activity('Hastighetskontroller', { kind: 'at_least', value: '300', unit: 'kontroller' }),
			activity('Olyckor vid skolor', { kind: 'at_most', value: '2', unit: 'olyckor' }),
			activity('Nykterhetskontroller')
		],
		...overrides
	};
}

describe('target kinds', () => {
	it('met or not follows from the kind of target', () => {
		expect(evaluateTarget(300, 303, 'at_least')).toBe('uppfyllt');
		expect(evaluateTarget(300, 150, 'at_least')).toBe('delvis_uppfyllt');
		expect(evaluateTarget(2, 1, 'at_most')).toBe('uppfyllt');
		expect(evaluateTarget(2, 3, 'at_most')).toBe('ej_uppfyllt');
		expect(evaluateTarget(4, 4, 'exactly')).toBe('uppfyllt');
		expect(evaluateTarget(4, 5, 'exactly')).toBe('ej_uppfyllt');
		expect(evaluateTarget(4, 2, 'exactly')).toBe('delvis_uppfyllt');
		expect(evaluateTarget(null, 1, 'yes_no')).toBe('uppfyllt');
		expect(evaluateTarget(null, 0, 'yes_no')).toBe('ej_uppfyllt');
		expect(targetMet(2, 3, 'at_most')).toBe(false);
		expect(targetMet(null, 1, 'yes_no')).toBe(true);
		// A result without a target is no judgement.
		expect(targetMet(null, 303, null)).toBeNull();
		expect(outcomeStatus(null, null, 303, null)).toBeNull();
		// Rows saved before kinds existed read as "at least".
		expect(targetMet(8, 8, null)).toBe(true);
	});

	it('the importer reads a ceiling and an exact number as such', () => {
		expect(parseMeasurableTarget('Högst 2 olyckor vid skolorna')).toEqual({ value: 2, unit: 'olyckor vid skolorna', kind: 'at_most' });
		expect(parseMeasurableTarget('genomföra minst 8 trygghetsvandringar')).toEqual({ value: 8, unit: 'trygghetsvandringar' });
		expect(parseMeasurableTarget('exakt 4 möten per år')).toMatchObject({ value: 4, kind: 'exactly' });
		expect(targetText('at_most', 2, 'olyckor')).toBe('högst 2 olyckor');
		expect(targetText('yes_no', null, null)).toBe('genomförs (ja/nej)');
	});
});

describe(`promise dates, targets and corrections (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let sunneId: string;
	let coordinator: Actor;
	let reader: Actor;
	let promiseId: string;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		sunneId = database.refs!.municipalities.sunne.id;
		coordinator = await actorFor(database, 'samordnare@sunne.demo');
		reader = await actorFor(database, 'politiker@falun.demo');
		promiseId = await createPromise({ db: database.db, actor: coordinator, municipalityId: sunneId, input: input(), ip: null });
		await setPromiseStatus({ db: database.db, actor: coordinator, municipalityId: sunneId, promiseId, status: 'publicerat', ip: null });
	});
	afterAll(() => database.close());

	it('keeps a month, a season and a deadline as written, without inventing a day', async () => {
		const p = await getPromise({ db: database.db, actor: coordinator, municipalityId: sunneId, promiseId });
		expect(p).toMatchObject({ signedOn: '2026-02-01', signedOnPrecision: 'month', nextFollowUpOn: '2027-03-01', nextFollowUpPrecision: 'season' });
		expect(p.signatories[0]).toMatchObject({ signedOn: '2026-06-01', signedOnPrecision: 'by-month' });
		// A month is no calendar day: the iCalendar feed has no event for "våren 2027".
		const m = { slug: 'sunne', name: 'Sunne', officialName: 'Sunne kommun', scbCode: '1766' };
		expect(followUpCalendar([p], m, 'https://example.se', 'example.se')).not.toContain('Planerad uppföljning');
		expect(followUpCalendar([{ ...p, nextFollowUpPrecision: 'day' }], m, 'https://example.se', 'example.se')).toContain('Planerad uppföljning');
	});

	it('refuses a date it cannot read, at the field', async () => {
		const error = await updatePromise({
			db: database.db,
			actor: coordinator,
			municipalityId: sunneId,
			promiseId,
			input: input({ signedOn: 'snart' }),
			ip: null
		}).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(Object.keys(error.fieldErrors)).toEqual(['signedOn']);
	});

	it('stores target kinds, a yes/no result and a count without a target; met follows from the kind', async () => {
		const p = await getPromise({ db: database.db, actor: coordinator, municipalityId: sunneId, promiseId });
		expect(p.activities.map((a) => [a.targetKind, a.targetValue, a.targetUnit])).toEqual([
			['yes_no', null, null],
			['at_least', 300, 'kontroller'],
			['at_most', 2, 'olyckor'],
			[null, null, null]
		]);
		const [council, speed, accidents, sobriety] = p.activities;
		await recordFollowUp({
			db: database.db,
			actor: coordinator,
			municipalityId: sunneId,
			promiseId,
			ip: null,
			input: {
				heldOn: 'december 2026',
				forum: 'Lokala rådet',
				summary: '',
				publish: true,
				outcomes: [
					{ activityId: council.id, status: '', achieved: 'ja', unit: '', done: 'Rådet har haft två möten.' },
					{ activityId: speed.id, status: '', achieved: '250', unit: '', done: '' },
					{ activityId: accidents.id, status: '', achieved: '3', unit: '', done: '' },
					{ activityId: sobriety.id, status: 'pagar', achieved: '303', unit: 'kontroller', done: '' }
				]
			}
		});
		const after = await getPublicPromise({ db: database.db, municipalityId: sunneId, slug: p.slug });
		const [f] = after.followUps;
		expect(f).toMatchObject({ heldOn: '2026-12-01', heldOnPrecision: 'month' });
		expect(f.outcomes.map((o) => [o.status, o.met, o.achieved, o.targetUnit])).toEqual([
			['uppfyllt', true, 1, null],
			['delvis_uppfyllt', false, 250, 'kontroller'],
			['ej_uppfyllt', false, 3, 'olyckor'],
			['pagar', null, 303, 'kontroller']
		]);
	});

	it('corrects a published follow-up: the new values show, the change is kept with when and why, publicly, and audited', async () => {
		const p = await getPromise({ db: database.db, actor: coordinator, municipalityId: sunneId, promiseId });
		const f = p.followUps[0];
		const outcomes = f.outcomes.map((o) => ({ outcomeId: o.id, status: '', achieved: o.achieved === null ? '' : String(o.achieved), unit: '', done: o.done }));
		outcomes[1] = { ...outcomes[1], achieved: '320' };
		outcomes[3] = { ...outcomes[3], status: 'pagar', unit: 'kontroller' };
		const base = { reason: 'Fel antal kontroller angavs.', heldOn: 'december 2026', forum: f.forum, summary: f.summary, outcomes };

		// Nothing changed: nothing saved, and the reader may not correct at all.
		const unchanged = await correctFollowUp({
			db: database.db,
			actor: coordinator,
			municipalityId: sunneId,
			followUpId: f.id,
			input: { ...base, outcomes: outcomes.map((o, i) => (i === 1 ? { ...o, achieved: '250' } : o)) },
			ip: null
		}).catch((e) => e);
		expect(unchanged).toBeInstanceOf(ValidationError);
		expect(
			await correctFollowUp({ db: database.db, actor: reader, municipalityId: sunneId, followUpId: f.id, input: base, ip: null }).catch((e) => e)
		).toBeInstanceOf(ForbiddenError);
		const missingReason = await correctFollowUp({
			db: database.db,
			actor: coordinator,
			municipalityId: sunneId,
			followUpId: f.id,
			input: { ...base, reason: ' ' },
			ip: null
		}).catch((e) => e);
		expect(Object.keys(missingReason.fieldErrors)).toEqual(['reason']);

		await correctFollowUp({ db: database.db, actor: coordinator, municipalityId: sunneId, followUpId: f.id, input: base, ip: null });
		const after = await getPublicPromise({ db: database.db, municipalityId: sunneId, slug: p.slug });
		const corrected = after.followUps[0];
		expect(corrected.outcomes[1]).toMatchObject({ achieved: 320, status: 'uppfyllt', met: true });
		expect(corrected.corrections).toHaveLength(1);
		expect(corrected.corrections[0].reason).toBe('Fel antal kontroller angavs.');
		expect(corrected.corrections[0].changes).toEqual([
			{ field: 'achieved', activity: 'Hastighetskontroller', before: 250, after: 320 },
			{ field: 'status', activity: 'Hastighetskontroller', before: 'delvis_uppfyllt', after: 'uppfyllt' }
		]);
		const audit = await findAuditRows(database.db, { municipalityId: sunneId, action: 'promises.follow_up.corrected', limit: 10, offset: 0 });
		expect(audit.map((r) => r.entityId)).toEqual([f.id]);
	});

	it('the yearly report lists each activity’s target, outcome and whether it was met, as Word and PDF', async () => {
		const p = await getPromise({ db: database.db, actor: coordinator, municipalityId: sunneId, promiseId });
		expect(reportYears(p)).toEqual([2026]);
		const report = yearlyReport(p, 2026);
		expect(report.rows.map((r) => [r.activity, r.target, r.result, r.met])).toEqual([
			['Ett trafiksäkerhetsråd inrättas', 'genomförs (ja/nej)', 'ja', true],
			['Hastighetskontroller', 'minst 300 kontroller', '320 kontroller', true],
			['Olyckor vid skolor', 'högst 2 olyckor', '3 olyckor', false],
			['Nykterhetskontroller', '', '303 kontroller', null]
		]);
		expect(report).toMatchObject({ metCount: 2, withTarget: 3 });
		expect(report.followUps).toEqual([expect.objectContaining({ heldOn: 'december 2026', forum: 'Lokala rådet' })]);
		expect(yearlyReport(p, 2025).rows.every((r) => r.result === '' && r.met === null)).toBe(true);

		const text = await documentText(await renderYearlyReportDocx({ promise: p, municipalityName: 'Sunne kommun', year: 2026 }));
		for (const expected of [
			'Uppföljning 2026: medborgarlöfte',
			'högst 2 olyckor',
			'3 olyckor (december 2026)',
			'Ej uppfyllt',
			'2 av 3 aktiviteter med mål nådde målet',
			'Rättad'
		])
			expect(text).toContain(expected);

		const municipality = { id: sunneId, officialName: 'Sunne kommun' };
		const file = await promiseFile({
			db: database.db,
			actor: coordinator,
			municipality,
			promise: p,
			...documentKind(new URL('https://x.se/d.pdf?typ=uppfoljning&ar=2026')),
			format: 'pdf',
			url: 'https://x.se',
			ip: null
		});
		expect(file.fileName).toBe(`uppfoljning-2026-${p.slug}.pdf`);
		const pdf = path.join(os.tmpdir(), `forebygg-yearly-${process.pid}.pdf`);
		fs.writeFileSync(pdf, file.body);
		try {
			expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('högst 2 olyckor');
		} finally {
			fs.rmSync(pdf, { force: true });
		}
		// A year without follow-ups is not a report.
		await expect(
			promiseFile({
				db: database.db,
				actor: coordinator,
				municipality,
				promise: p,
				kind: 'uppfoljning',
				year: 2024,
				format: 'docx',
				url: 'https://x.se',
				ip: null
			})
		).rejects.toThrow();
	}, 180_000);

	it('the dialogue basis is items — a dialogue with approximate respondents, a survey result with its share, what residents said — and activities answer them', async () => {
		const state = emptyFormState('Sunne');
		state.title = 'Medborgarlöfte Ni sa';
		state.parties[0].lines = 'Polisen är synlig vid skolorna.';
		state.dialogues = [
			{ text: 'Medborgardialoger i tre byar', kind: 'dialog', count: '3', respondents: 'ca 600', share: '', held: 'hösten 2025' },
			{ text: '', kind: 'dialog', count: '', respondents: '', share: '', held: '' },
			{ text: 'känner sig otrygga vid busstationen', kind: 'enkat', count: '', respondents: '', share: '62 %', held: '' },
			{ text: 'Bilar kör för fort förbi skolan', kind: 'sa', count: '', respondents: '', share: '', held: '' }
		];
		// The activity names rows 2 and 3 of the form (row 1 is blank and dropped on save).
		state.activities = [{ ...emptyActivity(), activity: 'Hastighetskontroller vid skolan', answers: ['2', '3'] }];
		const { input: content } = inputFromFormState(state);
		const id = await createPromise({ db: database.db, actor: coordinator, municipalityId: sunneId, input: content, ip: null });
		const p = await getPromise({ db: database.db, actor: coordinator, municipalityId: sunneId, promiseId: id });
		expect(p.dialogues.map((d) => [d.kind, d.respondents, d.respondentsApprox, d.share])).toEqual([
			['dialog', 600, true, null],
			['enkat', null, false, 62],
			['sa', null, false, null]
		]);
		expect(p.activities[0].answers).toEqual([1, 2]);
		expect(p.activities[0].said).toEqual(['känner sig otrygga vid busstationen', 'Bilar kör för fort förbi skolan']);
		const bad = await createPromise({
			db: database.db,
			actor: coordinator,
			municipalityId: sunneId,
			input: inputFromFormState({ ...state, dialogues: [{ ...state.dialogues[2], share: '162' }] }).input,
			ip: null
		}).catch((e) => e);
		expect(Object.keys(bad.fieldErrors)).toEqual(['dialogues-0-share']);
	});
});
