import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../platform/authz';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { listOrganisationsOfMunicipality } from '../organisations/public';
import { findMemberships, findUserByEmail } from '../users/public';
import { measureFormValues } from '$lib/modules/plans/measure-form';
import { FALUN_PLAN_FIXTURE } from './module';
import { diffPlans } from './plan-diff';
import {
	addDecision,
	addDecisionDocument,
	addDecisionResponse,
	compareRevision,
	getDecisionDocument,
	listPlanRevisions,
	setPlanStatus,
	updateMeasure
} from './plan-editing.usecases';
import { parsePlanText } from './plan-import';
import { getPlan, importPlan } from './plans.usecases';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

const inputOf = measureFormValues;

describe(`editing a plan (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let planId: string;
	let falunId: string;
	let coordinator: Actor;
	let police: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falunId = database.refs!.municipalities.falun.id;
		planId = await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falunId,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		police = await actorFor(database, 'kommunpolis@falun.demo');
	});
	afterAll(() => database.close());

	const plan = () => getPlan({ db: database.db, actor: coordinator, planId });

	it('corrects the time interpretation, links a problem, and sets indicators, target areas and factors', async () => {
		const before = await plan();
		const m = before.focusAreas[0].measures[0];
		const problem = before.focusAreas[0].problems[0];
		const police = (await listOrganisationsOfMunicipality(database.db, falunId)).find((o) => o.name === 'Lokalpolisområde Falun')!;
		await updateMeasure({
			db: database.db,
			actor: coordinator,
			planId,
			measureId: m.id,
			municipalityId: falunId,
			input: {
				...inputOf(m),
				startDate: '2024-09-01',
				endDate: '2026-12-31',
				targetAreas: ['Stadskärnan', 'Resecentrum'],
				indicators: [{ name: 'Anmälda cykelstölder', unit: 'st', baseline: '412', target: '350' }],
				factors: ['positivt_umgange'],
				problemIds: [problem.id],
				responsible: [
					...m.responsible.filter((r) => r.organisationId !== police.id).map((r) => ({ organisationId: r.organisationId, lead: false })),
					{ organisationId: police.id, lead: true }
				]
			},
			ip: null
		});
		const after = (await plan()).focusAreas[0].measures[0];
		expect(after).toMatchObject({
			startDate: '2024-09-01',
			endDate: '2026-12-31',
			targetAreas: ['Stadskärnan', 'Resecentrum'],
			factors: ['positivt_umgange'],
			problemIds: [problem.id],
			linkedToProblem: true
		});
		expect(after.indicators).toEqual([{ name: 'Anmälda cykelstölder', unit: 'st', baseline: 412, target: 350 }]);
		expect(after.responsible.find((r) => r.lead)?.organisation).toBe('Lokalpolisområde Falun');
		// The text the municipality wrote stays as written.
		expect(after.time).toBe(m.time);
	});

	it('rejects bad input with Swedish messages per field, and people who are not the coordinator', async () => {
		const m = (await plan()).focusAreas[0].measures[1];
		const error = await updateMeasure({
			db: database.db,
			actor: coordinator,
			planId,
			measureId: m.id,
			municipalityId: falunId,
			input: { ...inputOf(m), title: '', startDate: '2025-05-01', endDate: '2025-01-01', costAmount: 'mycket' },
			ip: null
		}).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).fieldErrors).toMatchObject({
			title: 'Ange en rubrik för åtgärden.',
			endDate: 'Slutdatum kan inte vara före startdatum.',
			costAmount: expect.stringContaining('hela kronor')
		});
		await expect(
			updateMeasure({ db: database.db, actor: police, planId, measureId: m.id, municipalityId: falunId, input: inputOf(m), ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('keeps the decided plan as a revision when a decided plan is changed, and shows the difference', async () => {
		await setPlanStatus({ db: database.db, actor: coordinator, planId, municipalityId: falunId, status: 'beslutad', ip: null });
		const decided = await plan();
		const m = decided.focusAreas[1].measures[2];
		const noReason = await updateMeasure({
			db: database.db,
			actor: coordinator,
			planId,
			measureId: m.id,
			municipalityId: falunId,
			input: { ...inputOf(m), goal: 'Nytt mål' },
			ip: null
		}).catch((e) => e);
		expect((noReason as ValidationError).fieldErrors.reason).toContain('ange varför');
		await updateMeasure({
			db: database.db,
			actor: coordinator,
			planId,
			measureId: m.id,
			municipalityId: falunId,
			input: { ...inputOf(m), goal: 'Minst 8 nya områden med grannsamverkan.', reason: 'BRÅ 2025-03-12 § 4' },
			ip: null
		});
		const { plan: now, revisions } = await listPlanRevisions({ db: database.db, actor: coordinator, planId, municipalityId: falunId });
		expect(now.revision).toBe(decided.revision + 1);
		expect(revisions).toEqual([expect.objectContaining({ revision: decided.revision, reason: 'BRÅ 2025-03-12 § 4' })]);
		const comparison = await compareRevision({ db: database.db, actor: coordinator, planId, municipalityId: falunId, revision: decided.revision });
		expect(comparison.diff.measures).toEqual([
			expect.objectContaining({
				measureId: m.id,
				kind: 'changed',
				fields: [expect.objectContaining({ field: 'goal', before: m.goal, after: 'Minst 8 nya områden med grannsamverkan.' })]
			})
		]);
		expect(comparison.revision.snapshot.focusAreas[1].measures[2].goal).toBe(m.goal);
	});

	it('records decision steps, remiss answers per consulted body, and attached documents that are what they claim', async () => {
		await addDecision({
			db: database.db,
			actor: coordinator,
			planId,
			municipalityId: falunId,
			input: { body: 'Faluns brottsförebyggande råd', date: '2025-02-01', kind: 'remiss', reference: '', text: 'Planen skickas på remiss.' },
			ip: null
		});
		const remiss = (await plan()).decisions.find((d) => d.kind === 'remiss' && d.body === 'Faluns brottsförebyggande råd')!;
		await addDecisionResponse({
			db: database.db,
			actor: coordinator,
			planId,
			municipalityId: falunId,
			decisionId: remiss.id,
			input: { body: 'Kopparstaden', receivedOn: '2025-02-20', answer: 'Vi tillstyrker.' },
			ip: null
		});
		await addDecisionResponse({
			db: database.db,
			actor: coordinator,
			planId,
			municipalityId: falunId,
			decisionId: remiss.id,
			input: { body: 'Polisen', receivedOn: '', answer: 'Inga synpunkter.' },
			ip: null
		});
		const pdf = new TextEncoder().encode('%PDF-1.4\n% protokoll\n');
		await addDecisionDocument({
			db: database.db,
			actor: coordinator,
			planId,
			municipalityId: falunId,
			decisionId: remiss.id,
			fileName: 'protokoll.pdf',
			data: pdf,
			ip: null
		});
		const fake = await addDecisionDocument({
			db: database.db,
			actor: coordinator,
			planId,
			municipalityId: falunId,
			decisionId: remiss.id,
			fileName: 'inte.pdf',
			data: new TextEncoder().encode('hej'),
			ip: null
		}).catch((e) => e);
		expect((fake as ValidationError).fieldErrors.document).toContain('inte en PDF-fil');

		const saved = (await plan()).decisions.find((d) => d.id === remiss.id)!;
		expect(saved.responses.map((r) => [r.body, r.answer])).toEqual([
			['Kopparstaden', 'Vi tillstyrker.'],
			['Polisen', 'Inga synpunkter.']
		]);
		expect(saved.documents).toEqual([expect.objectContaining({ fileName: 'protokoll.pdf', mediaType: 'application/pdf', size: pdf.byteLength })]);
		const file = await getDecisionDocument({ db: database.db, actor: police, planId, municipalityId: falunId, documentId: saved.documents[0].id });
		expect(Buffer.from(file.body).toString('utf8')).toBe('%PDF-1.4\n% protokoll\n');
	});
});

describe('the difference between two versions of a plan', () => {
	const measure = {
		id: 'm1',
		title: 'Kameror',
		description: 'Kameror i centrum',
		time: 'Hösten 2024',
		startDate: '2024-08-01',
		endDate: null,
		ongoing: false,
		scope: '',
		responsibleText: '',
		responsible: [],
		cost: '',
		costAmount: null,
		fundingSource: null,
		goal: 'Färre brott',
		followUp: '',
		followUpForums: [],
		followUpCadence: null,
		targetAreas: [],
		indicators: [],
		factors: [],
		status: null,
		problemIds: [],
		linkedToProblem: false,
		organisationIds: []
	};
	const base = {
		title: 'Plan',
		period: '2024',
		status: 'beslutad',
		focusAreas: [{ id: 'a', title: 'Centrum', summary: '', problems: [], measures: [measure] }]
	};
	it('lists added, removed and changed measures and ignores whitespace', () => {
		const after = {
			...base,
			period: '2024–2026',
			focusAreas: [
				{
					...base.focusAreas[0],
					measures: [
						{ ...measure, goal: 'Färre  brott ', scope: 'Stadskärnan' },
						{ ...measure, id: 'm2', title: 'Ny' }
					]
				}
			]
		};
		const diff = diffPlans(base as never, after as never);
		expect(diff.plan).toEqual([{ field: 'period', label: 'Period', before: '2024', after: '2024–2026' }]);
		expect(diff.measures).toEqual([
			{
				focusArea: 'Centrum',
				measureId: 'm1',
				title: 'Kameror',
				kind: 'changed',
				fields: [{ field: 'scope', label: 'Omfattning', before: '', after: 'Stadskärnan' }]
			},
			{ focusArea: 'Centrum', measureId: 'm2', title: 'Ny', kind: 'added', fields: [] }
		]);
		expect(diffPlans(after as never, base as never).measures.find((m) => m.measureId === 'm2')?.kind).toBe('removed');
	});
});
