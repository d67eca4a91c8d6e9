import type { Db } from '../../db/client';
import type { Config } from '../../platform/config';
import { requireAccess } from '../../platform/access';
import { systemActor, type SystemActor } from '../../platform/permissions';
import { claimJobSlot } from '../../platform/shared/shared.repository';
import { recordAudit } from '../audit/public';
import { sendMail } from '../mail/public';
import { blindIndex, caseDataKey, decryptField, wrapCaseKey, wrappingKeyId, type SspfKeyring } from './sspf.crypto';
import * as repo from './sspf.repository';
import { eraseCase, todayIso } from './sspf.usecases';

const addDays = (iso: string, days: number) => {
	const date = new Date(`${iso}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
};

/** Days before a consent ends that its case's coordinator is reminded. */
export const CONSENT_REMINDER_DAYS = 30;

/**
 * Reminds each case's coordinator of a consent ending within 30 days — once per consent (a claim
 * row), so the hourly run and a cron may overlap. The mail names no one: "ett ärende" and a link.
 */
export async function sendConsentReminders(options: { db: Db; config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'origin'>; today?: string; actor?: SystemActor }) {
	const actor = options.actor ?? systemActor('scheduled-job');
	requireAccess(actor, 'sspf.reminders.send');
	const today = options.today ?? todayIso();
	let sent = 0;
	for (const consent of await repo.consentsEndingBy(options.db, addDays(today, CONSENT_REMINDER_DAYS), today)) {
		const coordinator = await repo.userContact(options.db, consent.coordinatorId);
		if (!coordinator) continue;
		await options.db.transaction(async (tx) => {
			if (!(await claimJobSlot(tx, 'sspf.consent-reminder', consent.id, 'sspf'))) return;
			await sendMail(tx, options.config, {
				to: coordinator.email,
				subject: 'Ett ärende har uppdaterats',
				body: `Ett samtycke i ett SSPF-ärende du samordnar går ut ${consent.validTo}. Logga in för att se ärendet och förnya samtycket vid behov:\n${options.config.origin}/app\n\nA consent in an SSPF case you coordinate ends ${consent.validTo}.`
			});
			await recordAudit(
				tx,
				{ actor, ip: null },
				{
					action: 'sspf.consent.reminded',
					entityType: 'sspf_case',
					entityId: consent.caseId,
					municipalityId: consent.municipalityId,
					changes: { consentId: { before: null, after: consent.id } }
				}
			);
			sent += 1;
		});
	}
	return sent;
}

/** Days before an action's due date that its owners are reminded (once per action). */
export const ACTION_REMINDER_DAYS = 7;

/**
 * Reminds the owners of open actions due within a week (or overdue): the named owner, else the
 * team members of the owning organisation. Once per action; the mail names nothing.
 */
export async function sendActionReminders(options: { db: Db; config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'origin'>; today?: string; actor?: SystemActor }) {
	const actor = options.actor ?? systemActor('scheduled-job');
	requireAccess(actor, 'sspf.reminders.send');
	const today = options.today ?? todayIso();
	let sent = 0;
	for (const action of await repo.openActionsDueBy(options.db, addDays(today, ACTION_REMINDER_DAYS))) {
		const team = await repo.teamOf(options.db, action.caseId);
		const owners = action.ownerUserId
			? team.filter((t) => t.userId === action.ownerUserId)
			: team.filter((t) => t.organisationId === action.ownerOrganisationId);
		if (owners.length === 0) continue;
		await options.db.transaction(async (tx) => {
			if (!(await claimJobSlot(tx, 'sspf.action-reminder', action.id, 'sspf'))) return;
			for (const owner of owners) {
				await sendMail(tx, options.config, {
					to: owner.email,
					subject: 'Ett ärende har uppdaterats',
					body: `En åtgärd som din organisation ansvarar för i ett SSPF-ärende ska vara klar ${action.dueOn}. Logga in för att se den:\n${options.config.origin}/app\n\nAn action your organisation owns in an SSPF case is due ${action.dueOn}.`
				});
			}
			await recordAudit(
				tx,
				{ actor, ip: null },
				{
					action: 'sspf.action.reminded',
					entityType: 'sspf_case',
					entityId: action.caseId,
					municipalityId: action.municipalityId,
					changes: { actionId: { before: null, after: action.id } }
				}
			);
			sent += 1;
		});
	}
	return sent;
}

/** Erases closed cases past their municipality's retention (default 24 months after closing). */
export async function eraseCasesPastRetention(options: { db: Db; keyring: SspfKeyring; today?: string; actor?: SystemActor }) {
	const actor = options.actor ?? systemActor('scheduled-job');
	requireAccess(actor, 'sspf.retention.erase');
	const due = await repo.closedCasesPastRetention(options.db, options.today ?? todayIso());
	for (const row of due) await eraseCase({ db: options.db, actor, keyring: options.keyring }, row.id, 'retention');
	return due.length;
}

/**
 * Key rotation: every data key not wrapped by the current master key is unwrapped with the old one
 * and wrapped again, and the blind index recomputed with the current index key. Run it after
 * setting the new SSPF_MASTER_KEY and listing the old one in SSPF_PREVIOUS_MASTER_KEYS; once it has
 * run, the old key can be destroyed.
 */
export async function rotateCaseKeys(options: { db: Db; keyring: SspfKeyring; actor?: SystemActor }) {
	const actor = options.actor ?? systemActor('cli');
	requireAccess(actor, 'sspf.keys.rotate');
	let rotated = 0;
	for (const row of await repo.casesWithKeys(options.db)) {
		const stored = options.keyring.store.get(row.id);
		if (!stored) continue;
		const dataKey = caseDataKey(options.keyring, row.id);
		const personnummer = decryptField<string>(dataKey, row.id, 'personnummer', row.sealed.personnummer!);
		const index = blindIndex(options.keyring, personnummer);
		if (wrappingKeyId(stored) === options.keyring.current.id) {
			await repo.updateCase(options.db, row.id, { personnummerIndex: index, wrappedKey: options.keyring.current.id });
			continue;
		}
		options.keyring.store.put(row.id, wrapCaseKey(options.keyring, row.id, dataKey));
		await options.db.transaction(async (tx) => {
			await repo.updateCase(tx, row.id, { wrappedKey: options.keyring.current.id, personnummerIndex: index });
			await recordAudit(
				tx,
				{ actor, ip: null },
				{
					action: 'sspf.case.keys_rotated',
					entityType: 'sspf_case',
					entityId: row.id,
					municipalityId: row.municipalityId,
					changes: { key: { before: true, after: true } }
				}
			);
		});
		rotated += 1;
	}
	return rotated;
}
