import sharp from 'sharp';
import type { Db } from '../../db/client';
import type { DemoRefs } from '../../demo/foundation';
import { systemActor } from '../../platform/authz';
import { listAreaRows } from '../situation/public';
import {
	assignFinding,
	changeFindingState,
	planWalk,
	recheckFinding,
	recordFinding,
	scoreStop,
	setPhotoPublication,
	setWalkPublished,
	walkDetail
} from './walks.usecases';
import type { FindingState } from './walks.models';

const SEED = systemActor('demo-seed');
/** The demo sends no mail: owner links land in the outbox. */
const CONFIG = { origin: 'http://localhost:3000', smtpUrl: null, mailFrom: 'demo@forebygg.local' };

/** A stand-in photo (a dark scene with a caption), since the demo ships no real photos of people's streets. */
async function demoPhoto(caption: string, light: boolean): Promise<Uint8Array> {
	const background = light ? { r: 150, g: 170, b: 150 } : { r: 28, g: 32, b: 44 };
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><text x="60" y="740" font-family="Arial" font-size="54" fill="#ffffff">${caption}</text></svg>`;
	return new Uint8Array(
		await sharp({ create: { width: 1200, height: 800, channels: 3, background } })
			.composite([{ input: Buffer.from(svg) }])
			.jpeg()
			.toBuffer()
	);
}

type Owner = { org: string } | { name: string; email: string } | null;
interface DemoFinding {
	stop: number;
	category: string;
	description: string;
	measure: string;
	owner: Owner;
	/** The state the demo leaves it in, reached through the real use cases. */
	state: FindingState;
	answer?: string;
	plannedOn?: string;
	reason?: string;
	photo?: boolean;
}

const TRAFIKVERKET = { name: 'Trafikverket Region Mitt', email: 'belysning.mitt@trafikverket.demo' };
const ENERGI = { name: 'Falu Energi & Vatten', email: 'gatubelysning@fev.demo' };
const BRF = { name: 'Brf Bojsenburgshöjden', email: 'styrelsen@bojsenburgshojden.demo' };
const CENTRUM = { name: 'Fastighets AB Centrumhuset', email: 'forvaltning@centrumhuset.demo' };

const BOJSENBURG_STOPS = [
	'Bojsenburgs centrum, vid kiosken | 60.6173, 15.6062',
	'Gångtunneln under Bojsenburgsvägen | 60.6162, 15.6088',
	'Lekplatsen vid Gruvriddargatan | 60.6181, 15.6101',
	'Busshållplatsen Bojsenburg | 60.6190, 15.6049',
	'Gång- och cykelvägen mot Kopparvallen | 60.6155, 15.6031',
	'Parkeringen vid Bojsenburgsskolan | 60.6168, 15.6020'
].join('\n');

const STADSKARNAN_STOPS = [
	'Stora torget | 60.6068, 15.6302',
	'Resecentrum, tunneln mot Gruvgatan | 60.6041, 15.6334',
	'Kyrkbacken | 60.6077, 15.6271',
	'Åsgatan, krogstråket | 60.6059, 15.6282',
	'Parkeringshuset Falan | 60.6085, 15.6321'
].join('\n');

const BOJSENBURG: DemoFinding[] = [
	{
		stop: 1,
		category: 'Belysning',
		description: 'Tre av fem armaturer i gångtunneln är släckta; tunneln är helt mörk i mitten.',
		measure: 'Byt armaturerna och sätt skadegörelseskydd.',
		owner: { ...TRAFIKVERKET },
		state: 'planerad',
		plannedOn: '2026-05-15',
		answer: 'Armaturerna byts i samband med vårens underhållsrunda.'
	},
	{
		stop: 1,
		category: 'Skötsel, nedskräpning och klotter',
		description: 'Klotter och glassplitter i tunnelns norra mynning.',
		measure: 'Sanera klotter och sopa inom ett dygn efter anmälan.',
		owner: { org: 'sf' },
		state: 'atgardad',
		answer: 'Sanerat och inlagt i veckorundan.',
		photo: true
	},
	{
		stop: 2,
		category: 'Vegetation',
		description: 'Buskage runt lekplatsen skymmer sikten från husen.',
		measure: 'Beskär buskaget till 60 cm.',
		owner: { org: 'kopparstaden' },
		state: 'atgardad',
		answer: 'Buskaget är nerklippt.',
		photo: true
	},
	{
		stop: 2,
		category: 'Belysning',
		description: 'Lekplatsen saknar belysning efter kl. 17 vintertid.',
		measure: 'Sätt upp två belysningsstolpar.',
		owner: { org: 'kopparstaden' },
		state: 'delvis_atgardad',
		answer: 'En stolpe uppsatt, den andra kräver schaktning i vår.'
	},
	{
		stop: 3,
		category: 'Kollektivtrafikens hållplatser',
		description: 'Hållplatsens väderskydd är krossat och belysningen trasig.',
		measure: 'Byt glas och belysning i väderskyddet.',
		owner: { name: 'Dalatrafik', email: 'hallplatser@dalatrafik.demo' },
		state: 'tilldelad'
	},
	{
		stop: 3,
		category: 'Människor och aktivitet',
		description: 'Grupper samlas kvällstid vid hållplatsen; boende undviker den.',
		measure: 'Fältassistenter och polis besöker platsen fredagar.',
		owner: { org: 'polis' },
		state: 'planerad',
		plannedOn: '2026-02-01',
		answer: 'Ingår i polisens helgplanering från februari.'
	},
	{
		stop: 4,
		category: 'Gömställen',
		description: 'Förrådsbyggnad längs gång- och cykelvägen skapar en skymd hörna.',
		measure: 'Flytta förrådet eller sätt spegel och belysning.',
		owner: { ...BRF },
		state: 'inte_vart_ansvar',
		answer: 'Förrådet står på kommunens mark, inte föreningens.'
	},
	{
		stop: 4,
		category: 'Flyktvägar',
		description: 'Staket längs cykelvägen saknar öppning på 300 meter.',
		measure: 'Öppna en passage mot bostadsgatan.',
		owner: { org: 'msf' },
		state: 'avvisad',
		reason: 'Staketet skyddar mot järnvägen och får enligt säkerhetskraven inte öppnas.'
	},
	{
		stop: 5,
		category: 'Belysning',
		description: 'Parkeringen vid skolan är mörk; två stolpar ur funktion.',
		measure: 'Laga stolparna och byt till LED.',
		owner: { ...ENERGI },
		state: 'atgardad',
		answer: 'Stolparna lagade och bytta till LED.',
		photo: true
	},
	{
		stop: 5,
		category: 'Skyltning och orientering',
		description: 'Ingen skylt visar vägen till busshållplatsen från parkeringen.',
		measure: 'Sätt upp vägvisning.',
		owner: { org: 'msf' },
		state: 'ny'
	},
	{
		stop: 0,
		category: 'Känsla',
		description: 'Kiosken stänger kl. 18 och centrum känns öde efteråt.',
		measure: 'Pröva kvällsaktiviteter i samverkan med föreningar.',
		owner: { org: 'kof' },
		state: 'planerad',
		plannedOn: '2026-03-01',
		answer: 'Kvällsöppen fritidsgård på torget från mars.'
	},
	{
		stop: 0,
		category: 'Sikt och överblickbarhet',
		description: 'Reklamskyltar i kioskens fönster skymmer insynen mot torget.',
		measure: 'Be fastighetsägaren hålla fönstren fria.',
		owner: null,
		state: 'ny'
	}
];

const STADSKARNAN: DemoFinding[] = [
	{
		stop: 0,
		category: 'Belysning',
		description: 'Torgets östra del är mörk när julbelysningen tagits ner.',
		measure: 'Permanent belysning i träden.',
		owner: { org: 'msf' },
		state: 'planerad',
		plannedOn: '2026-10-01',
		answer: 'Ingår i torgets upprustning i höst.'
	},
	{
		stop: 1,
		category: 'Gömställen',
		description: 'Nischer i tunneln mot Gruvgatan där man inte syns.',
		measure: 'Bygg igen nischerna och sätt speglar.',
		owner: { ...TRAFIKVERKET },
		state: 'tilldelad'
	},
	{
		stop: 1,
		category: 'Skötsel, nedskräpning och klotter',
		description: 'Urin och nedskräpning i tunneln varje helg.',
		measure: 'Tätare städning fredag–söndag.',
		owner: { org: 'sf' },
		state: 'atgardad',
		answer: 'Städning lördag och söndag morgon.',
		photo: true
	},
	{
		stop: 2,
		category: 'Vegetation',
		description: 'Häckarna längs Kyrkbacken är över två meter höga.',
		measure: 'Beskär häckarna.',
		owner: { org: 'sf' },
		state: 'delvis_atgardad',
		answer: 'Halva sträckan beskuren.'
	},
	{
		stop: 3,
		category: 'Människor och aktivitet',
		description: 'Trängsel och bråk vid krogarnas stängning kl. 02.',
		measure: 'Samordnad stängning och ordningsvakter.',
		owner: { org: 'polis' },
		state: 'planerad',
		plannedOn: '2026-06-01',
		answer: 'Samverkansavtal med krogarna om stängning klart till sommaren.'
	},
	{
		stop: 3,
		category: 'Flyktvägar',
		description: 'Gränden mellan Åsgatan och Slaggatan är återvändsgränd nattetid.',
		measure: 'Håll grinden olåst eller skylta.',
		owner: { ...CENTRUM },
		state: 'inte_vart_ansvar',
		answer: 'Grinden ägs av grannfastigheten.'
	},
	{
		stop: 4,
		category: 'Belysning',
		description: 'Parkeringshusets trapphus har trasig belysning på plan 3.',
		measure: 'Laga belysningen och sätt rörelsesensorer.',
		owner: { ...CENTRUM },
		state: 'atgardad',
		answer: 'Lagat, sensorer installerade.',
		photo: true
	},
	{
		stop: 4,
		category: 'Skyltning och orientering',
		description: 'Nödutgångarna i parkeringshuset är dåligt skyltade.',
		measure: 'Ny skyltning.',
		owner: { ...CENTRUM },
		state: 'ny'
	},
	{
		stop: 2,
		category: 'Känsla',
		description: 'Kyrkbacken upplevs som otrygg för kvinnor sena kvällar.',
		measure: 'Trygghetsvärdar fredag och lördag.',
		owner: { org: 'kommun' },
		state: 'avvisad',
		reason: 'Ryms inte i årets budget; tas upp i nästa åtgärdsplan.'
	},
	{
		stop: 0,
		category: 'Sikt och överblickbarhet',
		description: 'Uteserveringens plank skymmer torget från Åsgatan.',
		measure: 'Lägre plank vid nästa bygglov.',
		owner: { org: 'msf' },
		state: 'tilldelad'
	}
];

/** Seeds one walk: plan, findings, owners and answers, all through the use cases (so all is audited). */
async function seedWalk(db: Db, refs: DemoRefs, municipalityId: string, input: Record<string, unknown>, findings: DemoFinding[], prefix: string) {
	const orgs = refs.municipalities.falun.organisations;
	const { id } = await planWalk({ db, actor: SEED, municipalityId, input, ip: null });
	const view = await walkDetail({ db, actor: SEED, municipalityId, walkId: id });
	for (const [index, stop] of view.stops.entries()) {
		for (const [c, category] of view.walk.checklist.entries()) {
			await scoreStop({ db, actor: SEED, municipalityId, walkId: id, stopId: stop.id, category, score: 1 + ((index * 3 + c * 7) % 4), ip: null });
		}
	}
	for (const [index, demo] of findings.entries()) {
		const stop = view.stops[demo.stop];
		const { id: findingId } = await recordFinding({
			db,
			actor: SEED,
			municipalityId,
			walkId: id,
			input: {
				clientId: `demo-${prefix}-${index + 1}`,
				stopId: stop.id,
				lat: String((stop.lat ?? 0) + ((index % 3) - 1) * 0.0003),
				lon: String((stop.lon ?? 0) + ((index % 2) * 2 - 1) * 0.0004),
				category: demo.category,
				description: demo.description,
				proposedMeasure: demo.measure,
				notedBy: ['Sara Samordnare', 'Kim Kommunpolis', 'Karin Kopparstaden', 'En boende'][index % 4]
			},
			photos: index % 3 === 0 ? [await demoPhoto(demo.category, false)] : [],
			ip: null
		});
		if (!demo.owner) continue;
		const ownerInput =
			'org' in demo.owner
				? { ownerOrganisationId: orgs[demo.owner.org], ownerName: '', ownerEmail: '' }
				: { ownerOrganisationId: '', ownerName: demo.owner.name, ownerEmail: demo.owner.email };
		await assignFinding({ db, actor: SEED, municipalityId, municipalitySlug: 'falun', findingId, input: ownerInput, config: CONFIG, ip: null });
		if (demo.state === 'tilldelad') continue;
		await changeFindingState({
			db,
			actor: SEED,
			municipalityId,
			findingId,
			input: { state: demo.state, plannedOn: demo.plannedOn ?? '', note: demo.answer ?? '', rejectReason: demo.reason ?? '' },
			photo: demo.photo ? await demoPhoto(`Åtgärdat: ${demo.category}`, true) : null,
			ip: null
		});
	}
	return id;
}

/** Falun's safety walks: Bojsenburg (with a re-walk half a year later) and Stadskärnan (published). */
export async function seedWalksDemo({ db, refs }: { db: Db; refs: DemoRefs }) {
	const falun = refs.municipalities.falun;
	if (!falun) return;
	const orgs = falun.organisations;
	const areas = await listAreaRows(db, falun.id);
	const areaId = (name: string) => areas.find((a) => a.name === name)?.id ?? '';
	const plan = (title: string, area: string, stops: string, at: { pre: string; walk: string; follow: string }, residents: string, previousWalkId = '') => ({
		title,
		areaId: areaId(area),
		areaName: area,
		meetingPlace: area === 'Bojsenburg' ? 'Bojsenburgs centrum, vid kiosken' : 'Stora torget, vid Engelbrektsstatyn',
		organiser: 'Falu kommun, trygghetssamordnaren',
		invitedOrganisationIds: [orgs.polis, orgs.kopparstaden, orgs.msf, orgs.sf].filter(Boolean),
		residentsExpected: residents,
		preMeetingAt: at.pre,
		walkAt: at.walk,
		followUpAt: at.follow,
		stops,
		route: '',
		previousWalkId
	});
	const bojsenburg = await seedWalk(
		db,
		refs,
		falun.id,
		plan(
			'Trygghetsvandring Bojsenburg hösten 2025',
			'Bojsenburg',
			BOJSENBURG_STOPS,
			{ pre: '2025-10-07T18:00', walk: '2025-10-14T19:00', follow: '2025-11-04T18:00' },
			'18'
		),
		BOJSENBURG,
		'boj'
	);
	const stadskarnan = await seedWalk(
		db,
		refs,
		falun.id,
		plan(
			'Trygghetsvandring Stadskärnan våren 2026',
			'Stadskärnan',
			STADSKARNAN_STOPS,
			{ pre: '2026-03-10T18:00', walk: '2026-03-17T19:00', follow: '2026-04-07T18:00' },
			'24'
		),
		STADSKARNAN,
		'stad'
	);
	// The re-walk: the autumn's findings checked on site — two still there, one fixed since.
	const { id: rewalk } = await planWalk({
		db,
		actor: SEED,
		municipalityId: falun.id,
		input: plan(
			'Återvandring Bojsenburg våren 2026',
			'Bojsenburg',
			BOJSENBURG_STOPS,
			{ pre: '', walk: '2026-04-21T19:00', follow: '2026-05-12T18:00' },
			'12',
			bojsenburg
		),
		ip: null
	});
	const earlier = (await walkDetail({ db, actor: SEED, municipalityId: falun.id, walkId: rewalk })).previous!.findings;
	const byText = (start: string) => earlier.find((f) => f.description.startsWith(start))!;
	await recheckFinding({
		db,
		actor: SEED,
		municipalityId: falun.id,
		walkId: rewalk,
		earlierFindingId: byText('Tre av fem armaturer').id,
		outcome: 'kvarstar',
		ip: null
	});
	await recheckFinding({
		db,
		actor: SEED,
		municipalityId: falun.id,
		walkId: rewalk,
		earlierFindingId: byText('Förrådsbyggnad').id,
		outcome: 'kvarstar',
		ip: null
	});
	await recheckFinding({
		db,
		actor: SEED,
		municipalityId: falun.id,
		walkId: rewalk,
		earlierFindingId: byText('Lekplatsen saknar').id,
		outcome: 'atgardad',
		photo: await demoPhoto('Återbesök: ny belysning', true),
		ip: null
	});
	await setWalkPublished({ db, actor: SEED, municipalityId: falun.id, walkId: stadskarnan, published: true, ip: null });
	await setWalkPublished({ db, actor: SEED, municipalityId: falun.id, walkId: bojsenburg, published: true, ip: null });
	// After photos show places, not people: the coordinator marked them publishable.
	for (const walkId of [stadskarnan, bojsenburg]) {
		for (const finding of (await walkDetail({ db, actor: SEED, municipalityId: falun.id, walkId })).findings) {
			for (const photo of finding.photos.filter((p) => p.kind === 'efter')) {
				await setPhotoPublication({ db, actor: SEED, municipalityId: falun.id, photoId: photo.id, publishable: true, ip: null });
			}
		}
	}
}
