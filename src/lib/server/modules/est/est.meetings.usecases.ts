import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client';
import { requireAccess } from '../../platform/access';
import type { Actor, Principal } from '../../platform/authz';
import type { Config } from '../../platform/config';
import { NotFoundError, codedValidationError } from '../../platform/errors';
import { containsPersonalIdentityNumber } from '../../platform/personal-identity';
import { recordAudit } from '../audit/public';
import { sendMail } from '../mail/public';
import { listOrganisationsOfMunicipality } from '../organisations/public';
import { placeKey } from './est.models';
import {
	findMeeting,
	findPriority,
	findTask,
	insertMeeting,
	insertPriority,
	insertTask,
	insertTaskCheck,
	listActivePriorities,
	listChecksOfMeeting,
	listTasksCheckedDone,
	listMeetings,
	listReportsForFeedback,
	listStaffEmails,
	listTasks,
	releasePriority,
	setReportStatus,
	updateTask
} from './est.repository';

import { EST_CHECK_STATUSES as CHECK_STATUSES } from '$lib/modules/est/constants';
const todayIso = () => new Date().toISOString().slice(0, 10);
type MailConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'origin'>;

/** Fields with a code each; a personal identity number in any text is refused with EST's reason. */
function parse<T>(schema: z.ZodType<T>, raw: unknown, codes: Record<string, string>, texts: (input: T) => Record<string, string>): T {
	const parsed = schema.safeParse(raw);
	if (!parsed.success) {
		const fields: Record<string, { code: string }> = {};
		for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= { code: codes[String(issue.path[0])] ?? 'est.report_invalid' };
		throw codedValidationError(fields);
	}
	const withNumber = Object.entries(texts(parsed.data)).filter(([, text]) => containsPersonalIdentityNumber(text));
	if (withNumber.length) throw codedValidationError(Object.fromEntries(withNumber.map(([field]) => [field, { code: 'est.personal_identity_number' }])));
	return parsed.data;
}

/**
 * Moves reports on for their reporters (mottagen → behandlad → åtgärd beslutad → åtgärdad) and
 * returns the e-mails to send to those who asked. `match` picks the reports (by place).
 */
async function advanceReports(
	tx: DbOrTx,
	municipalityId: string,
	from: string[],
	to: string,
	/** The day the step happened (a meeting's day): reports more than 400 days before it are left as they are. */
	anchor: string,
	match: (report: { place: string; latitude: number | null; longitude: number | null; areaId: string | null; occurredOn: string }) => boolean
) {
	const since = new Date(new Date(`${anchor}T00:00:00Z`).getTime() - 400 * 86_400_000).toISOString().slice(0, 10);
	const candidates = (await listReportsForFeedback(tx, municipalityId, from, since)).filter(match);
	await setReportStatus(
		tx,
		candidates.map((r) => r.id),
		to
	);
	return candidates
		.filter((r) => r.notifyReporter && r.reporterEmail)
		.map((r) => ({ to: r.reporterEmail!, category: r.category, place: r.place, occurredOn: r.occurredOn, status: to }));
}

const STATUS_WORDS: Record<string, string> = {
	behandlad: 'behandlad på EST-gruppens möte',
	atgard_beslutad: 'en åtgärd är beslutad',
	atgardad: 'åtgärdad'
};

async function mailReporters(db: Db, config: MailConfig, slug: string, notices: Awaited<ReturnType<typeof advanceReports>>) {
	for (const notice of notices) {
		await sendMail(db, config, {
			to: notice.to,
			subject: `Din EST-rapport: ${STATUS_WORDS[notice.status] ?? notice.status}`,
			body: `Hej!\n\nDin rapport (${notice.category}, ${notice.place || 'plats på kartan'}, ${notice.occurredOn}) är nu: ${STATUS_WORDS[notice.status] ?? notice.status}.\n\nDina rapporter: ${config.origin}/app/${slug}/est/rapportera\n\nDu får det här brevet för att du bad om det när du rapporterade.`
		});
	}
}

const meetingSchema = z.object({
	heldOn: z.iso.date(),
	participantIds: z.array(z.uuid()).default([]),
	notes: z.string().trim().max(5000).default('')
});

/**
 * The coordinator records a meeting. Every report received up to the meeting's day is then
 * "behandlad på möte" for its reporter.
 */
export async function createMeeting(options: {
	db: Db;
	config: MailConfig;
	actor: Actor;
	municipality: { id: string; slug: string };
	input: unknown;
	ip: string | null;
}): Promise<{ id: string }> {
	const municipalityId = options.municipality.id;
	requireAccess(options.actor, 'est.meeting.edit', { municipalityId });
	const input = parse(
		meetingSchema,
		options.input,
		{ heldOn: 'est.held_on_invalid', participantIds: 'est.participant_unknown', notes: 'est.notes_too_long' },
		(i) => ({
			notes: i.notes
		})
	);
	const known = new Set((await listOrganisationsOfMunicipality(options.db, municipalityId)).map((o) => o.id));
	if (input.participantIds.some((id) => !known.has(id))) throw codedValidationError({ participantIds: { code: 'est.participant_unknown' } });
	const { meeting, notices } = await options.db.transaction(async (tx) => {
		const meeting = await insertMeeting(tx, {
			municipalityId,
			heldOn: input.heldOn,
			participantIds: input.participantIds,
			notes: input.notes,
			createdBy: options.actor.userId
		});
		const notices = await advanceReports(tx, municipalityId, ['mottagen'], 'behandlad', input.heldOn, (r) => r.occurredOn <= input.heldOn);
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.meeting.created',
				entityType: 'est_meeting',
				entityId: meeting.id,
				municipalityId,
				changes: {
					heldOn: { before: null, after: input.heldOn },
					participants: { before: null, after: input.participantIds.length },
					reportsHandled: { before: null, after: notices.length }
				}
			}
		);
		return { meeting, notices };
	});
	await mailReporters(options.db, options.config, options.municipality.slug, notices);
	return meeting;
}

async function meetingOf(db: DbOrTx, actor: Principal, meetingId: string, permission: 'est.meeting.edit' | 'est.read') {
	const meeting = await findMeeting(db, meetingId);
	if (!meeting) throw new NotFoundError('est.meeting_not_found');
	requireAccess(actor, permission, { municipalityId: meeting.municipalityId });
	return meeting;
}

const prioritySchema = z.object({ place: z.string().trim().min(1).max(200), reason: z.string().trim().max(1000).default('') });

/** The meeting prioritises a place; it stays prioritised until a later meeting releases it. */
export async function addPriority(options: { db: Db; actor: Actor; meetingId: string; input: unknown; ip: string | null }) {
	const meeting = await meetingOf(options.db, options.actor, options.meetingId, 'est.meeting.edit');
	const input = parse(prioritySchema, options.input, { place: 'est.priority_place_invalid', reason: 'est.notes_too_long' }, (i) => ({
		place: i.place,
		reason: i.reason
	}));
	await options.db.transaction(async (tx) => {
		const priority = await insertPriority(tx, { municipalityId: meeting.municipalityId, meetingId: meeting.id, place: input.place, reason: input.reason });
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.priority.added',
				entityType: 'est_priority',
				entityId: priority.id,
				municipalityId: meeting.municipalityId,
				changes: { place: { before: null, after: input.place }, reason: { before: null, after: input.reason } }
			}
		);
	});
}

/** A meeting releases a prioritised place. */
export async function releasePlace(options: { db: Db; actor: Actor; meetingId: string; priorityId: string; ip: string | null }) {
	const meeting = await meetingOf(options.db, options.actor, options.meetingId, 'est.meeting.edit');
	const priority = await findPriority(options.db, options.priorityId);
	if (!priority || priority.municipalityId !== meeting.municipalityId || priority.releasedMeetingId) throw new NotFoundError('est.priority_not_found');
	await options.db.transaction(async (tx) => {
		await releasePriority(tx, priority.id, meeting.id);
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.priority.released',
				entityType: 'est_priority',
				entityId: priority.id,
				municipalityId: meeting.municipalityId,
				changes: { released: { before: false, after: true }, place: { before: priority.place, after: priority.place } }
			}
		);
	});
}

const taskSchema = z.object({
	what: z.string().trim().min(1).max(1000),
	place: z.string().trim().min(1).max(200),
	organisationId: z.uuid(),
	dueOn: z.iso.date()
});

/**
 * The meeting decides an insats: it becomes a task for the organisation, whose staff get an
 * e-mail (after the decision is stored), and reports from the same place become "åtgärd beslutad".
 */
export async function decideTask(options: {
	db: Db;
	config: MailConfig;
	actor: Actor;
	meetingId: string;
	municipalitySlug: string;
	input: unknown;
	ip: string | null;
}) {
	const meeting = await meetingOf(options.db, options.actor, options.meetingId, 'est.meeting.edit');
	const input = parse(
		taskSchema,
		options.input,
		{ what: 'est.task_what_invalid', place: 'est.priority_place_invalid', organisationId: 'est.task_organisation_invalid', dueOn: 'est.due_on_invalid' },
		(i) => ({ what: i.what, place: i.place })
	);
	const organisation = (await listOrganisationsOfMunicipality(options.db, meeting.municipalityId)).find((o) => o.id === input.organisationId);
	if (!organisation) throw codedValidationError({ organisationId: { code: 'est.task_organisation_invalid' } });
	if (input.dueOn < meeting.heldOn) throw codedValidationError({ dueOn: { code: 'est.due_on_before_meeting' } });
	const key = placeKey({ place: input.place, latitude: null, longitude: null, areaId: null });
	const { task, notices } = await options.db.transaction(async (tx) => {
		const task = await insertTask(tx, { municipalityId: meeting.municipalityId, meetingId: meeting.id, ...input });
		const notices = await advanceReports(tx, meeting.municipalityId, ['mottagen', 'behandlad'], 'atgard_beslutad', meeting.heldOn, (r) => placeKey(r) === key);
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.task.decided',
				entityType: 'est_task',
				entityId: task.id,
				municipalityId: meeting.municipalityId,
				organisationId: input.organisationId,
				changes: {
					what: { before: null, after: input.what },
					place: { before: null, after: input.place },
					organisation: { before: null, after: organisation.name },
					dueOn: { before: null, after: input.dueOn }
				}
			}
		);
		return { task, notices };
	});
	for (const to of await listStaffEmails(options.db, meeting.municipalityId, input.organisationId)) {
		await sendMail(options.db, options.config, {
			to,
			subject: `Ny EST-uppgift för ${organisation.name}: ${input.place}`,
			body: `Hej!\n\nEST-gruppen beslutade ${meeting.heldOn} en insats för ${organisation.name}:\n\n${input.what}\nPlats: ${input.place}\nKlart senast: ${input.dueOn}\n\nRapportera hur det går: ${options.config.origin}/app/${options.municipalitySlug}/est/uppgifter\n\nUppgiften följs upp på nästa möte.`
		});
	}
	await mailReporters(options.db, options.config, options.municipalitySlug, notices);
	return task;
}

const progressSchema = z.object({ status: z.enum(CHECK_STATUSES), comment: z.string().trim().max(2000).default('') });

/** Finishes the reports of a task's place when the task is done. */
async function finishReportsOf(tx: DbOrTx, task: { municipalityId: string; place: string; dueOn: string }) {
	const key = placeKey({ place: task.place, latitude: null, longitude: null, areaId: null });
	return advanceReports(tx, task.municipalityId, ['mottagen', 'behandlad', 'atgard_beslutad'], 'atgardad', task.dueOn, (r) => placeKey(r) === key);
}

/** The organisation's staff (or the coordinator) report how a task is going: done, ongoing or not done, with a comment. */
export async function updateTaskProgress(options: {
	db: Db;
	config: MailConfig;
	actor: Actor;
	taskId: string;
	municipalitySlug: string;
	input: unknown;
	ip: string | null;
}) {
	const task = await findTask(options.db, options.taskId);
	if (!task) throw new NotFoundError('est.task_not_found');
	requireAccess(options.actor, 'est.task.update', { municipalityId: task.municipalityId, organisationId: task.organisationId });
	const input = parse(progressSchema, options.input, { status: 'est.task_status_invalid', comment: 'est.notes_too_long' }, (i) => ({ comment: i.comment }));
	const notices = await options.db.transaction(async (tx) => {
		await updateTask(tx, task.id, input);
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.task.updated',
				entityType: 'est_task',
				entityId: task.id,
				municipalityId: task.municipalityId,
				organisationId: task.organisationId,
				changes: { status: { before: task.status, after: input.status }, comment: { before: task.comment, after: input.comment } }
			}
		);
		return input.status === 'klar' ? finishReportsOf(tx, task) : [];
	});
	await mailReporters(options.db, options.config, options.municipalitySlug, notices);
}

/** The next meeting checks an open task: done, ongoing, not done, with a comment (the task takes that status). */
export async function checkTask(options: {
	db: Db;
	config: MailConfig;
	actor: Actor;
	meetingId: string;
	taskId: string;
	municipalitySlug: string;
	input: unknown;
	ip: string | null;
}) {
	const meeting = await meetingOf(options.db, options.actor, options.meetingId, 'est.meeting.edit');
	const task = await findTask(options.db, options.taskId);
	if (!task || task.municipalityId !== meeting.municipalityId || task.meetingId === meeting.id) throw new NotFoundError('est.task_not_found');
	const input = parse(progressSchema, options.input, { status: 'est.task_status_invalid', comment: 'est.notes_too_long' }, (i) => ({ comment: i.comment }));
	const notices = await options.db.transaction(async (tx) => {
		await insertTaskCheck(tx, { taskId: task.id, meetingId: meeting.id, status: input.status, comment: input.comment });
		await updateTask(tx, task.id, input);
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.task.checked',
				entityType: 'est_task',
				entityId: task.id,
				municipalityId: meeting.municipalityId,
				organisationId: task.organisationId,
				changes: {
					status: { before: task.status, after: input.status },
					comment: { before: task.comment, after: input.comment },
					meetingId: { before: null, after: meeting.id }
				}
			}
		);
		return input.status === 'klar' ? finishReportsOf(tx, task) : [];
	});
	await mailReporters(options.db, options.config, options.municipalitySlug, notices);
}

/** The meetings page: meetings, places prioritised now, and every task not done (overdue marked). */
export async function meetingsOverview(options: { db: Db; actor: Actor; municipalityId: string; today?: string }) {
	requireAccess(options.actor, 'est.read', { municipalityId: options.municipalityId });
	const today = options.today ?? todayIso();
	const [meetings, priorities, tasks, organisations] = await Promise.all([
		listMeetings(options.db, options.municipalityId),
		listActivePriorities(options.db, options.municipalityId),
		listTasks(options.db, options.municipalityId, { openOnly: true }),
		listOrganisationsOfMunicipality(options.db, options.municipalityId)
	]);
	return {
		meetings: meetings.map((m) => ({ id: m.id, heldOn: m.heldOn, participants: m.participantIds.length })),
		priorities,
		openTasks: tasks.map((t) => ({ ...t, overdue: t.dueOn < today })),
		organisations: organisations.map((o) => ({ id: o.id, name: o.name }))
	};
}

/** One meeting: its participants, what it prioritised and decided, and the open tasks from earlier meetings it is to check. */
export async function meetingDetail(options: { db: Db; actor: Actor; meetingId: string; today?: string }) {
	const meeting = await meetingOf(options.db, options.actor, options.meetingId, 'est.read');
	const today = options.today ?? todayIso();
	const [organisations, priorities, tasks, checks, confirmedDone] = await Promise.all([
		listOrganisationsOfMunicipality(options.db, meeting.municipalityId),
		listActivePriorities(options.db, meeting.municipalityId),
		listTasks(options.db, meeting.municipalityId),
		listChecksOfMeeting(options.db, meeting.id),
		listTasksCheckedDone(options.db, meeting.municipalityId)
	]);
	const doneElsewhere = new Set(confirmedDone.filter((c) => c.meetingId !== meeting.id).map((c) => c.taskId));
	const names = new Map(organisations.map((o) => [o.id, o.name]));
	const checkOf = new Map(checks.map((c) => [c.taskId, c]));
	return {
		meeting: { id: meeting.id, heldOn: meeting.heldOn, notes: meeting.notes, participants: meeting.participantIds.map((id) => names.get(id) ?? id) },
		organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
		priorities,
		decided: tasks.filter((t) => t.meetingId === meeting.id),
		// Tasks from earlier meetings that no meeting has confirmed done yet (an owner's "klar" is confirmed here too).
		toCheck: tasks
			.filter((t) => t.meetingId !== meeting.id && t.decidedOn <= meeting.heldOn && !doneElsewhere.has(t.id))
			.map((t) => ({ ...t, overdue: t.dueOn < today && t.status !== 'klar', check: checkOf.get(t.id) ?? null }))
	};
}

/** The tasks of the actor's organisations in the municipality, for "Att göra" and the tasks page. */
export async function myTasks(options: { db: Db; actor: Actor; municipalityId: string; openOnly?: boolean; today?: string }) {
	requireAccess(options.actor, 'est.read', { municipalityId: options.municipalityId });
	const organisationIds = options.actor.memberships
		.filter((m) => m.municipalityId === options.municipalityId && m.organisationId && m.role !== 'lasare')
		.map((m) => m.organisationId!);
	const today = options.today ?? todayIso();
	const tasks = await listTasks(options.db, options.municipalityId, { organisationIds, openOnly: options.openOnly });
	return tasks.map((t) => ({ ...t, overdue: t.dueOn < today && t.status !== 'klar' }));
}
