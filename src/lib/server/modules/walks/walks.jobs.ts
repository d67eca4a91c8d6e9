import type { Db } from '../../db/client';
import { requireAccess } from '../../platform/access';
import type { Config } from '../../platform/config';
import { newToken, sha256Hex } from '../../platform/crypto';
import { systemActor, type SystemActor } from '../../platform/permissions';
import { claimJobSlot } from '../../platform/shared/shared.repository';
import { recordAudit } from '../audit/public';
import { sendMail } from '../mail/public';
import { findMunicipalitiesByIds } from '../organisations/public';
import { isOpenState, type FindingState } from './walks.models';
import { findActiveOwnerLink, insertOwnerLink, listFindings, staffOfOrganisations, updateOwnerLink, walksWithFollowUpBetween } from './walks.repository';
import { OWNER_LINK_DAYS, ownerLinkUrl } from './walks.usecases';

/** How long before the follow-up meeting owners are reminded of their open findings. */
export const REMINDER_DAYS_BEFORE = 7;

const meetingText = (date: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long', timeStyle: 'short' }).format(date);

/**
 * Reminds every owner with open findings of a walk whose follow-up meeting is within a week: the
 * staff of an owning organisation, and each outside owner (with a fresh personal link, since only
 * the hash of the first is kept; the earlier link is revoked). Once per walk and owner (a claim
 * row), so the hourly run, a cron and a second app server never send twice.
 */
export async function sendFollowUpReminders(options: { db: Db; config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'origin'>; now?: Date; actor?: SystemActor }) {
	const actor = options.actor ?? systemActor('scheduled-job');
	requireAccess(actor, 'walk.remind');
	const now = options.now ?? new Date();
	let sent = 0;
	for (const walk of await walksWithFollowUpBetween(options.db, now, new Date(now.getTime() + REMINDER_DAYS_BEFORE * 86_400_000))) {
		const open = (await listFindings(options.db, walk.id)).filter((f) => isOpenState(f.state as FindingState) && (f.ownerOrganisationId || f.ownerEmail));
		if (open.length === 0) continue;
		const [municipality] = await findMunicipalitiesByIds(options.db, [walk.municipalityId]);
		if (!municipality) continue;
		const owners = new Map<string, typeof open>();
		for (const finding of open) {
			const key = finding.ownerOrganisationId ? `org:${finding.ownerOrganisationId}` : `email:${finding.ownerEmail}`;
			owners.set(key, [...(owners.get(key) ?? []), finding]);
		}
		for (const [key, findings] of owners) {
			const list = findings.map((f) => `- Brist ${f.number}: ${f.category} – ${f.description}`).join('\n');
			const meeting = meetingText(walk.followUpAt!);
			await options.db.transaction(async (tx) => {
				if (!(await claimJobSlot(tx, 'walks.follow-up-reminder', `${walk.id}|${key}`, 'walks'))) return;
				let recipients: { email: string; name: string }[];
				let link: string;
				const secrets: string[] = [];
				if (key.startsWith('org:')) {
					recipients = await staffOfOrganisations(tx, walk.municipalityId, [key.slice(4)]);
					link = `${options.config.origin}/app/${municipality.slug}/trygghetsvandringar/${walk.id}`;
				} else {
					const email = key.slice(6);
					const earlier = await findActiveOwnerLink(tx, walk.id, email, now);
					if (earlier) await updateOwnerLink(tx, earlier.id, { revokedAt: now });
					const token = newToken();
					await insertOwnerLink(tx, {
						walkId: walk.id,
						ownerEmail: email,
						ownerName: findings[0].ownerName,
						tokenHash: sha256Hex(token),
						expiresAt: new Date(now.getTime() + OWNER_LINK_DAYS * 86_400_000)
					});
					recipients = [{ email, name: findings[0].ownerName }];
					link = ownerLinkUrl(options.config.origin, municipality.slug, token);
					secrets.push(link);
				}
				for (const recipient of recipients) {
					await sendMail(tx, options.config, {
						to: recipient.email,
						subject: `Påminnelse: uppföljningsmöte ${meeting} – ${walk.title}`,
						body: `Hej ${recipient.name},\n\nUppföljningsmötet efter trygghetsvandringen ”${walk.title}” är ${meeting}. Dessa brister väntar på ert svar:\n\n${list}\n\nSvara här: ${link}\n`,
						secrets
					});
				}
				await recordAudit(
					tx,
					{ actor, ip: null },
					{
						action: 'walks.reminder.sent',
						entityType: 'walk',
						entityId: walk.id,
						municipalityId: walk.municipalityId,
						changes: {
							owner: { before: null, after: key },
							findings: { before: null, after: findings.length },
							recipients: { before: null, after: recipients.length }
						}
					}
				);
				sent += recipients.length;
			});
		}
	}
	return sent;
}
