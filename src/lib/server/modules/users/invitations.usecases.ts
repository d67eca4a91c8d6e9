import { z } from 'zod';
import type { Db } from '../../db/client';
import { isPerson, ROLES, systemActor, type Principal, type Role } from '../../platform/authz';
import { requireAccess } from '../../platform/access';
import type { Config } from '../../platform/config';
import { newToken, sha256Hex } from '../../platform/crypto';
import { codedValidationError, ForbiddenError, NotFoundError, validationErrorFromIssues } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { recordAudit } from '../audit/public';
import { sendMail } from '../mail/public';
import { findMunicipalitiesByIds, findOrganisationById, findOrganisationInMunicipality } from '../organisations/public';
import {
	findInvitationById,
	findMembershipById,
	findOpenInvitationByHash,
	insertInvitation,
	listPendingInvitations,
	markInvitationAccepted,
	updateInvitation,
	updateMembershipRole,
	type InvitationRow
} from './invitations.repository';
import { passwordSchema } from './users.models';
import { deleteMembership, findMemberships, findUserByEmail, insertMembership, insertUser } from './users.repository';
import { hashPassword } from './users.usecases';

/** How long an invitation link works. */
export const INVITATION_VALID_DAYS = 7;

type MailConfig = Pick<Config, 'origin' | 'smtpUrl' | 'mailFrom'>;

const inviteSchema = z.object({
	email: z.string().trim().toLowerCase().email({ message: 'users.email_invalid' }),
	name: z.string().trim().min(1, { message: 'users.name_missing' }).max(200, { message: 'users.name_too_long' }),
	role: z.enum(ROLES, { message: 'users.role_missing' }),
	organisationId: z.string().uuid({ message: 'users.organisation_missing' }),
	/** null: a membership of the organisation in every municipality it serves (a police area's staff). */
	municipalityId: z.string().uuid({ message: 'users.municipality_missing' }).nullable()
});
export type InviteInput = z.input<typeof inviteSchema>;

/**
 * The one question behind inviting and managing people: the municipality's coordinator (or an
 * admin) for its people; only an admin for admins and for organisation-wide (police area) memberships.
 */
function requirePeopleAccess(actor: Principal, action: 'user.invite' | 'user.manage', municipalityId: string | null, role?: Role): void {
	requireAccess(actor, action, { municipalityId, role });
}

function invitationMail(config: MailConfig, invitation: Pick<InvitationRow, 'email' | 'name'>, where: string, token: string) {
	const link = `${config.origin}/inbjudan/${token}`;
	return {
		link,
		mail: {
			to: invitation.email,
			subject: `Inbjudan till Förebygg – ${where}`,
			body:
				`Hej ${invitation.name},\n\nDu är inbjuden att arbeta i Förebygg för ${where}.\n` +
				`Öppna länken inom ${INVITATION_VALID_DAYS} dagar för att välja lösenord eller logga in med din organisations inloggning:\n\n` +
				`${link}\n\nOm du inte väntade dig inbjudan kan du bortse från det här meddelandet.\n`,
			secrets: [link]
		}
	};
}

async function placeName(db: Db, municipalityId: string | null, organisationId: string | null): Promise<string> {
	if (municipalityId) return (await findMunicipalitiesByIds(db, [municipalityId]))[0]?.name ?? 'kommunen';
	return (organisationId ? (await findOrganisationById(db, organisationId))?.name : null) ?? 'Förebygg';
}

/**
 * Invites a person of one of the municipality's organisations. The invitation is written and
 * audited in one transaction; the e-mail is queued in the outbox only after it committed, so a
 * rolled-back invitation never mails a link. Only the link's sha256 is stored.
 */
export async function inviteUser(options: { db: Db; config: MailConfig; actor: Principal; input: InviteInput; ip?: string | null }) {
	const { db, actor, config } = options;
	const parsed = inviteSchema.safeParse(options.input);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues);
	const input = parsed.data;
	requirePeopleAccess(actor, 'user.invite', input.municipalityId, input.role);
	if (input.role === 'admin') throw codedValidationError({ role: { code: 'users.admin_by_admin' } });
	const organisation = input.municipalityId
		? await findOrganisationInMunicipality(db, input.organisationId, input.municipalityId)
		: await findOrganisationById(db, input.organisationId);
	if (!organisation) throw codedValidationError({ organisationId: { code: 'users.organisation_not_in_municipality' } });
	const existing = await findUserByEmail(db, input.email);
	if (existing && input.municipalityId && (await findMemberships(db, existing.id)).some((m) => m.municipalityId === input.municipalityId)) {
		throw codedValidationError({ email: { code: 'users.already_member' } });
	}
	const token = newToken();
	const invitation = await db.transaction(async (tx) => {
		const row = await insertInvitation(tx, {
			tokenHash: sha256Hex(token),
			email: input.email,
			name: input.name,
			role: input.role,
			municipalityId: input.municipalityId,
			organisationId: organisation.id,
			invitedBy: isPerson(actor) ? actor.userId : null,
			expiresAt: new Date(Date.now() + INVITATION_VALID_DAYS * 86_400_000)
		});
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'users.invitation.created',
				entityType: 'invitation',
				entityId: row.id,
				municipalityId: input.municipalityId,
				organisationId: organisation.id,
				changes: {
					email: { before: null, after: input.email },
					role: { before: null, after: input.role },
					organisationId: { before: null, after: organisation.id }
				}
			}
		);
		return row;
	});
	const { link, mail } = invitationMail(config, invitation, await placeName(db, input.municipalityId, organisation.id), token);
	await sendMail(db, config, mail);
	return { invitation, link };
}

async function pendingInvitation(db: Db, id: string): Promise<InvitationRow> {
	const row = isUuid(id) ? await findInvitationById(db, id) : undefined;
	if (!row || row.acceptedAt || row.withdrawnAt) throw new NotFoundError('users.invitation_not_found');
	return row;
}

export async function listInvitations(options: { db: Db; actor: Principal; municipalityId: string | null }) {
	requirePeopleAccess(options.actor, 'user.invite', options.municipalityId);
	return listPendingInvitations(options.db, options.municipalityId);
}

/** A new link valid another seven days; the old link stops working. */
export async function resendInvitation(options: {
	db: Db;
	config: MailConfig;
	actor: Principal;
	invitationId: string;
	municipalityId: string | null;
	ip?: string | null;
}) {
	const { db, actor, config } = options;
	requirePeopleAccess(actor, 'user.invite', options.municipalityId);
	const row = await pendingInvitation(db, options.invitationId);
	if (row.municipalityId !== options.municipalityId) throw new NotFoundError('users.invitation_not_found');
	const token = newToken();
	const expiresAt = new Date(Date.now() + INVITATION_VALID_DAYS * 86_400_000);
	await db.transaction(async (tx) => {
		await updateInvitation(tx, row.id, { tokenHash: sha256Hex(token), expiresAt });
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'users.invitation.resent',
				entityType: 'invitation',
				entityId: row.id,
				municipalityId: row.municipalityId,
				organisationId: row.organisationId,
				changes: { expiresAt: { before: row.expiresAt.toISOString(), after: expiresAt.toISOString() } }
			}
		);
	});
	const { link, mail } = invitationMail(config, row, await placeName(db, row.municipalityId, row.organisationId), token);
	await sendMail(db, config, mail);
	return { link };
}

export async function withdrawInvitation(options: { db: Db; actor: Principal; invitationId: string; municipalityId: string | null; ip?: string | null }) {
	const { db, actor } = options;
	requirePeopleAccess(actor, 'user.invite', options.municipalityId);
	const row = await pendingInvitation(db, options.invitationId);
	if (row.municipalityId !== options.municipalityId) throw new NotFoundError('users.invitation_not_found');
	await db.transaction(async (tx) => {
		await updateInvitation(tx, row.id, { withdrawnAt: new Date() });
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'users.invitation.withdrawn',
				entityType: 'invitation',
				entityId: row.id,
				municipalityId: row.municipalityId,
				organisationId: row.organisationId,
				changes: { email: { before: row.email, after: null } }
			}
		);
	});
}

/** What the invitation page shows; null when the link is unknown, used, withdrawn or expired. */
export async function openInvitation(db: Db, token: string) {
	const found = await findOpenInvitationByHash(db, sha256Hex(token), new Date());
	if (!found) return null;
	const existing = await findUserByEmail(db, found.invitation.email);
	return {
		id: found.invitation.id,
		email: found.invitation.email,
		name: found.invitation.name,
		role: found.invitation.role as Role,
		municipalityName: found.municipalityName,
		municipalitySlug: found.municipalitySlug,
		organisationName: found.organisationName,
		expiresAt: found.invitation.expiresAt,
		hasAccount: !!existing
	};
}

/**
 * Takes up an invitation. A new person sets a password here (or, with `password` null, leaves it
 * to the organisation's sign-in, OIDC); a person who already has an account must be signed in
 * as the invited address, and gets the membership beside their others. Works once.
 */
export async function acceptInvitation(options: { db: Db; token: string; password: string | null; actor?: Principal | null; ip?: string | null }) {
	const { db } = options;
	const found = await findOpenInvitationByHash(db, sha256Hex(options.token), new Date());
	if (!found) throw new NotFoundError('users.invitation_invalid');
	const invitation = found.invitation;
	const existing = await findUserByEmail(db, invitation.email);
	if (existing && !(isPerson(options.actor) && options.actor.userId === existing.id)) {
		throw new ForbiddenError('sign_in_as_invited');
	}
	let passwordHash: string | null = null;
	if (!existing && options.password !== null) {
		const parsed = passwordSchema.safeParse(options.password);
		if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues, () => 'password');
		passwordHash = await hashPassword(parsed.data);
	}
	return db.transaction(async (tx) => {
		if (!(await markInvitationAccepted(tx, invitation.id, new Date()))) {
			throw new NotFoundError('users.invitation_invalid');
		}
		const user = existing ?? (await insertUser(tx, { email: invitation.email, name: invitation.name, passwordHash }));
		await insertMembership(tx, {
			userId: user.id,
			role: invitation.role,
			organisationId: invitation.organisationId,
			municipalityId: invitation.municipalityId
		});
		await recordAudit(
			tx,
			{ actor: systemActor('sign-in'), ip: options.ip ?? null, userEmail: user.email },
			{
				action: 'users.invitation.accepted',
				entityType: 'invitation',
				entityId: invitation.id,
				municipalityId: invitation.municipalityId,
				organisationId: invitation.organisationId,
				changes: {
					userId: { before: null, after: user.id },
					role: { before: null, after: invitation.role },
					account: { before: existing ? 'fanns' : null, after: existing ? 'fanns' : 'skapat' }
				}
			}
		);
		return { email: user.email, municipalitySlug: found.municipalitySlug, newAccount: !existing, withPassword: passwordHash !== null };
	});
}

async function memberOf(db: Db, membershipId: string, municipalityId: string) {
	const row = isUuid(membershipId) ? await findMembershipById(db, membershipId) : undefined;
	if (!row || row.municipalityId !== municipalityId) throw new NotFoundError('users.membership_not_found');
	return row;
}

export async function changeMemberRole(options: { db: Db; actor: Principal; municipalityId: string; membershipId: string; role: string; ip?: string | null }) {
	const { db, actor } = options;
	const role = z.enum(ROLES).safeParse(options.role);
	if (!role.success || role.data === 'admin') throw codedValidationError({ role: { code: 'users.role_missing' } });
	requirePeopleAccess(actor, 'user.manage', options.municipalityId, role.data);
	const row = await memberOf(db, options.membershipId, options.municipalityId);
	if (isPerson(actor) && row.userId === actor.userId && row.role === 'samordnare' && role.data !== 'samordnare') {
		throw codedValidationError({ role: { code: 'users.own_coordinator_role' } });
	}
	if (row.role === role.data) return;
	await db.transaction(async (tx) => {
		await updateMembershipRole(tx, row.id, role.data);
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'users.membership.role_changed',
				entityType: 'user',
				entityId: row.userId,
				municipalityId: options.municipalityId,
				organisationId: row.organisationId,
				changes: { role: { before: row.role, after: role.data } }
			}
		);
	});
}

/** Ends the person's membership in this municipality; the account and its other memberships stay. */
export async function removeMember(options: { db: Db; actor: Principal; municipalityId: string; membershipId: string; ip?: string | null }) {
	const { db, actor } = options;
	requirePeopleAccess(actor, 'user.manage', options.municipalityId);
	const row = await memberOf(db, options.membershipId, options.municipalityId);
	if (isPerson(actor) && row.userId === actor.userId) throw codedValidationError({ membershipId: { code: 'users.remove_self' } });
	await db.transaction(async (tx) => {
		await deleteMembership(tx, row.id);
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'users.membership.removed',
				entityType: 'user',
				entityId: row.userId,
				municipalityId: options.municipalityId,
				organisationId: row.organisationId,
				changes: { role: { before: row.role, after: null }, email: { before: row.email, after: null } }
			}
		);
	});
}
