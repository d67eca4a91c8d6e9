import type { Db } from '../../db/client';
import type { DemoRefs } from '../../demo/foundation';
import type { Actor } from '../../platform/authz';
import { readConfig } from '../../platform/config';
import { seededRandom } from '../../platform/seeded-random';
import { findMemberships, findUserByEmail } from '../users/public';
import { EST_DEFAULT_CATEGORIES, cycleByNumber, currentCycle } from './est.models';
import { addPriority, checkTask, createMeeting, decideTask, updateTaskProgress } from './est.meetings.usecases';
import { insertReports, replaceParticipants, upsertCycleSettings, type ReportInsert } from './est.repository';
import { runEscalationRoutine } from './est.escalation.usecases';
import { upsertEscalationSettings } from './est.escalation.repository';
import { systemActor } from '../../platform/authz';

/** Synthetic places in Falun (approximate points); the first is the repeat place the demo shows. */
const PLACES: { place: string; lat: number; lon: number; weight: number; categories: string[] }[] = [
	{
		place: 'Gruvparken, gångvägen',
		lat: 60.6035,
		lon: 15.62,
		weight: 0,
		categories: ['Belysning ur funktion', 'Mörk eller öde plats', 'Samling som upplevs hotfull']
	},
	{ place: 'Tallrisvägen 12, soprummet', lat: 60.596, lon: 15.665, weight: 3, categories: ['Skadegörelse', 'Nedskräpning', 'Brand/anlagd brand'] },
	{ place: 'Resecentrum, cykelgaraget', lat: 60.6044, lon: 15.641, weight: 3, categories: ['Skadegörelse', 'Misstänkt narkotikahandel', 'Kanyler/sprutor'] },
	{ place: 'Stora torget', lat: 60.607, lon: 15.631, weight: 3, categories: ['Samling som upplevs hotfull', 'Nedskräpning', 'Våld'] },
	{ place: 'Slättaskolan, skolgården', lat: 60.618, lon: 15.65, weight: 2, categories: ['Klotter', 'Skadegörelse', 'Olaglig moped-/EPA-körning'] },
	{ place: 'Hälsinggårdens centrum', lat: 60.626, lon: 15.656, weight: 2, categories: ['Hot mot personal', 'Inbrott', 'Samling som upplevs hotfull'] },
	{ place: 'Östanfors, lekplatsen', lat: 60.615, lon: 15.63, weight: 2, categories: ['Kanyler/sprutor', 'Nedskräpning', 'Skadegörelse'] },
	{ place: 'Britsen, gångtunneln', lat: 60.6, lon: 15.66, weight: 2, categories: ['Klotter', 'Belysning ur funktion', 'Mörk eller öde plats'] },
	{ place: 'Lugnet, parkeringen', lat: 60.614, lon: 15.601, weight: 1, categories: ['Olaglig moped-/EPA-körning', 'Inbrott', 'Annat'] },
	{ place: 'Herrhagen, källarförråden', lat: 60.6, lon: 15.648, weight: 2, categories: ['Inbrott', 'Skadegörelse', 'Brand/anlagd brand'] }
];
const STREETS: { place: string; lat: number; lon: number; categories: string[] }[] = [
	{ place: 'Tallrisvägen', lat: 60.596, lon: 15.665, categories: ['Skadegörelse', 'Nedskräpning', 'Brand/anlagd brand', 'Inbrott'] },
	{ place: 'Kopparvägen', lat: 60.5985, lon: 15.655, categories: ['Skadegörelse', 'Klotter', 'Nedskräpning'] },
	{ place: 'Herrhagsvägen', lat: 60.6005, lon: 15.647, categories: ['Inbrott', 'Skadegörelse', 'Annat'] },
	{ place: 'Gruvgatan', lat: 60.6055, lon: 15.625, categories: ['Klotter', 'Nedskräpning', 'Samling som upplevs hotfull'] },
	{ place: 'Åsgatan', lat: 60.6075, lon: 15.634, categories: ['Våld', 'Nedskräpning', 'Skadegörelse'] },
	{ place: 'Slättavägen', lat: 60.619, lon: 15.648, categories: ['Olaglig moped-/EPA-körning', 'Klotter', 'Skadegörelse'] },
	{ place: 'Hälsinggårdsvägen', lat: 60.625, lon: 15.658, categories: ['Inbrott', 'Hot mot personal', 'Skadegörelse'] },
	{ place: 'Britsarvsvägen', lat: 60.601, lon: 15.662, categories: ['Klotter', 'Belysning ur funktion', 'Nedskräpning'] }
];
const TIMES = ['natt', 'morgon', 'dag', 'kvall'] as const;
const DESCRIPTIONS: Record<string, string> = {
	'Belysning ur funktion': 'Flera lampor släckta längs gångvägen, mörkt efter klockan 16.',
	'Mörk eller öde plats': 'Ingen rör sig här på kvällen, buskarna skymmer sikten.',
	'Samling som upplevs hotfull': 'Större grupp samlas kvällstid, boende säger att de går en omväg.',
	Skadegörelse: 'Sönderslagen ruta och bortbruten dörrstängare.',
	Nedskräpning: 'Mycket skräp och glas kring soptunnorna.',
	'Brand/anlagd brand': 'Brand i papperskorg, släckt av boende.',
	Klotter: 'Nytt klotter på vägg och dörr.',
	'Misstänkt narkotikahandel': 'Korta möten vid cykelgaraget flera kvällar i rad.',
	'Kanyler/sprutor': 'Kanyler hittade och omhändertagna.',
	'Olaglig moped-/EPA-körning': 'EPA-traktorer kör på gång- och cykelbanan.',
	Våld: 'Slagsmål vid stängningsdags, polis tillkallad.',
	'Hot mot personal': 'Personal hotad vid entrén.',
	Inbrott: 'Uppbrutna förrådsdörrar.',
	Annat: 'Övergivna cyklar och mopeddelar.'
};

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (iso: string, days: number) => isoDay(new Date(new Date(`${iso}T00:00:00Z`).getTime() + days * 86_400_000));

async function personActor(db: Db, email: string): Promise<Actor | null> {
	const user = await findUserByEmail(db, email);
	return user ? { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(db, user.id) } : null;
}

/**
 * Falun's demo EST (issue 13): 14-day cycles over the last six months, about 600 synthetic reports
 * from Kopparstaden, the police and the municipality, Gruvparken reported in every cycle, a
 * meeting in each finished cycle with decisions, and tasks in every state.
 */
export async function seedEstDemo(db: Db, refs: DemoRefs, today = isoDay(new Date())): Promise<void> {
	const falun = refs.municipalities.falun;
	if (!falun) return;
	const coordinator = await personActor(db, 'samordnare@falun.demo');
	const caretaker = await personActor(db, 'kopparstaden@falun.demo');
	const police = await personActor(db, 'kommunpolis@falun.demo');
	if (!coordinator || !caretaker || !police) return;
	const config = readConfig();
	const random = seededRandom(1313);
	const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

	// The first cycle starts on the Monday about 26 weeks back.
	const back = new Date(`${addDays(today, -26 * 7)}T00:00:00Z`);
	const firstCycleStart = addDays(isoDay(back), -((back.getUTCDay() + 6) % 7));
	await upsertCycleSettings(db, { municipalityId: falun.id, cadence: '14dagar', firstCycleStart, updatedBy: coordinator.userId });
	const orgs = falun.organisations;
	await replaceParticipants(db, falun.id, [orgs.kommun, orgs.polis, orgs.kopparstaden, orgs.buf, orgs.sf].filter(Boolean));

	const current = currentCycle('14dagar', firstCycleStart, today);
	const reporters = [
		{ organisationId: orgs.kopparstaden, userId: caretaker.userId, share: 0.45 },
		{ organisationId: orgs.polis, userId: police.userId, share: 0.3 },
		{ organisationId: orgs.kommun, userId: coordinator.userId, share: 0.25 }
	];
	const weighted = PLACES.slice(1).flatMap((place) => Array.from({ length: place.weight }, () => place));
	// Most reports are from addresses on ordinary streets (few places come back); some from the named spots.
	const spotOf = () => {
		if (random() < 0.12) return pick(weighted);
		const street = pick(STREETS);
		return { ...street, place: `${street.place} ${1 + Math.floor(random() * 40)}`, weight: 1 };
	};
	const reports: ReportInsert[] = [];
	for (let number = 1; number <= current.number; number++) {
		const cycle = cycleByNumber('14dagar', firstCycleStart, number);
		const lastDay = cycle.end < today ? cycle.end : today;
		const days = Math.round((Date.parse(lastDay) - Date.parse(cycle.start)) / 86_400_000) + 1;
		const count = Math.round((42 + random() * 10) * (days / 14));
		for (let i = 0; i < count; i++) {
			// Gruvparken in every cycle: two to four reports each.
			const place = i < 2 + (number % 3) ? PLACES[0] : spotOf();
			const roll = random();
			const reporter = roll < reporters[0].share ? reporters[0] : roll < reporters[0].share + reporters[1].share ? reporters[1] : reporters[2];
			const category = random() < 0.85 ? pick(place.categories) : pick(EST_DEFAULT_CATEGORIES);
			const occurredOn = addDays(cycle.start, Math.floor(random() * days));
			reports.push({
				municipalityId: falun.id,
				category,
				place: place.place,
				latitude: Math.round((place.lat + (random() - 0.5) * 0.0015) * 1e5) / 1e5,
				longitude: Math.round((place.lon + (random() - 0.5) * 0.003) * 1e5) / 1e5,
				occurredOn,
				timeOfDay: category === 'Belysning ur funktion' || category === 'Samling som upplevs hotfull' ? 'kvall' : pick(TIMES),
				effect: 1 + Math.floor(random() * (place === PLACES[0] ? 2 : 3)) + (place === PLACES[0] ? 2 : 0),
				description: `Demodata: ${DESCRIPTIONS[category] ?? 'Händelse på platsen.'}`,
				organisationId: reporter.organisationId,
				reportedBy: reporter.userId,
				reportedAt: new Date(`${occurredOn}T20:00:00Z`)
			});
		}
	}
	await insertReports(db, reports);

	// A meeting on the Wednesday of the second week of each finished cycle (and the current one if it has passed).
	const slug = 'falun';
	const municipality = { id: falun.id, slug };
	const tasksByMeeting: { id: string; place: string }[][] = [];
	let previousMeeting: string | null = null;
	for (let number = 1; number <= current.number; number++) {
		const heldOn = addDays(cycleByNumber('14dagar', firstCycleStart, number).start, 9);
		if (heldOn > today) break;
		const participantIds = [orgs.kommun, orgs.polis, orgs.kopparstaden, ...(number % 2 ? [orgs.buf] : [])].filter(Boolean);
		const meeting = await createMeeting({
			db,
			config,
			actor: coordinator,
			municipality,
			input: { heldOn, participantIds, notes: 'Demodata: genomgång av förra cykelns rapporter och kartan.' },
			ip: null
		});
		if (number === 3) {
			await addPriority({
				db,
				actor: coordinator,
				meetingId: meeting.id,
				input: { place: 'Gruvparken, gångvägen', reason: 'Rapporteras varje cykel: mörkt och folk undviker gångvägen.' },
				ip: null
			});
		}
		// The previous meeting's tasks are checked: done, ongoing or not done, in turn.
		if (previousMeeting) {
			const states = ['klar', 'pagar', 'inte_klar'] as const;
			for (const [i, task] of (tasksByMeeting.at(-1) ?? []).entries()) {
				const status = states[(number + i) % 3];
				await checkTask({
					db,
					config,
					actor: coordinator,
					meetingId: meeting.id,
					taskId: task.id,
					municipalitySlug: slug,
					input: { status, comment: status === 'klar' ? 'Utfört.' : status === 'pagar' ? 'Påbörjat, följs upp nästa möte.' : 'Inte gjort: resurser saknades.' },
					ip: null
				});
			}
		}
		const place = number % 2 ? PLACES[1 + (number % 9)] : PLACES[0];
		const decisions = [
			{
				what: place === PLACES[0] ? 'Byta trasig belysning och glesa ut buskagen längs gångvägen' : 'Städa och laga, rapportera tillbaka',
				organisationId: orgs.kopparstaden
			},
			{ what: 'Extra kvällspatrullering, två kvällar i veckan', organisationId: orgs.polis }
		];
		const decided: { id: string; place: string }[] = [];
		for (const decision of decisions) {
			if (!decision.organisationId) continue;
			const task = await decideTask({
				db,
				config,
				actor: coordinator,
				meetingId: meeting.id,
				municipalitySlug: slug,
				input: { what: decision.what, place: place.place, organisationId: decision.organisationId, dueOn: addDays(heldOn, 10) },
				ip: null
			});
			decided.push({ id: task.id, place: place.place });
		}
		tasksByMeeting.push(decided);
		previousMeeting = meeting.id;
	}
	// The owner has reported progress on the latest meeting's Kopparstaden task: ongoing.
	const latest = tasksByMeeting.at(-1)?.[0];
	if (latest) {
		await updateTaskProgress({
			db,
			config,
			actor: caretaker,
			taskId: latest.id,
			municipalitySlug: slug,
			input: { status: 'pagar', comment: 'Beställt hos elfirman.' },
			ip: null
		});
	}
	// The routine (three cycles running, to the crime-prevention council) raises Gruvparken, prioritised since the third meeting: one escalation.
	await upsertEscalationSettings(db, {
		municipalityId: falun.id,
		repeatCycles: 3,
		recipientGroup: 'bra',
		recipientEmails: ['bra@falun.demo'],
		updatedBy: coordinator.userId
	});
	await runEscalationRoutine({ db, config, actor: systemActor('demo-seed'), municipality, today });
}
