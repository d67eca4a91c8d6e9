/**
 * The renewal reminder: an adopted lägesbild holds for SITUATION_RENEWAL_MONTHS; from
 * SITUATION_RENEWAL_NOTICE_DAYS before that, the municipality's coordinators get one e-mail.
 * The claim row and the mails are written in one transaction, so the hourly job never sends twice.
 */
import type { Db } from '../../../db/client';
import type { Config } from '../../../platform/config';
import { recordAudit } from '../../audit/public';
import { sendMail } from '../../mail/public';
import { renewalState } from './situation-report.models';
import { claimRenewalReminder, coordinatorsOf, latestAdoptedReports } from './situation-report.repository';
import { systemActor } from '../../../platform/authz';

type RenewalMailConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'origin' | 'situationRenewalMonths' | 'situationRenewalNoticeDays'>;

/** Sends the reminders that are due today; returns how many lägesbilder were reminded about. */
export async function sendRenewalReminders(options: { db: Db; config: RenewalMailConfig; today?: string }): Promise<number> {
	const { db, config } = options;
	const today = options.today ?? new Date().toISOString().slice(0, 10);
	let reminded = 0;
	for (const report of await latestAdoptedReports(db)) {
		const state = renewalState(report.adoptedOn!, today, config);
		if (!state.due) continue;
		const sent = await db.transaction(async (tx) => {
			const recipients = await coordinatorsOf(tx, report.municipalityId);
			if (recipients.length === 0) return false;
			if (!(await claimRenewalReminder(tx, { reportId: report.id, dueOn: state.dueOn, recipients: recipients.length }))) return false;
			const link = `${config.origin}/app/${report.slug}/lagesbild/dokument`;
			const when = state.overdue ? `skulle ha förnyats ${state.dueOn}` : `ska förnyas senast ${state.dueOn}`;
			for (const person of recipients) {
				await sendMail(tx, config, {
					to: person.email,
					subject: `Påminnelse: lägesbilden ${when}`,
					body: `Hej ${person.name},\n\nLägesbilden ”${report.title}” antogs ${report.adoptedOn} och ${when} (lägesbilden förnyas vart ${config.situationRenewalMonths}:e månad enligt kommunens cykel).\n\nStarta nästa lägesbild utifrån den antagna här: ${link}\n`
				});
			}
			await recordAudit(
				tx,
				{ actor: systemActor('scheduled-job'), ip: null },
				{
					action: 'situation.report.renewal_reminded',
					entityType: 'situation_report',
					entityId: report.id,
					municipalityId: report.municipalityId,
					changes: { dueOn: { before: null, after: state.dueOn }, recipients: { before: null, after: recipients.length } }
				}
			);
			return true;
		});
		if (sent) reminded++;
	}
	return reminded;
}
