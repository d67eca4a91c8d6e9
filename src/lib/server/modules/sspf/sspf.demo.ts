import type { Db } from '../../db/client';
import type { DemoRefs } from '../../demo/foundation';
import { DEMO_PASSWORD } from '../../demo/foundation';
import { systemActor, type SystemReason } from '../../platform/permissions';
import { createUser, findUserByEmail } from '../users/public';
import type { SspfKeyring } from './sspf.crypto';
import { luhnValid } from './personnummer';
import { addEntry, addGroupMember, createCase, recordConsent, setCaseStatus, setPlanLead, setTeamMember, withdrawConsent } from './sspf.usecases';

const addDays = (iso: string, days: number) => {
	const date = new Date(`${iso}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
};

/** A valid but obviously made-up number: born `years` before `today`, serial 98x (odd x: man). */
export function fictionalPersonnummer(today: string, years: number, gender: 'man' | 'kvinna', salt: number): string {
	const birth = `${Number(today.slice(0, 4)) - years}${today.slice(5, 7)}${String(Math.min(28, salt + 1)).padStart(2, '0')}`;
	const serial = `98${gender === 'man' ? 1 + (salt % 4) * 2 : (salt % 4) * 2}`;
	for (let check = 0; check < 10; check++) if (luhnValid(`${birth.slice(2)}${serial}${check}`)) return `${birth}-${serial}${check}`;
	throw new Error('no check digit');
}

/** The SSPF staff of the Falun demo (password as the other demo accounts). */
export const SSPF_DEMO_USERS = [
	{ key: 'coordinator', email: 'sspf-samordnare@falun.demo', name: 'Siv SSPF-samordnare', organisation: 'kommun' },
	{ key: 'school', email: 'skolkurator@falun.demo', name: 'Selma Skolkurator', organisation: 'buf' },
	{ key: 'social', email: 'socialsekreterare@falun.demo', name: 'Sigge Socialsekreterare', organisation: 'asf' },
	{ key: 'leisure', email: 'fritidsledare@falun.demo', name: 'Frida Fritidsledare', organisation: 'kof' }
] as const;

/**
 * Falun's SIG with five fictional young people ("Testperson Ett" …) in different states: consents of
 * different scopes, one withdrawn, one expired and one ending within 30 days; dates are relative to
 * today so the demo stays current.
 */
export async function seedSspfDemo(options: { db: Db; refs: DemoRefs; keyring: SspfKeyring; today?: string; reason?: SystemReason }) {
	const { db, keyring } = options;
	const today = options.today ?? new Date().toISOString().slice(0, 10);
	const falun = options.refs.municipalities.falun!;
	const org = falun.organisations;
	const actor = systemActor(options.reason ?? 'demo-seed');
	const context = { db, actor, keyring, today };
	const ids: Record<string, string> = {};
	for (const user of SSPF_DEMO_USERS) {
		const existing = await findUserByEmail(db, user.email);
		ids[user.key] =
			existing?.id ??
			(
				await createUser({
					db,
					actor,
					input: {
						email: user.email,
						name: user.name,
						password: DEMO_PASSWORD,
						role: 'medarbetare',
						municipalityId: falun.id,
						organisationId: org[user.organisation]!
					}
				})
			).id;
	}
	const police = (await findUserByEmail(db, 'kommunpolis@falun.demo'))!.id;
	const boardMember = (await findUserByEmail(db, 'politiker@falun.demo'))!.id;
	const braCoordinator = (await findUserByEmail(db, 'samordnare@falun.demo'))!.id;
	await addGroupMember(context, { municipalityId: falun.id, userId: ids.coordinator!, groupKind: 'beredningsgrupp', coordinator: true });
	for (const member of [ids.school!, ids.social!, ids.leisure!, police])
		await addGroupMember(context, { municipalityId: falun.id, userId: member, groupKind: 'beredningsgrupp' });
	for (const member of [boardMember, braCoordinator]) await addGroupMember(context, { municipalityId: falun.id, userId: member, groupKind: 'styrgrupp' });

	const team = {
		school: { userId: ids.school!, organisationId: org.buf! },
		social: { userId: ids.social!, organisationId: org.asf! },
		police: { userId: police, organisationId: org.polis! },
		leisure: { userId: ids.leisure!, organisationId: org.kof! }
	};
	const guardians = (surname: string) => [
		{ name: `Vårdnadshavare Ett ${surname}`, phone: '070-000 00 01' },
		{ name: `Vårdnadshavare Två ${surname}`, phone: '070-000 00 02' }
	];
	const cases = [
		{
			name: 'Testperson Ett',
			age: 14,
			gender: 'man',
			source: 'skola',
			from: 'Slättaskolan (fiktiv), rektor',
			teamOf: ['school', 'social', 'police'],
			categories: ['skola', 'socialtjanst', 'polis'],
			consent: [-60, 300]
		},
		{
			name: 'Testperson Två',
			age: 16,
			gender: 'kvinna',
			source: 'socialtjanst',
			from: 'Socialtjänstens mottagning',
			teamOf: ['school', 'leisure'],
			categories: ['skola', 'fritid'],
			consent: [-340, 20]
		},
		{
			name: 'Testperson Tre',
			age: 19,
			gender: 'man',
			source: 'polis',
			from: 'Kommunpolisen',
			teamOf: ['social', 'police'],
			categories: ['socialtjanst', 'polis'],
			consent: [-30, 330],
			withdrawn: true,
			status: 'vilande'
		},
		{
			name: 'Testperson Fyra',
			age: 14,
			gender: 'kvinna',
			source: 'vardnadshavare',
			from: 'Vårdnadshavare',
			teamOf: ['school', 'social'],
			categories: ['skola', 'socialtjanst'],
			consent: [-400, -36]
		},
		{
			name: 'Testperson Fem',
			age: 19,
			gender: 'kvinna',
			source: 'fritid',
			from: 'Fritidsgården (fiktiv)',
			teamOf: ['social', 'leisure'],
			categories: ['socialtjanst', 'fritid', 'halsa'],
			consent: [-200, 100],
			status: 'avslutad'
		}
	] as const;
	let salt = 0;
	for (const demo of cases) {
		salt += 1;
		const referredOn = addDays(today, Math.min(demo.consent[0], 0) - 10);
		const adult = demo.age >= 18;
		const surname = demo.name.split(' ')[1]!;
		const created = await createCase(
			context,
			falun.id,
			{
				name: demo.name,
				personnummer: fictionalPersonnummer(today, demo.age, demo.gender, salt),
				guardians: adult ? [] : guardians(surname),
				referralFrom: demo.from,
				referralSource: demo.source,
				referralReason: 'Fiktiv remiss för demonstration: oro för normbrytande beteende och skolfrånvaro.',
				referredOn
			},
			ids.coordinator
		);
		for (const key of demo.teamOf) await setTeamMember(context, created.id, team[key]);
		const validFrom = addDays(today, demo.consent[0]);
		const signatories = adult
			? [{ role: 'ungdomen' as const, name: demo.name }]
			: [
					...guardians(surname).map((g) => ({ role: 'vardnadshavare' as const, name: g.name })),
					...(demo.age >= 15 ? [{ role: 'ungdomen' as const, name: demo.name }] : [])
				];
		const consentId = await recordConsent(
			{ ...context, today: validFrom },
			created.id,
			{
				signatories,
				categories: demo.categories,
				recipients: demo.teamOf.map((key) => ({ organisationId: team[key].organisationId, unit: '' })),
				validFrom,
				validTo: addDays(today, demo.consent[1])
			},
			// A minimal PDF standing in for the scanned, signed form.
			Buffer.from('%PDF-1.4\n% Fiktivt samtyckesformulär (demo)\n%%EOF\n')
		);
		if ('withdrawn' in demo && demo.withdrawn) await withdrawConsent(context, consentId, { whole: true });
		const assessor = team[demo.teamOf[0]];
		const category = demo.categories[0];
		const assessAt = { ...context, actor, today: validFrom };
		await addEntry(assessAt, created.id, {
			kind: 'assessment',
			category,
			occurredOn: validFrom,
			data: { factor: 'language_school', level: 'finns', note: 'Hög frånvaro (fiktivt).' }
		});
		await addEntry(assessAt, created.id, {
			kind: 'assessment',
			category,
			occurredOn: validFrom,
			data: { factor: 'positive_company', level: 'finns_inte', note: '' }
		});
		await addEntry(assessAt, created.id, {
			kind: 'assessment',
			category,
			occurredOn: addDays(validFrom, 45),
			data: { factor: 'language_school', level: 'delvis', note: 'Närvaron har ökat (fiktivt).' }
		});
		await addEntry(assessAt, created.id, {
			kind: 'goal',
			category: 'grund',
			occurredOn: validFrom,
			data: { goal: 'Regelbunden skolgång och en meningsfull fritidsaktivitet.' }
		});
		await addEntry(assessAt, created.id, {
			kind: 'action',
			category,
			occurredOn: validFrom,
			dueOn: addDays(validFrom, 30),
			ownerOrganisationId: assessor.organisationId,
			data: { action: 'Veckovisa samtal med mentor.' }
		});
		await setPlanLead(context, created.id, org.asf!);
		if ('status' in demo) await setCaseStatus({ ...context, today: addDays(today, -90) }, created.id, demo.status);
	}
}
