/**
 * Reminders to the organisations that have not answered a follow-up round: one shortly before
 * the due date and one after it. Each (round, organisation, kind) is sent once: the claim row
 * and the mail are written in the same transaction, so the hourly job and a coordinator's
 * click never double up.
 */
import type { Db } from '../../db/client';
import { systemActor, type Actor, type Principal } from '../../platform/authz';
import { requireAccess } from '../../platform/access';
import type { Config } from '../../platform/config';
import { recordAudit } from '../audit/public';
import { sendMail } from '../mail/public';
import { claimReminder, listOpenRounds, listReminders, staffOfOrganisations } from './follow-up.repository';
import { getFollowUpRound } from './follow-up.usecases';

export type ReminderKind = 'fore' | 'efter';

const DAY = 24 * 60 * 60 * 1000;

/** Which reminder is due for a round on this day: within `daysBefore` of the due date, or past it. */
export function reminderKindOn(dueDate: string, today: string, daysBefore: number): ReminderKind | null {
	if (today > dueDate) return 'efter';
	const daysLeft = Math.round((Date.parse(dueDate) - Date.parse(today)) / DAY);
	return daysLeft <= daysBefore ? 'fore' : null;
}

type ReminderConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'origin' | 'reminderDaysBefore'>;

/**
 * Sends the reminders due for one round. `force` (the coordinator's button) sends the kind that
 * fits today even outside the window before the due date. Returns how many organisations were reminded.
 */
export async function remindRound(options: {
	db: Db;
	config: ReminderConfig;
	actor: Principal;
	roundId: string;
	municipalitySlug: string;
	today?: string;
	force?: boolean;
	ip?: string | null;
}) {
	const { db, config } = options;
	const today = options.today ?? new Date().toISOString().slice(0, 10);
	const view = await getFollowUpRound({ db, actor: options.actor, roundId: options.roundId });
	requireAccess(options.actor, 'round.remind', { municipalityId: view.plan.municipalityId, id: view.round.id });
	if (view.round.status !== 'oppen') return 0;
	const kind = reminderKindOn(view.round.dueDate, today, options.force ? Number.MAX_SAFE_INTEGER : config.reminderDaysBefore);
	if (!kind) return 0;
	const unansweredByOrganisation = new Map<string, string[]>();
	for (const m of view.focusAreas.flatMap((a) => a.measures)) {
		for (const r of m.responsible.filter((r) => !m.answeredBy.includes(r.organisationId)))
			unansweredByOrganisation.set(r.organisationId, [...(unansweredByOrganisation.get(r.organisationId) ?? []), m.title]);
	}
	if (unansweredByOrganisation.size === 0) return 0;
	const link = `${config.origin}/app/${options.municipalitySlug}/atgardsplan/${view.plan.id}/uppfoljning/${view.round.id}`;
	return db.transaction(async (tx) => {
		const staff = await staffOfOrganisations(tx, view.plan.municipalityId, [...unansweredByOrganisation.keys()]);
		let reminded = 0;
		for (const [organisationId, titles] of unansweredByOrganisation) {
			const recipients = staff.filter((s) => s.organisationId === organisationId);
			if (recipients.length === 0) continue;
			if (!(await claimReminder(tx, { roundId: view.round.id, organisationId, kind, recipients: recipients.length }))) continue;
			reminded++;
			const when = kind === 'fore' ? `senast ${view.round.dueDate}` : `sista svarsdagen var ${view.round.dueDate}`;
			for (const person of recipients) {
				await sendMail(tx, config, {
					to: person.email,
					subject:
						kind === 'fore'
							? `Påminnelse: uppföljningen ${view.round.name} ska besvaras senast ${view.round.dueDate}`
							: `Försenat svar: uppföljningen ${view.round.name}`,
					body: `Hej ${person.name},\n\nVi saknar ert svar för ${titles.length === 1 ? 'en åtgärd' : `${titles.length} åtgärder`} i ”${view.plan.title}” (${when}):\n\n${titles.map((t) => `- ${t}`).join('\n')}\n\nSvara här: ${link}\n`
				});
			}
		}
		if (reminded > 0) {
			await recordAudit(
				tx,
				{ actor: options.actor, ip: options.ip ?? null },
				{
					action: 'plans.round.reminded',
					entityType: 'follow_up_round',
					entityId: view.round.id,
					municipalityId: view.plan.municipalityId,
					changes: { kind: { before: null, after: kind }, organisations: { before: null, after: reminded } }
				}
			);
		}
		return reminded;
	});
}

/** The hourly job: every open round whose reminder is due. */
export async function sendDueReminders(options: { db: Db; config: ReminderConfig; today?: string }) {
	let reminded = 0;
	for (const round of await listOpenRounds(options.db)) {
		reminded += await remindRound({
			db: options.db,
			config: options.config,
			actor: systemActor('scheduled-job'),
			roundId: round.id,
			municipalitySlug: round.municipalitySlug,
			today: options.today
		});
	}
	return reminded;
}

export async function listRoundReminders(options: { db: Db; actor: Actor; roundId: string }) {
	await getFollowUpRound(options);
	return (await listReminders(options.db, options.roundId)).map((r) => ({ ...r, sentAt: r.sentAt.toISOString() }));
}
