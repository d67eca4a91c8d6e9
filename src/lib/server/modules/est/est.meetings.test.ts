import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../users/public';
import {
	addPriority,
	checkTask,
	createMeeting,
	decideTask,
	meetingDetail,
	meetingsOverview,
	myTasks,
	releasePlace,
	updateTaskProgress
} from './est.meetings.usecases';
import { createReport, myReports } from './est.usecases';
import estModule from './module';

const config = { smtpUrl: null, mailFrom: 'test@forebygg.local', origin: 'https://forebygg.test' };

describe(`EST meetings and tasks (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: { id: string; slug: string };
	let orgs: Record<string, string>;
	let coordinator: Actor;
	let caretaker: Actor;
	let police: Actor;
	let reader: Actor;
	const actorFor = async (email: string): Promise<Actor> => {
		const user = (await findUserByEmail(database.db, email))!;
		return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	};
	const outbox = async () =>
		queryRows<{ to_address: string; subject: string; body: string }>(
			database.db,
			sql`select to_address, subject, body from mail_outbox order by created_at, id`
		);
	const audit = async () =>
		(await queryRows<{ action: string }>(database.db, sql`select action from audit_log where action like 'est.%' order by id`)).map((r) => r.action);

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, slug: 'falun' };
		orgs = database.refs!.municipalities.falun.organisations;
		coordinator = await actorFor('samordnare@falun.demo');
		caretaker = await actorFor('kopparstaden@falun.demo');
		police = await actorFor('kommunpolis@falun.demo');
		reader = await actorFor('politiker@falun.demo');
	});
	afterAll(() => database.close());

	it('run a cycle: report, meeting, insats for an organisation, owner marks done, the next meeting checks; the reporter follows it', async () => {
		const report = {
			category: 'Belysning ur funktion',
			place: 'Gruvparken, gångvägen',
			occurredOn: '2025-03-03',
			timeOfDay: 'kvall',
			effect: '3',
			notifyReporter: 'on'
		};
		await createReport({ db: database.db, actor: caretaker, municipalityId: falun.id, input: report, ip: null, today: '2025-03-04' });
		await createReport({
			db: database.db,
			actor: caretaker,
			municipalityId: falun.id,
			input: { ...report, place: 'Stationen', notifyReporter: '' },
			ip: null,
			today: '2025-03-04'
		});

		const first = await createMeeting({
			db: database.db,
			config,
			actor: coordinator,
			municipality: falun,
			input: { heldOn: '2025-03-05', participantIds: [orgs.kopparstaden, orgs.polis], notes: 'Genomgång av cykelns rapporter.' },
			ip: null
		});
		expect((await myReports({ db: database.db, actor: caretaker, municipalityId: falun.id })).map((r) => r.status)).toEqual(['behandlad', 'behandlad']);
		await addPriority({
			db: database.db,
			actor: coordinator,
			meetingId: first.id,
			input: { place: 'Gruvparken, gångvägen', reason: 'Mörkt, upprepade rapporter' },
			ip: null
		});
		const task = await decideTask({
			db: database.db,
			config,
			actor: coordinator,
			meetingId: first.id,
			municipalitySlug: 'falun',
			input: { what: 'Byta trasig belysning längs gångvägen', place: 'gruvparken gångvägen', organisationId: orgs.kopparstaden, dueOn: '2025-03-14' },
			ip: null
		});
		const statuses = async () =>
			Object.fromEntries((await myReports({ db: database.db, actor: caretaker, municipalityId: falun.id })).map((r) => [r.place, r.status]));
		expect(await statuses()).toEqual({ 'Gruvparken, gångvägen': 'atgard_beslutad', Stationen: 'behandlad' });

		const todo = await estModule.todo!({ db: database.db, actor: caretaker, municipality: falun, config: config as never });
		expect(todo.map((item) => item.values)).toEqual([{ what: 'Byta trasig belysning längs gångvägen', place: 'gruvparken gångvägen', due: '2025-03-14' }]);
		expect(await estModule.todo!({ db: database.db, actor: police, municipality: falun, config: config as never })).toEqual([]);

		await expect(
			updateTaskProgress({ db: database.db, config, actor: police, taskId: task.id, municipalitySlug: 'falun', input: { status: 'klar' }, ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		await updateTaskProgress({
			db: database.db,
			config,
			actor: caretaker,
			taskId: task.id,
			municipalitySlug: 'falun',
			input: { status: 'klar', comment: 'Fyra armaturer bytta.' },
			ip: null
		});
		expect(await statuses()).toEqual({ 'Gruvparken, gångvägen': 'atgardad', Stationen: 'behandlad' });

		const second = await createMeeting({ db: database.db, config, actor: coordinator, municipality: falun, input: { heldOn: '2025-03-19' }, ip: null });
		const detail = await meetingDetail({ db: database.db, actor: reader, meetingId: second.id, today: '2025-03-19' });
		// The owner's "klar" is confirmed by the next meeting; after that no meeting lists it again.
		expect(detail.toCheck.map((t) => [t.what, t.status, t.check])).toEqual([['Byta trasig belysning längs gångvägen', 'klar', null]]);
		await checkTask({
			db: database.db,
			config,
			actor: coordinator,
			meetingId: second.id,
			taskId: task.id,
			municipalitySlug: 'falun',
			input: { status: 'klar', comment: 'Sett på plats.' },
			ip: null
		});
		expect((await meetingDetail({ db: database.db, actor: reader, meetingId: second.id })).toCheck.map((t) => t.check?.comment)).toEqual(['Sett på plats.']);
		expect(detail.priorities.map((p) => p.place)).toEqual(['Gruvparken, gångvägen']);
		await releasePlace({ db: database.db, actor: coordinator, meetingId: second.id, priorityId: detail.priorities[0].id, ip: null });
		expect((await meetingsOverview({ db: database.db, actor: reader, municipalityId: falun.id })).priorities).toEqual([]);

		const mails = await outbox();
		// The task's mail and the reporter's "åtgärd beslutad" are queued by the same decision: their order is not defined.
		expect(mails.map((m) => [m.to_address, m.subject]).sort()).toEqual(
			[
				['kopparstaden@falun.demo', 'Din EST-rapport: behandlad på EST-gruppens möte'],
				['kopparstaden@falun.demo', 'Ny EST-uppgift för Kopparstaden: gruvparken gångvägen'],
				['kopparstaden@falun.demo', 'Din EST-rapport: en åtgärd är beslutad'],
				['kopparstaden@falun.demo', 'Din EST-rapport: åtgärdad']
			].sort()
		);
		expect(mails.find((m) => m.subject.startsWith('Ny EST-uppgift'))?.body).toContain('https://forebygg.test/app/falun/est/uppgifter');
		expect(await audit()).toEqual([
			'est.report.created',
			'est.report.created',
			'est.meeting.created',
			'est.priority.added',
			'est.task.decided',
			'est.task.updated',
			'est.meeting.created',
			'est.task.checked',
			'est.priority.released'
		]);
	});

	it('check open tasks at the next meeting and list the overdue ones', async () => {
		const meeting = await createMeeting({ db: database.db, config, actor: coordinator, municipality: falun, input: { heldOn: '2025-04-02' }, ip: null });
		const late = await decideTask({
			db: database.db,
			config,
			actor: coordinator,
			meetingId: meeting.id,
			municipalitySlug: 'falun',
			input: { what: 'Extra kvällspatrullering', place: 'Stationen', organisationId: orgs.polis, dueOn: '2025-04-10' },
			ip: null
		});
		const next = await createMeeting({ db: database.db, config, actor: coordinator, municipality: falun, input: { heldOn: '2025-04-16' }, ip: null });
		const before = await meetingDetail({ db: database.db, actor: coordinator, meetingId: next.id, today: '2025-04-16' });
		expect(before.toCheck.map((t) => [t.what, t.overdue])).toEqual([['Extra kvällspatrullering', true]]);
		expect((await meetingsOverview({ db: database.db, actor: reader, municipalityId: falun.id, today: '2025-04-16' })).openTasks.map((t) => t.overdue)).toEqual(
			[true]
		);
		await checkTask({
			db: database.db,
			config,
			actor: coordinator,
			meetingId: next.id,
			taskId: late.id,
			municipalitySlug: 'falun',
			input: { status: 'inte_klar', comment: 'Resurser saknades' },
			ip: null
		});
		const after = await meetingDetail({ db: database.db, actor: coordinator, meetingId: next.id, today: '2025-04-16' });
		expect(after.toCheck.map((t) => [t.status, t.check?.status, t.check?.comment])).toEqual([['inte_klar', 'inte_klar', 'Resurser saknades']]);
		expect((await myTasks({ db: database.db, actor: police, municipalityId: falun.id, openOnly: true, today: '2025-04-16' })).map((t) => t.status)).toEqual([
			'inte_klar'
		]);
	});

	it('refuse readers, a task before the meeting, organisations of other municipalities and personal identity numbers', async () => {
		await expect(
			createMeeting({ db: database.db, config, actor: reader, municipality: falun, input: { heldOn: '2025-05-01' }, ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		const meeting = await createMeeting({ db: database.db, config, actor: coordinator, municipality: falun, input: { heldOn: '2025-05-01' }, ip: null });
		const codes = async (input: Record<string, string>) => {
			const error = await decideTask({ db: database.db, config, actor: coordinator, meetingId: meeting.id, municipalitySlug: 'falun', input, ip: null }).catch(
				(e: unknown) => e
			);
			expect(error).toBeInstanceOf(ValidationError);
			return Object.fromEntries(Object.entries((error as ValidationError).fieldCodes).map(([k, v]) => [k, v.code]));
		};
		const sunneOrg = Object.values(database.refs!.municipalities.sunne.organisations)[0];
		expect(await codes({ what: 'X', place: 'Y', organisationId: orgs.polis, dueOn: '2025-04-01' })).toEqual({ dueOn: 'est.due_on_before_meeting' });
		expect(await codes({ what: 'X', place: 'Y', organisationId: sunneOrg, dueOn: '2025-06-01' })).toEqual({ organisationId: 'est.task_organisation_invalid' });
		expect(await codes({ what: 'Prata med 811218-9876', place: 'Y', organisationId: orgs.polis, dueOn: '2025-06-01' })).toEqual({
			what: 'est.personal_identity_number'
		});
	});
});
