import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { personActor, type Actor } from '../../platform/authz';
import { readConfig } from '../../platform/config';
import { sha256Hex } from '../../platform/crypto';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { listOutbox } from '../mail/mail.repository';
import { createOrganisation, linkOrganisation } from '../organisations/public';
import { findUserByEmail, findMemberships } from './users.repository';
import {
	acceptInvitation,
	changeMemberRole,
	inviteUser,
	listInvitations,
	openInvitation,
	removeMember,
	resendInvitation,
	withdrawInvitation
} from './invitations.usecases';
import { signIn } from './users.usecases';
import { listUsersWithMemberships } from './users.repository';

const config = { ...readConfig({}), origin: 'https://forebygg.test', smtpUrl: null };
const tokenOf = (link: string) => link.split('/inbjudan/')[1];

describe(`inviting people (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: string;
	let sunne: string;
	let admin: Actor;
	let coordinator: Actor;
	let sunneCoordinator: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = database.refs!.municipalities.falun.id;
		sunne = database.refs!.municipalities.sunne.id;
		const asActor = async (email: string) => {
			const user = (await findUserByEmail(database.db, email))!;
			return personActor(user, await findMemberships(database.db, user.id));
		};
		admin = await asActor('admin@forebygg.demo');
		coordinator = await asActor('samordnare@falun.demo');
		sunneCoordinator = await asActor('samordnare@sunne.demo');
	});
	afterAll(() => database.close());

	it('a coordinator invites a partner: the link is mailed through the outbox, stored only as a hash, and works once', async () => {
		const db = database.db;
		const kopparstaden = database.refs!.municipalities.falun.organisations.kopparstaden;
		const invite = { email: ' Ny.Person@Kopparstaden.se ', name: 'Nina Ny', role: 'medarbetare' as const, organisationId: kopparstaden, municipalityId: falun };
		await expect(inviteUser({ db, config, actor: sunneCoordinator, input: invite })).rejects.toBeInstanceOf(ForbiddenError);
		const { invitation, link } = await inviteUser({ db, config, actor: coordinator, input: invite });
		expect(invitation.email).toBe('ny.person@kopparstaden.se');
		expect(invitation.tokenHash).toBe(sha256Hex(tokenOf(link)));
		const stored = await queryRows<{ t: string }>(db, sql`select row_to_json(i)::text as t from invitations i`);
		expect(stored.map((r) => r.t).join()).not.toContain(tokenOf(link));
		const mail = (await listOutbox(db)).find((m) => m.toAddress === 'ny.person@kopparstaden.se')!;
		expect(mail.body).toContain(link);
		expect(mail.subject).toContain('Falun');
		expect((await listInvitations({ db, actor: coordinator, municipalityId: falun })).map((i) => i.email)).toContain('ny.person@kopparstaden.se');
		expect(await openInvitation(db, tokenOf(link))).toMatchObject({
			name: 'Nina Ny',
			municipalityName: 'Falun',
			organisationName: 'Kopparstaden',
			hasAccount: false
		});

		const short = await acceptInvitation({ db, token: tokenOf(link), password: 'kort' }).catch((e) => e);
		expect(short).toBeInstanceOf(ValidationError);
		const accepted = await acceptInvitation({ db, token: tokenOf(link), password: 'ett-långt-lösenord' });
		expect(accepted).toMatchObject({ email: 'ny.person@kopparstaden.se', municipalitySlug: 'falun', newAccount: true });
		const signedIn = await signIn({ db, config, email: 'ny.person@kopparstaden.se', password: 'ett-långt-lösenord', request: { ip: null, userAgent: null } });
		expect(signedIn.ok).toBe(true);
		const user = (await findUserByEmail(db, 'ny.person@kopparstaden.se'))!;
		expect(await findMemberships(db, user.id)).toEqual([{ role: 'medarbetare', organisationId: kopparstaden, municipalityId: falun }]);
		await expect(acceptInvitation({ db, token: tokenOf(link), password: 'ett-annat-lösenord' })).rejects.toBeInstanceOf(NotFoundError);
		expect(await openInvitation(db, tokenOf(link))).toBeNull();
		expect((await listInvitations({ db, actor: coordinator, municipalityId: falun })).map((i) => i.email)).not.toContain('ny.person@kopparstaden.se');
	});

	it('resending makes the old link stop working; withdrawing ends the invitation; expired links do not open', async () => {
		const db = database.db;
		const input = {
			email: 'tva@falun.se',
			name: 'Två',
			role: 'lasare' as const,
			organisationId: database.refs!.municipalities.falun.organisations.kommun,
			municipalityId: falun
		};
		const first = await inviteUser({ db, config, actor: coordinator, input });
		const again = await resendInvitation({ db, config, actor: coordinator, invitationId: first.invitation.id, municipalityId: falun });
		expect(await openInvitation(db, tokenOf(first.link))).toBeNull();
		expect(await openInvitation(db, tokenOf(again.link))).not.toBeNull();
		await expect(withdrawInvitation({ db, actor: sunneCoordinator, invitationId: first.invitation.id, municipalityId: falun })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(withdrawInvitation({ db, actor: sunneCoordinator, invitationId: first.invitation.id, municipalityId: sunne })).rejects.toBeInstanceOf(
			NotFoundError
		);
		await withdrawInvitation({ db, actor: coordinator, invitationId: first.invitation.id, municipalityId: falun });
		expect(await openInvitation(db, tokenOf(again.link))).toBeNull();

		const old = await inviteUser({ db, config, actor: coordinator, input: { ...input, email: 'gammal@falun.se' } });
		await db.execute(sql`update invitations set expires_at = now() - interval '1 minute' where id = ${old.invitation.id}`);
		expect(await openInvitation(db, tokenOf(old.link))).toBeNull();
		await expect(acceptInvitation({ db, token: tokenOf(old.link), password: 'ett-långt-lösenord' })).rejects.toBeInstanceOf(NotFoundError);
	});

	it('an invitation to a person who has an account adds the membership once they are signed in as that address', async () => {
		const db = database.db;
		const input = {
			email: 'samordnare@sunne.demo',
			name: 'Stina',
			role: 'lasare' as const,
			organisationId: database.refs!.municipalities.falun.organisations.kommun,
			municipalityId: falun
		};
		const { link } = await inviteUser({ db, config, actor: coordinator, input });
		expect((await openInvitation(db, tokenOf(link)))?.hasAccount).toBe(true);
		await expect(acceptInvitation({ db, token: tokenOf(link), password: null, actor: coordinator })).rejects.toBeInstanceOf(ForbiddenError);
		await acceptInvitation({ db, token: tokenOf(link), password: null, actor: sunneCoordinator });
		const memberships = await findMemberships(db, sunneCoordinator.userId);
		expect(memberships.map((m) => m.municipalityId).sort()).toEqual([falun, sunne].sort());
	});

	it('the coordinator changes roles and removes members of the municipality only', async () => {
		const db = database.db;
		const member = (await listUsersWithMemberships(db, falun)).find((u) => u.email === 'ny.person@kopparstaden.se')!;
		await expect(
			changeMemberRole({ db, actor: sunneCoordinator, municipalityId: falun, membershipId: member.membershipId!, role: 'lasare' })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(changeMemberRole({ db, actor: coordinator, municipalityId: falun, membershipId: member.membershipId!, role: 'admin' })).rejects.toBeInstanceOf(
			ValidationError
		);
		await changeMemberRole({ db, actor: coordinator, municipalityId: falun, membershipId: member.membershipId!, role: 'lasare' });
		const user = (await findUserByEmail(db, 'ny.person@kopparstaden.se'))!;
		expect((await findMemberships(db, user.id))[0].role).toBe('lasare');
		const own = (await listUsersWithMemberships(db, falun)).find((u) => u.email === 'samordnare@falun.demo')!;
		await expect(removeMember({ db, actor: coordinator, municipalityId: falun, membershipId: own.membershipId! })).rejects.toBeInstanceOf(ValidationError);
		await removeMember({ db, actor: coordinator, municipalityId: falun, membershipId: member.membershipId! });
		expect(await findMemberships(db, user.id)).toEqual([]);
	});

	it("a police area's staff get one membership and work in every municipality the area serves", async () => {
		const db = database.db;
		await expect(createOrganisation({ db, actor: coordinator, municipalityId: falun, name: 'Kopparstaden', type: 'bostadsbolag' })).rejects.toBeInstanceOf(
			ValidationError
		);
		const area = await createOrganisation({ db, actor: coordinator, municipalityId: falun, name: 'Lokalpolisområde Dalarna Syd', type: 'lokalpolisomrade' });
		expect(area.slug).toBe('lokalpolisomrade-dalarna-syd');
		await expect(linkOrganisation({ db, actor: coordinator, organisationId: area.id, municipalityId: sunne, linked: true })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await linkOrganisation({ db, actor: admin, organisationId: area.id, municipalityId: sunne, linked: true });
		// Coordinators invite for their municipality; an area-wide membership is the admin's to give.
		await expect(
			inviteUser({
				db,
				config,
				actor: coordinator,
				input: { email: 'polis@dalarna.se', name: 'Pia Polis', role: 'medarbetare', organisationId: area.id, municipalityId: null }
			})
		).rejects.toBeInstanceOf(ForbiddenError);
		const { link } = await inviteUser({
			db,
			config,
			actor: admin,
			input: { email: 'polis@dalarna.se', name: 'Pia Polis', role: 'medarbetare', organisationId: area.id, municipalityId: null }
		});
		await acceptInvitation({ db, token: tokenOf(link), password: 'ett-långt-lösenord' });
		const user = (await findUserByEmail(db, 'polis@dalarna.se'))!;
		const memberships = await findMemberships(db, user.id);
		expect(memberships.map((m) => m.municipalityId).sort()).toEqual([falun, sunne].sort());
		expect(memberships.every((m) => m.organisationId === area.id && m.role === 'medarbetare')).toBe(true);
		const rows = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from memberships where user_id = ${user.id}`);
		expect(Number(rows[0].n)).toBe(1);
	});
});
