import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client';
import { requireAccess } from '../../platform/access';
import { systemActor, type Actor, type Principal } from '../../platform/authz';
import type { Config } from '../../platform/config';
import { NotFoundError, codedValidationError } from '../../platform/errors';
import { containsPersonalIdentityNumber } from '../../platform/personal-identity';
import { recordAudit } from '../audit/public';
import { sendMail } from '../mail/public';
import { addMeasureFromElsewhere, getPlan, listPlans } from '../plans/public';
import { EST_ESCALATION_GROUPS, currentCycle, type EstCadence, type EstEscalationGroup } from './est.models';
import { findCycleSettings, findMeeting } from './est.repository';
import {
	findEscalation,
	findEscalationSettings,
	insertEscalation,
	listEscalations,
	listMunicipalitiesWithCycles,
	listUnescalatedPriorities,
	updateEscalation,
	upsertEscalationSettings,
	type EscalationRow
} from './est.escalation.repository';

type MailConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'origin'>;
const todayIso = () => new Date().toISOString().slice(0, 10);

/** Without a stored routine: three cycles running, to the crime-prevention council, nobody to mail yet. */
export const DEFAULT_ESCALATION_SETTINGS = { repeatCycles: 3, recipientGroup: 'bra' as EstEscalationGroup, recipientEmails: [] as string[] };

export async function escalationSettingsOf(db: DbOrTx, municipalityId: string) {
	const stored = await findEscalationSettings(db, municipalityId);
	return stored
		? { repeatCycles: stored.repeatCycles, recipientGroup: stored.recipientGroup as EstEscalationGroup, recipientEmails: stored.recipientEmails }
		: { ...DEFAULT_ESCALATION_SETTINGS };
}

const GROUP_NAMES: Record<EstEscalationGroup, string> = { bra: 'brottsförebyggande rådet', kommunledning: 'kommunledningen' };

/** Addresses one per line (or separated by commas or semicolons), each checked, repeats dropped. */
const settingsSchema = z.object({
	repeatCycles: z.coerce.number().int().min(2).max(26),
	recipientGroup: z.enum(EST_ESCALATION_GROUPS),
	recipientEmails: z
		.string()
		.max(5000)
		.transform((text) => [
			...new Set(
				text
					.split(/[\s,;]+/)
					.map((a) => a.trim().toLowerCase())
					.filter(Boolean)
			)
		])
		.pipe(z.array(z.email()).max(30))
});

/** The coordinator sets the routine: after how many cycles running a prioritised place is raised, and to whom. */
export async function setEscalationSettings(options: { db: Db; actor: Actor; municipalityId: string; input: unknown; ip: string | null }) {
	requireAccess(options.actor, 'est.escalation.edit', { municipalityId: options.municipalityId });
	const parsed = settingsSchema.safeParse(options.input);
	if (!parsed.success) {
		const codes: Record<string, string> = {
			repeatCycles: 'est.repeat_cycles_invalid',
			recipientGroup: 'est.recipient_group_invalid',
			recipientEmails: 'est.recipient_emails_invalid'
		};
		const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
		throw codedValidationError(Object.fromEntries([...fields].map((field) => [field, { code: codes[field] ?? 'est.recipient_emails_invalid' }])));
	}
	const input = parsed.data;
	await options.db.transaction(async (tx) => {
		const before = await escalationSettingsOf(tx, options.municipalityId);
		await upsertEscalationSettings(tx, { municipalityId: options.municipalityId, ...input, updatedBy: options.actor.userId });
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.escalation_settings.updated',
				entityType: 'est_escalation_settings',
				entityId: options.municipalityId,
				municipalityId: options.municipalityId,
				changes: {
					repeatCycles: { before: before.repeatCycles, after: input.repeatCycles },
					recipientGroup: { before: before.recipientGroup, after: input.recipientGroup },
					recipients: { before: before.recipientEmails.length, after: input.recipientEmails.length }
				}
			}
		);
	});
}

interface NewEscalation {
	municipalityId: string;
	place: string;
	reason: 'upprepad_prioritering' | 'motesbeslut';
	description: string;
	priorityId?: string | null;
	meetingId?: string | null;
	cycles?: number | null;
}

/** Stores an escalation with the routine's recipients and audits it; the mail goes after the transaction (notify). */
async function raise(tx: DbOrTx, actor: Principal, ip: string | null, values: NewEscalation) {
	const settings = await escalationSettingsOf(tx, values.municipalityId);
	const row = await insertEscalation(tx, {
		...values,
		recipientGroup: settings.recipientGroup,
		recipients: settings.recipientEmails,
		createdBy: actor.kind === 'person' ? actor.userId : null
	});
	await recordAudit(
		tx,
		{ actor, ip },
		{
			action: 'est.escalation.raised',
			entityType: 'est_escalation',
			entityId: row.id,
			municipalityId: values.municipalityId,
			changes: {
				place: { before: null, after: values.place },
				reason: { before: null, after: values.reason },
				cycles: { before: null, after: values.cycles ?? null },
				recipientGroup: { before: null, after: settings.recipientGroup },
				recipients: { before: null, after: settings.recipientEmails.length }
			}
		}
	);
	return { id: row.id, recipients: settings.recipientEmails, group: settings.recipientGroup };
}

/** Queues the e-mail to each recipient (the mail outbox keeps every one) and records when they were notified. */
async function notify(db: Db, config: MailConfig, slug: string, raised: Awaited<ReturnType<typeof raise>>, values: NewEscalation) {
	if (raised.recipients.length === 0) return;
	const why =
		values.reason === 'upprepad_prioritering'
			? `Platsen har varit prioriterad i EST-gruppen ${values.cycles} cykler i rad utan att kunna släppas.`
			: 'EST-gruppen beslutade på sitt möte att lyfta ärendet.';
	for (const to of raised.recipients) {
		await sendMail(db, config, {
			to,
			subject: `EST-eskalering till ${GROUP_NAMES[raised.group]}: ${values.place}`,
			body: `Hej!\n\nEST-gruppen lyfter ett ärende till ${GROUP_NAMES[raised.group]}.\n\nPlats: ${values.place}\nSkäl: ${why}${values.description ? `\n\n${values.description}` : ''}\n\nÄrendet och dess utfall: ${config.origin}/app/${slug}/est/eskalering/${raised.id}\n\nDu får brevet för att du är mottagare av EST-eskaleringar i kommunen.`
		});
	}
	await updateEscalation(db, raised.id, { notifiedAt: new Date() });
}

/** How many cycles running a place prioritised on `since` has been prioritised by `today` (both cycles counted). */
export function cyclesRunning(cadence: EstCadence, firstCycleStart: string, since: string, today: string): number {
	return currentCycle(cadence, firstCycleStart, today).number - currentCycle(cadence, firstCycleStart, since).number + 1;
}

/**
 * The routine of one municipality: every place prioritised and not released for at least the
 * routine's number of cycles running, and not escalated yet, is raised. Returns the escalations raised.
 */
export async function runEscalationRoutine(options: {
	db: Db;
	config: MailConfig;
	actor: Principal;
	municipality: { id: string; slug: string };
	today?: string;
	ip?: string | null;
}): Promise<string[]> {
	const municipalityId = options.municipality.id;
	requireAccess(options.actor, 'est.escalation.edit', { municipalityId });
	const cycleSettings = await findCycleSettings(options.db, municipalityId);
	if (!cycleSettings) return [];
	const today = options.today ?? todayIso();
	const { repeatCycles } = await escalationSettingsOf(options.db, municipalityId);
	const due = (await listUnescalatedPriorities(options.db, municipalityId))
		.map((p) => ({ ...p, cycles: cyclesRunning(cycleSettings.cadence as EstCadence, cycleSettings.firstCycleStart, p.since, today) }))
		.filter((p) => p.cycles >= repeatCycles);
	const raisedIds: string[] = [];
	for (const priority of due) {
		const values: NewEscalation = {
			municipalityId,
			place: priority.place,
			reason: 'upprepad_prioritering',
			description: priority.reason,
			priorityId: priority.id,
			meetingId: priority.meetingId,
			cycles: priority.cycles
		};
		const raised = await options.db.transaction((tx) => raise(tx, options.actor, options.ip ?? null, values));
		await notify(options.db, options.config, options.municipality.slug, raised, values);
		raisedIds.push(raised.id);
	}
	return raisedIds;
}

/** The hourly job: the routine for every municipality whose EST cadence is set. */
export async function runEscalationRoutines(db: Db, config: MailConfig, slugOf: (municipalityId: string) => Promise<string | null>, today = todayIso()) {
	let raised = 0;
	for (const { municipalityId } of await listMunicipalitiesWithCycles(db)) {
		const slug = await slugOf(municipalityId);
		if (!slug) continue;
		raised += (await runEscalationRoutine({ db, config, actor: systemActor('scheduled-job'), municipality: { id: municipalityId, slug }, today })).length;
	}
	return raised;
}

const meetingEscalationSchema = z.object({ place: z.string().trim().min(1).max(200), description: z.string().trim().min(1).max(2000) });

/** A meeting marks a decision for escalation: the matter is raised to the routine's recipients at once. */
export async function escalateFromMeeting(options: {
	db: Db;
	config: MailConfig;
	actor: Actor;
	meetingId: string;
	municipalitySlug: string;
	input: unknown;
	ip: string | null;
}): Promise<{ id: string }> {
	const meeting = await findMeeting(options.db, options.meetingId);
	if (!meeting) throw new NotFoundError('est.meeting_not_found');
	requireAccess(options.actor, 'est.escalation.edit', { municipalityId: meeting.municipalityId });
	const parsed = meetingEscalationSchema.safeParse(options.input);
	if (!parsed.success) {
		const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
		throw codedValidationError({
			...(fields.has('place') ? { place: { code: 'est.priority_place_invalid' } } : {}),
			...(fields.has('description') ? { description: { code: 'est.escalation_description_invalid' } } : {})
		});
	}
	const input = parsed.data;
	for (const [field, text] of Object.entries(input)) {
		if (containsPersonalIdentityNumber(text)) throw codedValidationError({ [field]: { code: 'est.personal_identity_number' } });
	}
	const values: NewEscalation = {
		municipalityId: meeting.municipalityId,
		place: input.place,
		reason: 'motesbeslut',
		description: input.description,
		meetingId: meeting.id
	};
	const raised = await options.db.transaction((tx) => raise(tx, options.actor, options.ip, values));
	await notify(options.db, options.config, options.municipalitySlug, raised, values);
	return { id: raised.id };
}

async function escalationOf(db: DbOrTx, actor: Actor, id: string, permission: 'est.read' | 'est.escalation.edit'): Promise<EscalationRow> {
	const escalation = await findEscalation(db, id);
	if (!escalation) throw new NotFoundError('est.escalation_not_found');
	requireAccess(actor, permission, { municipalityId: escalation.municipalityId });
	return escalation;
}

const outcomeSchema = z.object({ outcome: z.string().trim().min(1).max(3000), outcomeOn: z.iso.date() });

/** The council's or leadership's answer is recorded: what was decided and when; the matter is then settled. */
export async function recordEscalationOutcome(options: { db: Db; actor: Actor; escalationId: string; input: unknown; ip: string | null }) {
	const escalation = await escalationOf(options.db, options.actor, options.escalationId, 'est.escalation.edit');
	const parsed = outcomeSchema.safeParse(options.input);
	if (!parsed.success) {
		const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
		throw codedValidationError({
			...(fields.has('outcome') ? { outcome: { code: 'est.escalation_outcome_invalid' } } : {}),
			...(fields.has('outcomeOn') ? { outcomeOn: { code: 'est.escalation_outcome_on_invalid' } } : {})
		});
	}
	const input = parsed.data;
	if (containsPersonalIdentityNumber(input.outcome)) throw codedValidationError({ outcome: { code: 'est.personal_identity_number' } });
	await options.db.transaction(async (tx) => {
		await updateEscalation(tx, escalation.id, { status: 'avgjord', outcome: input.outcome, outcomeOn: input.outcomeOn });
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.escalation.outcome_recorded',
				entityType: 'est_escalation',
				entityId: escalation.id,
				municipalityId: escalation.municipalityId,
				changes: {
					status: { before: escalation.status, after: 'avgjord' },
					outcome: { before: escalation.outcome || null, after: input.outcome },
					outcomeOn: { before: escalation.outcomeOn, after: input.outcomeOn }
				}
			}
		);
	});
}

const measureSchema = z.object({
	/** "planId:focusAreaId", as the page's choice sends it. */
	target: z.string().regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/i),
	title: z.string().trim().min(1).max(300)
});

/**
 * The escalated matter becomes a measure in the action plan: the measure's text says it came from
 * this escalation (with a link), and the escalation keeps the plan and measure it became.
 */
export async function escalationToMeasure(options: {
	db: Db;
	config: Pick<Config, 'origin'>;
	actor: Actor;
	escalationId: string;
	municipalitySlug: string;
	input: unknown;
	ip: string | null;
}): Promise<{ planId: string; measureId: string }> {
	const escalation = await escalationOf(options.db, options.actor, options.escalationId, 'est.escalation.edit');
	if (escalation.measureId) throw codedValidationError({ target: { code: 'est.escalation_has_measure' } });
	const parsed = measureSchema.safeParse(options.input);
	if (!parsed.success) {
		const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
		throw codedValidationError({
			...(fields.has('target') ? { target: { code: 'est.escalation_target_invalid' } } : {}),
			...(fields.has('title') ? { title: { code: 'est.escalation_title_invalid' } } : {})
		});
	}
	const [planId, focusAreaId] = parsed.data.target.split(':');
	const created = escalation.createdAt.toISOString().slice(0, 10);
	return options.db.transaction(async (tx) => {
		const measure = await addMeasureFromElsewhere({
			db: tx as Db,
			actor: options.actor,
			municipalityId: escalation.municipalityId,
			planId,
			focusAreaId,
			title: parsed.data.title,
			description: escalation.description,
			scope: escalation.place,
			origin: {
				label: `Från EST-eskalering ${created} (${escalation.place})`,
				href: `${options.config.origin}/app/${options.municipalitySlug}/est/eskalering/${escalation.id}`
			},
			ip: options.ip
		});
		await updateEscalation(tx, escalation.id, { planId: measure.planId, measureId: measure.measureId });
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.escalation.measure_created',
				entityType: 'est_escalation',
				entityId: escalation.id,
				municipalityId: escalation.municipalityId,
				changes: { measureId: { before: null, after: measure.measureId }, planId: { before: null, after: measure.planId } }
			}
		);
		return measure;
	});
}

/** The escalations page: every escalation (open first) and the routine. */
export async function escalationsOverview(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'est.read', { municipalityId: options.municipalityId });
	const [escalations, settings] = await Promise.all([
		listEscalations(options.db, options.municipalityId),
		escalationSettingsOf(options.db, options.municipalityId)
	]);
	const order = (e: EscalationRow) => (e.status === 'oppen' ? 0 : 1);
	return {
		settings,
		escalations: [...escalations]
			.sort((a, b) => order(a) - order(b))
			.map((e) => ({
				id: e.id,
				place: e.place,
				reason: e.reason,
				cycles: e.cycles,
				status: e.status,
				raisedOn: e.createdAt.toISOString().slice(0, 10),
				recipientGroup: e.recipientGroup,
				hasMeasure: !!e.measureId
			}))
	};
}

/** One escalation: why, who was notified, its outcome, the plan measure it became, and (for the coordinator) the plans' focus areas to choose from. */
export async function escalationDetail(options: { db: Db; actor: Actor; escalationId: string; canEdit: boolean }) {
	const escalation = await escalationOf(options.db, options.actor, options.escalationId, 'est.read');
	let measure: { planId: string; planTitle: string; measureId: string; title: string } | null = null;
	if (escalation.planId && escalation.measureId) {
		const plan = await getPlan({ db: options.db, actor: options.actor, planId: escalation.planId }).catch(() => null);
		const found = plan?.focusAreas.flatMap((a) => a.measures).find((m) => m.id === escalation.measureId);
		if (plan && found) measure = { planId: plan.id, planTitle: plan.title, measureId: found.id, title: found.title };
	}
	const targets: { value: string; label: string }[] = [];
	if (options.canEdit && !escalation.measureId) {
		for (const row of await listPlans({ db: options.db, actor: options.actor, municipalityId: escalation.municipalityId })) {
			const plan = await getPlan({ db: options.db, actor: options.actor, planId: row.id });
			for (const area of plan.focusAreas) targets.push({ value: `${plan.id}:${area.id}`, label: `${plan.title} – ${area.title}` });
		}
	}
	return {
		escalation: {
			id: escalation.id,
			place: escalation.place,
			reason: escalation.reason,
			description: escalation.description,
			cycles: escalation.cycles,
			meetingId: escalation.meetingId,
			recipientGroup: escalation.recipientGroup,
			recipients: escalation.recipients,
			notifiedAt: escalation.notifiedAt?.toISOString() ?? null,
			raisedOn: escalation.createdAt.toISOString().slice(0, 10),
			status: escalation.status,
			outcome: escalation.outcome,
			outcomeOn: escalation.outcomeOn,
			linkedButGone: !!escalation.measureId && !measure
		},
		measure,
		targets
	};
}
