import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../platform/authz';
import { readConfig } from '../../platform/config';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { listOutbox } from '../mail/mail.repository';
import { findMemberships, findUserByEmail } from '../users/public';
import { answerFollowUp, closeFollowUpRound, getFollowUpRound, openFollowUpRound, pendingFollowUps } from './follow-up.usecases';
import { FALUN_PLAN_FIXTURE } from './module';
import { parsePlanText } from './plan-import';
import { importPlan } from './plans.usecases';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

describe(`the half-yearly follow-up (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
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
	});
	afterAll(() => database.close());

	it('opens a round and sends each responsible organisation a request listing only its measures', async () => {
		await expect(
			openFollowUpRound({ db: database.db, config, actor: coordinator, planId, municipalitySlug: 'falun', input: { name: '', dueDate: 'snart' }, ip: null })
		).rejects.toBeInstanceOf(ValidationError);
		await expect(
			openFollowUpRound({ db: database.db, config, actor: housing, planId, municipalitySlug: 'falun', input: { name: 'X', dueDate: '2025-06-30' }, ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		const round = await openFollowUpRound({
			db: database.db,
			config,
			actor: coordinator,
			planId,
			municipalitySlug: 'falun',
			input: { name: 'Halvår 1 2025', dueDate: '2025-06-30' },
			ip: null
		});
		roundId = round.id;
		const mails = await listOutbox(database.db);
		const toHousing = mails.find((m) => m.toAddress === 'kopparstaden@falun.demo');
		const toPolice = mails.find((m) => m.toAddress === 'kommunpolis@falun.demo');
		expect(toHousing?.subject).toBe('Uppföljning av åtgärdsplanen: Halvår 1 2025');
		expect(toPolice).toBeDefined();
		const view = await getFollowUpRound({ db: database.db, actor: housing, roundId });
		const own = view.focusAreas.flatMap((a) => a.measures).filter((m) => m.editable);
		expect(own.length).toBeGreaterThan(0);
		for (const measure of own) expect(toHousing!.body).toContain(measure.title);
	});

	it('lets Kopparstaden answer its own measures but not the police’s, and writes nothing from a mixed grid', async () => {
		const view = await getFollowUpRound({ db: database.db, actor: housing, roundId });
		const measures = view.focusAreas.flatMap((a) => a.measures);
		// A measure Kopparstaden leads (or has alone): its answer is the measure's status.
		const own = measures.find((m) => m.editable && m.setsStatus)!;
		const other = measures.find((m) => !m.editable)!;
		const answer = (measureId: string) => ({
			measureId,
			status: 'pagar_enligt_plan',
			done: 'Trygghetsvandring genomförd i Bojsenburg.',
			nextSteps: 'Ny vandring i höst.'
		});
		await expect(answerFollowUp({ db: database.db, actor: housing, roundId, answers: [answer(own.id), answer(other.id)], ip: null })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		expect(
			(await getFollowUpRound({ db: database.db, actor: housing, roundId })).rollUp.total -
				(await getFollowUpRound({ db: database.db, actor: housing, roundId })).rollUp.notReported
		).toBe(0);
		expect(await answerFollowUp({ db: database.db, actor: housing, roundId, answers: [answer(own.id)], ip: null })).toBe(1);
		await expect(
			answerFollowUp({ db: database.db, actor: housing, roundId, answers: [{ ...answer(own.id), status: 'klar' }], ip: null })
		).rejects.toBeInstanceOf(ValidationError);
		const after = await getFollowUpRound({ db: database.db, actor: coordinator, roundId });
		expect(after.rollUp.counts.pagar_enligt_plan).toBe(1);
		expect(after.unanswered.some((u) => u.organisation === 'Kopparstaden')).toBe(
			after.focusAreas
				.flatMap((a) => a.measures)
				.some((m) => m.responsible.some((r) => r.organisation === 'Kopparstaden' && !m.answeredBy.includes(r.organisationId)))
		);
	});

	it('lets the police answer theirs and the coordinator answer any', async () => {
		const view = await getFollowUpRound({ db: database.db, actor: police, roundId });
		const own = view.focusAreas.flatMap((a) => a.measures).filter((m) => m.editable);
		expect(own.length).toBeGreaterThan(0);
		await answerFollowUp({
			db: database.db,
			actor: police,
			roundId,
			answers: own.map((m) => ({ measureId: m.id, status: 'forsenad', done: '', nextSteps: 'Resurser saknas.' })),
			ip: null
		});
		const all = (await getFollowUpRound({ db: database.db, actor: coordinator, roundId })).focusAreas.flatMap((a) => a.measures);
		expect(all.every((m) => m.editable)).toBe(true);
	});

	it('freezes the round when the coordinator closes it', async () => {
		await expect(closeFollowUpRound({ db: database.db, actor: housing, roundId, ip: null })).rejects.toBeInstanceOf(ForbiddenError);
		await closeFollowUpRound({ db: database.db, actor: coordinator, roundId, ip: null });
		const view = await getFollowUpRound({ db: database.db, actor: coordinator, roundId });
		expect(view.round.status).toBe('stangd');
		expect(view.focusAreas.flatMap((a) => a.measures).some((m) => m.editable)).toBe(false);
		const measureId = view.focusAreas[0].measures[0].id;
		await expect(
			answerFollowUp({ db: database.db, actor: coordinator, roundId, answers: [{ measureId, status: 'genomford', done: '', nextSteps: '' }], ip: null })
		).rejects.toMatchObject({ code: 'plans.round_closed' });
	});

	it('shows each organisation, in the app, the open rounds where it still has measures to answer', async () => {
		const round = await openFollowUpRound({
			db: database.db,
			config,
			actor: coordinator,
			planId,
			municipalitySlug: 'falun',
			input: { name: 'Halvår 2 2025', dueDate: '2099-12-31' },
			ip: null
		});
		const falun = database.refs!.municipalities.falun.id;
		const own = (await getFollowUpRound({ db: database.db, actor: housing, roundId: round.id })).focusAreas
			.flatMap((a) => a.measures)
			.filter((m) => m.editable);
		const pending = await pendingFollowUps({ db: database.db, actor: housing, municipalityId: falun });
		expect(pending.find((p) => p.roundId === round.id)).toMatchObject({ roundName: 'Halvår 2 2025', toAnswer: own.length, overdue: false });
		await answerFollowUp({
			db: database.db,
			actor: housing,
			roundId: round.id,
			answers: own.map((m) => ({ measureId: m.id, status: 'genomford', done: '', nextSteps: '' })),
			ip: null
		});
		expect((await pendingFollowUps({ db: database.db, actor: housing, municipalityId: falun })).some((p) => p.roundId === round.id)).toBe(false);
	});
});
