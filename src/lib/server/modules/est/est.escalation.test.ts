import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { systemActor, type Actor } from '../../platform/authz';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { FALUN_PLAN_FIXTURE, getPlan, importPlan, parsePlanText } from '../plans/public';
import { findMemberships, findUserByEmail } from '../users/public';
import {
	cyclesRunning,
	escalateFromMeeting,
	escalationDetail,
	escalationsOverview,
	escalationToMeasure,
	recordEscalationOutcome,
	runEscalationRoutine,
	setEscalationSettings
} from './est.escalation.usecases';
import { addPriority, createMeeting, releasePlace } from './est.meetings.usecases';
import { setCycleSettings } from './est.usecases';

const config = { smtpUrl: null, mailFrom: 'test@forebygg.local', origin: 'https://forebygg.test' };

describe(`EST escalation (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: { id: string; slug: string };
	let coordinator: Actor;
	let reader: Actor;
	const actorFor = async (email: string): Promise<Actor> => {
		const user = (await findUserByEmail(database.db, email))!;
		return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	};
	const outbox = async () =>
		queryRows<{ to_address: string; subject: string; body: string }>(
			database.db,
			sql`select to_address, subject, body from mail_outbox where subject like 'EST-eskalering%' order by created_at, id`
		);
	const meeting = (heldOn: string) =>
		createMeeting({ db: database.db, config, actor: coordinator, municipality: falun, input: { heldOn, participantIds: [] }, ip: null });

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, slug: 'falun' };
		coordinator = await actorFor('samordnare@falun.demo');
		reader = await actorFor('politiker@falun.demo');
		// 14-day cycles from Monday 6 January 2025: cycle 1 is 6–19 January, cycle 2 20 January – 2 February …
		await setCycleSettings({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			input: { cadence: '14dagar', firstCycleStart: '2025-01-06' },
			ip: null
		});
	}, 60_000);
	afterAll(() => database.close());

	it('counts the cycles a place has been prioritised, the first and the current both counted', () => {
		expect(cyclesRunning('14dagar', '2025-01-06', '2025-01-15', '2025-01-19')).toBe(1);
		expect(cyclesRunning('14dagar', '2025-01-06', '2025-01-15', '2025-01-20')).toBe(2);
		expect(cyclesRunning('14dagar', '2025-01-06', '2025-01-15', '2025-02-03')).toBe(3);
		expect(cyclesRunning('vecka', '2025-01-06', '2025-01-06', '2025-01-26')).toBe(3);
	});

	it('the routine raises a place prioritised N cycles running once, to the routine’s recipients by queued e-mail, and never a released one', async () => {
		await setEscalationSettings({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			input: { repeatCycles: '3', recipientGroup: 'kommunledning', recipientEmails: 'KS@falun.example\nbra@falun.example; ks@falun.example' },
			ip: null
		});
		const first = await meeting('2025-01-15');
		await addPriority({
			db: database.db,
			actor: coordinator,
			meetingId: first.id,
			input: { place: 'Gruvparken, gångvägen', reason: 'Mörkt, folk undviker den.' },
			ip: null
		});
		await addPriority({ db: database.db, actor: coordinator, meetingId: first.id, input: { place: 'Stationen' }, ip: null });
		const second = await meeting('2025-01-29');
		const stationen = (await escalationsOverview({ db: database.db, actor: coordinator, municipalityId: falun.id })).escalations;
		expect(stationen).toEqual([]);
		const released = (await queryRows<{ id: string }>(database.db, sql`select id from est_priorities where place = 'Stationen'`))[0];
		await releasePlace({ db: database.db, actor: coordinator, meetingId: second.id, priorityId: released.id, ip: null });

		const job = systemActor('scheduled-job');
		// Cycle 2: two cycles running, not yet.
		expect(await runEscalationRoutine({ db: database.db, config, actor: job, municipality: falun, today: '2025-02-02' })).toEqual([]);
		// Cycle 3: three cycles running.
		const raised = await runEscalationRoutine({ db: database.db, config, actor: job, municipality: falun, today: '2025-02-03' });
		expect(raised).toHaveLength(1);
		expect(await runEscalationRoutine({ db: database.db, config, actor: job, municipality: falun, today: '2025-03-03' })).toEqual([]);

		const detail = await escalationDetail({ db: database.db, actor: reader, escalationId: raised[0], canEdit: false });
		expect(detail.escalation).toMatchObject({
			place: 'Gruvparken, gångvägen',
			reason: 'upprepad_prioritering',
			cycles: 3,
			recipientGroup: 'kommunledning',
			recipients: ['ks@falun.example', 'bra@falun.example'],
			status: 'oppen',
			description: 'Mörkt, folk undviker den.'
		});
		expect(detail.escalation.notifiedAt).not.toBeNull();
		const mails = await outbox();
		expect(mails.map((m) => m.to_address)).toEqual(['ks@falun.example', 'bra@falun.example']);
		expect(mails[0].subject).toBe('EST-eskalering till kommunledningen: Gruvparken, gångvägen');
		expect(mails[0].body).toContain('3 cykler i rad');
		expect(mails[0].body).toContain(`https://forebygg.test/app/falun/est/eskalering/${raised[0]}`);
		const audit = await queryRows<{ action: string; user_email: string | null }>(
			database.db,
			sql`select action, user_email from audit_log where entity_id = ${raised[0]} order by id`
		);
		expect(audit).toEqual([{ action: 'est.escalation.raised', user_email: 'system:scheduled-job' }]);
	});

	it('a meeting marks a decision for escalation; a personal identity number is refused; readers may not escalate', async () => {
		const m = await meeting('2025-02-12');
		const input = { place: 'Skolgården, Hälsinggården', description: 'Återkommande bränder i papperskorgar; skolan och fastighetsägaren behöver kameror.' };
		await expect(
			escalateFromMeeting({ db: database.db, config, actor: reader, meetingId: m.id, municipalitySlug: 'falun', input, ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		const refused = await escalateFromMeeting({
			db: database.db,
			config,
			actor: coordinator,
			meetingId: m.id,
			municipalitySlug: 'falun',
			input: { ...input, description: 'Gäller 19811218-9876 som bor där.' },
			ip: null
		}).catch((e) => e);
		expect(refused).toBeInstanceOf(ValidationError);
		expect((refused as ValidationError).fieldCodes.description.code).toBe('est.personal_identity_number');
		const blank = await escalateFromMeeting({
			db: database.db,
			config,
			actor: coordinator,
			meetingId: m.id,
			municipalitySlug: 'falun',
			input: { place: '', description: '' },
			ip: null
		}).catch((e) => e);
		expect(Object.keys((blank as ValidationError).fieldCodes).sort()).toEqual(['description', 'place']);

		const { id } = await escalateFromMeeting({ db: database.db, config, actor: coordinator, meetingId: m.id, municipalitySlug: 'falun', input, ip: null });
		const detail = await escalationDetail({ db: database.db, actor: coordinator, escalationId: id, canEdit: true });
		expect(detail.escalation).toMatchObject({ reason: 'motesbeslut', meetingId: m.id, cycles: null, place: input.place });
		expect((await outbox()).filter((mail) => mail.subject.endsWith('Skolgården, Hälsinggården'))).toHaveLength(2);
		// No plan yet: nothing to choose.
		expect(detail.targets).toEqual([]);
	});

	it('records the outcome, and the matter becomes a measure in the action plan, linked both ways (once)', async () => {
		const planId = await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falun.id,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		const [escalation] = (await escalationsOverview({ db: database.db, actor: coordinator, municipalityId: falun.id })).escalations.filter(
			(e) => e.reason === 'upprepad_prioritering'
		);
		await expect(
			recordEscalationOutcome({ db: database.db, actor: reader, escalationId: escalation.id, input: { outcome: 'x', outcomeOn: '2025-03-01' }, ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		const badDate = await recordEscalationOutcome({
			db: database.db,
			actor: coordinator,
			escalationId: escalation.id,
			input: { outcome: '', outcomeOn: '1 mars' },
			ip: null
		}).catch((e) => e);
		expect(Object.keys((badDate as ValidationError).fieldCodes).sort()).toEqual(['outcome', 'outcomeOn']);
		await recordEscalationOutcome({
			db: database.db,
			actor: coordinator,
			escalationId: escalation.id,
			input: { outcome: 'Kommunstyrelsen avsätter medel för ny belysning i Gruvparken.', outcomeOn: '2025-03-01' },
			ip: null
		});

		const detail = await escalationDetail({ db: database.db, actor: coordinator, escalationId: escalation.id, canEdit: true });
		expect(detail.escalation).toMatchObject({ status: 'avgjord', outcomeOn: '2025-03-01' });
		expect(detail.targets.length).toBeGreaterThan(0);
		const target = detail.targets[0].value;
		const wrong = await escalationToMeasure({
			db: database.db,
			config,
			actor: coordinator,
			escalationId: escalation.id,
			municipalitySlug: 'falun',
			input: { target: 'nonsense', title: '' },
			ip: null
		}).catch((e) => e);
		expect(Object.keys((wrong as ValidationError).fieldCodes).sort()).toEqual(['target', 'title']);
		const created = await escalationToMeasure({
			db: database.db,
			config,
			actor: coordinator,
			escalationId: escalation.id,
			municipalitySlug: 'falun',
			input: { target, title: 'Belysning och röjning i Gruvparken' },
			ip: null
		});
		expect(created.planId).toBe(planId);

		const plan = await getPlan({ db: database.db, actor: coordinator, planId });
		const measure = plan.focusAreas.flatMap((a) => a.measures).find((m) => m.id === created.measureId)!;
		expect(measure.title).toBe('Belysning och röjning i Gruvparken');
		expect(measure.scope).toBe('Gruvparken, gångvägen');
		expect(measure.description).toContain('Från EST-eskalering');
		expect(measure.description).toContain(`https://forebygg.test/app/falun/est/eskalering/${escalation.id}`);
		const after = await escalationDetail({ db: database.db, actor: reader, escalationId: escalation.id, canEdit: false });
		expect(after.measure).toEqual({ planId, planTitle: plan.title, measureId: created.measureId, title: 'Belysning och röjning i Gruvparken' });
		const again = await escalationToMeasure({
			db: database.db,
			config,
			actor: coordinator,
			escalationId: escalation.id,
			municipalitySlug: 'falun',
			input: { target, title: 'Igen' },
			ip: null
		}).catch((e) => e);
		expect((again as ValidationError).fieldCodes.target.code).toBe('est.escalation_has_measure');
		const actions = await queryRows<{ action: string }>(
			database.db,
			sql`select action from audit_log where action in ('plans.measure.added', 'est.escalation.measure_created', 'est.escalation.outcome_recorded') order by id`
		);
		expect(actions.map((a) => a.action)).toEqual(['est.escalation.outcome_recorded', 'plans.measure.added', 'est.escalation.measure_created']);
	});

	it('refuses a routine outside the allowed range or with a bad address', async () => {
		const bad = await setEscalationSettings({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			input: { repeatCycles: '1', recipientGroup: 'polisen', recipientEmails: 'inte en adress' },
			ip: null
		}).catch((e) => e);
		expect(Object.keys((bad as ValidationError).fieldCodes).sort()).toEqual(['recipientEmails', 'recipientGroup', 'repeatCycles']);
		await expect(
			setEscalationSettings({
				db: database.db,
				actor: reader,
				municipalityId: falun.id,
				input: { repeatCycles: '3', recipientGroup: 'bra', recipientEmails: '' },
				ip: null
			})
		).rejects.toBeInstanceOf(ForbiddenError);
	});
});
