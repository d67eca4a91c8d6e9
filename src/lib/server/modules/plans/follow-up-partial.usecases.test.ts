import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../platform/authz';
import { readConfig } from '../../platform/config';
import { ForbiddenError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../users/public';
import {
	answerFollowUp,
	closeFollowUpRound,
	followUpReportInput,
	getFollowUpRound,
	openFollowUpRound,
	roundRecipients,
	saveFollowUpAnswers,
	type FollowUpView
} from './follow-up.usecases';
import { FALUN_PLAN_FIXTURE } from './module';
import { getPublicPlan, listPublicPlans } from './plan-public.usecases';
import { setPlanStatus } from './plan-editing.usecases';
import { parsePlanText } from './plan-import';
import { importPlan } from './plans.usecases';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

const measuresOf = (view: FollowUpView) => view.focusAreas.flatMap((a) => a.measures);
const GRANNSAMVERKAN = /^Grannsamverkan i flerfamiljshus/;

describe(`partial saves, shared measures and what citizens see (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let planId: string;
	let roundId: string;
	let coordinator: Actor;
	let housing: Actor;
	let police: Actor;
	const config = readConfig({});

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		const falun = database.refs!.municipalities.falun.id;
		planId = await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falun,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		housing = await actorFor(database, 'kopparstaden@falun.demo');
		police = await actorFor(database, 'kommunpolis@falun.demo');
		await setPlanStatus({ db: database.db, actor: coordinator, planId, municipalityId: falun, status: 'beslutad', ip: null });
		roundId = (
			await openFollowUpRound({
				db: database.db,
				config,
				actor: coordinator,
				planId,
				municipalitySlug: 'falun',
				input: { name: 'Halvår 1 2025', dueDate: '2025-06-30' },
				ip: null
			})
		).id;
	});
	afterAll(() => database.close());

	it('says whom the round asked: organisations with users, and the parties without', async () => {
		const recipients = await roundRecipients({ db: database.db, actor: coordinator, roundId });
		// Falu kommun, Kopparstaden and the police have staff in the demo; every other named party has none.
		expect(recipients.asked).toBeGreaterThanOrEqual(2);
		expect(recipients.withoutUsers.length).toBeGreaterThan(0);
		expect(recipients.withoutUsers.map((o) => o.organisation)).not.toContain('Kopparstaden');
		await expect(roundRecipients({ db: database.db, actor: housing, roundId })).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('saves the one measure a partner filled in, skips the untouched, and names the measure that lacks a status', async () => {
		const own = measuresOf(await getFollowUpRound({ db: database.db, actor: housing, roundId })).filter((m) => m.editable);
		expect(own.length).toBeGreaterThanOrEqual(3);
		const [filled, textOnly, ...untouched] = own;
		const result = await saveFollowUpAnswers({
			db: database.db,
			actor: housing,
			roundId,
			answers: [
				{ measureId: filled.id, status: 'pagar_enligt_plan', done: 'Vandring i Bojsenburg.', nextSteps: '', indicatorValues: {} },
				{ measureId: textOnly.id, status: '', done: 'Vi har börjat.', nextSteps: '', indicatorValues: {} },
				...untouched.map((m) => ({ measureId: m.id, status: '', done: '', nextSteps: ' ', indicatorValues: {} }))
			],
			ip: null
		});
		expect(result.saved).toEqual([filled.id]);
		expect(result.fieldErrors).toEqual({ [`status-${textOnly.id}`]: `Välj status för ”${textOnly.title}”.` });
		const after = measuresOf(await getFollowUpRound({ db: database.db, actor: housing, roundId }));
		expect(after.find((m) => m.id === filled.id)!.ownAnswer).toMatchObject({ status: 'pagar_enligt_plan', done: 'Vandring i Bojsenburg.' });
		expect(after.find((m) => m.id === textOnly.id)!.ownAnswer).toBeNull();

		// Sending the same form again changes nothing and writes nothing.
		const again = await saveFollowUpAnswers({
			db: database.db,
			actor: housing,
			roundId,
			answers: [{ measureId: filled.id, status: 'pagar_enligt_plan', done: 'Vandring i Bojsenburg.', nextSteps: '', indicatorValues: {} }],
			ip: null
		});
		expect(again).toEqual({ saved: [], fieldErrors: {} });
	});

	it('refuses the whole form when it carries a measure that is not the partner’s (a forged post)', async () => {
		const all = measuresOf(await getFollowUpRound({ db: database.db, actor: housing, roundId }));
		const other = all.find((m) => !m.editable)!;
		const own = all.find((m) => m.editable)!;
		await expect(
			saveFollowUpAnswers({
				db: database.db,
				actor: housing,
				roundId,
				answers: [
					{ measureId: own.id, status: 'genomford', done: '', nextSteps: '' },
					{ measureId: other.id, status: 'genomford', done: '', nextSteps: '' }
				],
				ip: null
			})
		).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('keeps each organisation’s part of a shared measure; the lead sees the parts and sets the status', async () => {
		const forPolice = measuresOf(await getFollowUpRound({ db: database.db, actor: police, roundId })).find((m) => GRANNSAMVERKAN.test(m.title))!;
		expect(forPolice.shared).toBe(true);
		expect(forPolice.editable).toBe(true);
		expect(forPolice.setsStatus).toBe(false);
		const lead = forPolice.responsible.find((r) => r.organisationId === forPolice.leadOrganisationId)!;
		expect(lead.organisation).toBe('Kopparstaden');

		await answerFollowUp({
			db: database.db,
			actor: police,
			roundId,
			answers: [{ measureId: forPolice.id, status: 'forsenad', done: 'Polisen har informerat på två husmöten.', nextSteps: '' }],
			ip: null
		});
		let view = await getFollowUpRound({ db: database.db, actor: housing, roundId });
		let measure = measuresOf(view).find((m) => m.id === forPolice.id)!;
		// The police's part does not settle the measure for the lead and everyone else.
		expect(measure.answer).toBeNull();
		expect(measure.setsStatus).toBe(true);
		expect(measure.parts).toEqual([
			expect.objectContaining({
				organisation: forPolice.responsible.find((r) => r.organisationId === forPolice.ownOrganisationId)!.organisation,
				status: 'forsenad'
			})
		]);
		expect(view.unanswered.map((u) => u.organisation)).toContain('Kopparstaden');

		await answerFollowUp({
			db: database.db,
			actor: housing,
			roundId,
			answers: [{ measureId: forPolice.id, status: 'pagar_med_avvikelse', done: 'Två av tre områden har startat.', nextSteps: '' }],
			ip: null
		});
		view = await getFollowUpRound({ db: database.db, actor: police, roundId });
		measure = measuresOf(view).find((m) => m.id === forPolice.id)!;
		expect(measure.answer?.status).toBe('pagar_med_avvikelse');
		// The police's own form still starts from its own part, not from the lead's answer.
		expect(measure.ownAnswer).toMatchObject({ status: 'forsenad', done: 'Polisen har informerat på två husmöten.' });
		expect(measure.parts.map((p) => p.status).sort()).toEqual(['forsenad', 'pagar_med_avvikelse']);

		const report = await followUpReportInput({ db: database.db, actor: coordinator, roundId, municipalityName: 'Falu kommun' });
		const inReport = report.focusAreas.flatMap((a) => a.measures).find((m) => GRANNSAMVERKAN.test(m.title))!;
		expect(inReport.answer?.status).toBe('pagar_med_avvikelse');
		expect(inReport.parts?.map((p) => [p.organisation, p.status])).toEqual(
			expect.arrayContaining([
				['Kopparstaden', 'pagar_med_avvikelse'],
				[expect.stringMatching(/olis/), 'forsenad']
			])
		);
	});

	it('shows citizens each measure’s latest reported status with its date, never replacing it with "Ej rapporterad"', async () => {
		const falun = database.refs!.municipalities.falun.id;
		const answered = measuresOf(await getFollowUpRound({ db: database.db, actor: coordinator, roundId })).filter((m) => m.answer);
		expect(answered.length).toBeGreaterThan(0);
		await closeFollowUpRound({ db: database.db, actor: coordinator, roundId, ip: null });
		// A second round closed with nothing answered at all.
		const empty = await openFollowUpRound({
			db: database.db,
			config,
			actor: coordinator,
			planId,
			municipalitySlug: 'falun',
			input: { name: 'Halvår 2 2025', dueDate: '2025-12-15' },
			ip: null
		});
		await closeFollowUpRound({ db: database.db, actor: coordinator, roundId: empty.id, ip: null });

		const plan = await getPublicPlan({ db: database.db, municipalityId: falun, planId });
		const measures = plan.focusAreas.flatMap((a) => a.measures);
		for (const m of answered) {
			expect(measures.find((x) => x.id === m.id)).toMatchObject({ status: m.answer!.status, reportedIn: 'Halvår 1 2025' });
			expect(measures.find((x) => x.id === m.id)!.reportedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		}
		expect(plan.progress?.round.name).toBe('Halvår 2 2025');
		expect(plan.progress!.rollUp.total - plan.progress!.rollUp.notReported).toBe(answered.length);
		const listed = (await listPublicPlans({ db: database.db, municipalityId: falun })).find((p) => p.id === planId)!;
		expect(listed.progress!.rollUp.notReported).toBe(plan.progress!.rollUp.notReported);
	});
});
