import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../platform/authz';
import { ForbiddenError } from '../../platform/errors';
import { readConfig } from '../../platform/config';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { listOutbox } from '../mail/mail.repository';
import { findMemberships, findUserByEmail } from '../users/public';
import { listRoundReminders, reminderKindOn, remindRound, sendDueReminders } from './follow-up-reminders';
import { answerFollowUp, getFollowUpRound, openFollowUpRound } from './follow-up.usecases';
import { FALUN_PLAN_FIXTURE } from './module';
import { parsePlanText } from './plan-import';
import { importPlan } from './plans.usecases';

describe('when a reminder is due', () => {
	it('is "fore" within the days before the due date, "efter" once it has passed, and nothing earlier', () => {
		expect(reminderKindOn('2025-06-30', '2025-06-01', 7)).toBeNull();
		expect(reminderKindOn('2025-06-30', '2025-06-23', 7)).toBe('fore');
		expect(reminderKindOn('2025-06-30', '2025-06-30', 7)).toBe('fore');
		expect(reminderKindOn('2025-06-30', '2025-07-01', 7)).toBe('efter');
	});
});

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

describe(`reminders for a follow-up round (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let roundId: string;
	let coordinator: Actor;
	let housing: Actor;
	const config = { ...readConfig({}), reminderDaysBefore: 7 };

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		const falun = database.refs!.municipalities.falun.id;
		const planId = await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falun,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		housing = await actorFor(database, 'kopparstaden@falun.demo');
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

	const reminders = async () => (await listOutbox(database.db)).filter((m) => m.subject.startsWith('Påminnelse') || m.subject.startsWith('Försenat'));

	it('sends nothing weeks before the due date, then once before and once after, only to those who have not answered', async () => {
		expect(await sendDueReminders({ db: database.db, config, today: '2025-06-01' })).toBe(0);
		// Kopparstaden answers all of its measures before the reminders go out.
		const own = (await getFollowUpRound({ db: database.db, actor: housing, roundId })).focusAreas.flatMap((a) => a.measures).filter((m) => m.editable);
		await answerFollowUp({
			db: database.db,
			actor: housing,
			roundId,
			answers: own.map((m) => ({ measureId: m.id, status: 'pagar_enligt_plan', done: '', nextSteps: '' })),
			ip: null
		});

		const before = await sendDueReminders({ db: database.db, config, today: '2025-06-25' });
		expect(before).toBeGreaterThan(0);
		expect(await sendDueReminders({ db: database.db, config, today: '2025-06-26' })).toBe(0);
		const sent = await reminders();
		expect(sent.some((m) => m.toAddress === 'kommunpolis@falun.demo' && m.subject.includes('senast 2025-06-30'))).toBe(true);
		expect(sent.some((m) => m.toAddress === 'kopparstaden@falun.demo')).toBe(false);

		expect(await sendDueReminders({ db: database.db, config, today: '2025-07-02' })).toBe(before);
		expect((await reminders()).filter((m) => m.subject.startsWith('Försenat'))).toHaveLength(sent.length);
		const log = await listRoundReminders({ db: database.db, actor: coordinator, roundId });
		expect(new Set(log.map((r) => r.kind))).toEqual(new Set(['fore', 'efter']));
	});

	it('lets the coordinator send now, but not a partner', async () => {
		await expect(remindRound({ db: database.db, config, actor: housing, roundId, municipalitySlug: 'falun', force: true })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		// Everything is already sent for today's kind: the button does not double up.
		expect(await remindRound({ db: database.db, config, actor: coordinator, roundId, municipalitySlug: 'falun', force: true, today: '2025-07-03' })).toBe(0);
	});
});
