/**
 * Falun's drafted lägesbild for the demo: the three focus areas of seed 003 with their
 * reasoning, linked to the focus areas the demo action plan already has (the plan is seeded
 * first), so adopting it in the demo turns them into the lägesbild's. Socioeconomic demo
 * figures per area give that section something to show. Everything is marked as demo.
 */
import type { DbOrTx } from '../../../db/client';
import {
	insertReport,
	insertReportFocusArea,
	linkPlanToReport,
	listMunicipalityFocusAreas,
	listProblemsOf,
	plansOfMunicipality,
	replaceReportProblems
} from './situation-report.repository';
import { listAreaRows } from '../areas/areas.repository';
import { upsertIndicatorValues } from '../indicators/indicators.repository';

const SUMMARY = `Sammanfattningsvis visar lägesbilden att Falun på kommunnivå är en relativt säker och trygg kommun. Den totala anmälda brottsligheten för kommunen som helhet sticker inte ut negativt i jämförelse med snittet för övriga Dalarna och är lägre än genomsnittet för hela landet.

Genom att bryta ner kommunen i mindre geografiska områden framkommer det tydliga skillnader i Falun där några områden är i större behov av förebyggande insatser än andra. Tre fokusområden har valts ut. Att tre fokusområden pekas ut betyder inte att dessa är de enda utmaningarna som finns kopplat mot brott och otrygghet.

(Demodata: texten bygger på Faluns lägesbild 2024, siffrorna är syntetiska.)`;

const LEFT_OUT = `Organiserad brottslighet, kriminell ekonomi och brott mot välfärden är svåra att kartlägga med anmälningsstatistik; lokalt kunskapsunderlag saknas i nuläget.
Mörkertalet för cykelstölder är stort för billigare och äldre cyklar eftersom benägenheten att anmäla är lägre när ersättning från försäkringsbolag saknas.
Socialtjänstens aktualiseringar av barn och unga redovisas inte på områdesnivå av sekretesskäl.`;

const ANALYSIS = `Fokusområdena är de områden som bedöms ha stuckit ut vid en samlad bedömning av den statistik som funnits tillgänglig. I Bojsenburg, Nedre Norslund och Järnet är tryggheten lägre och de socioekonomiska förutsättningarna sämre än i kommunen som helhet. I stadskärnan och vid Resecentrum ökade cykelstölderna under 2023 och butiksstölderna är många. Arbetet med lägesbilder är återkommande med tvååriga cykler.`;

const FOCUS_AREAS = [
	{
		title: 'Barn och unga – geografiska områden',
		areas: ['Bojsenburg', 'Nedre Norslund', 'Järnet'],
		categories: ['misshandel', 'hot', 'skadegorelse', 'narkotika'],
		rationale: `Vi ser i Falun flera oroande tendenser kopplat till barn och unga vad gäller missbruk, brott och otrygghet. En ökning har skett av barn och unga som aktualiseras hos socialtjänsten med anledning av brott och missbruk.

I Falun har vi inget område som polisen klassar som utsatt område. Vi har dock några områden där boende har lägre skolresultat och lägre utbildningsnivå, där fler bor trångt, fler är långtidsarbetslösa och en högre andel får ekonomiskt bistånd. I de områdesbaserade trygghetsmätningarna upplever sig de boende i dessa områden mindre trygga och mer brottsutsatta än boende i andra delar av Falun.`,
		problems: [
			'Fler barn och unga aktualiseras hos socialtjänsten med anledning av brott och missbruk.',
			'Boende i Bojsenburg, Nedre Norslund och Järnet känner sig mindre trygga och är mer brottsutsatta än i kommunen som helhet.',
			'Äldre kriminellt belastade ungdomar och unga vuxna rekryterar barn att begå brott.'
		]
	},
	{
		title: 'Otrygghet i stadskärnan – Stölder, droger och andra otrygghetsskapande aktiviteter',
		areas: ['Stadskärnan', 'Knutpunkten/Holmtorget', 'Resecentrum'],
		categories: ['cykelstold', 'butiksstold', 'narkotika', 'ovrig_stold'],
		rationale: `Det ökade antalet personer med narkotikamissbruk som vistas i Faluns stadskärna bidrar till en ökad otrygghet och påverkar brottsligheten negativt, till exempel vad gäller narkotikabrott och stölder.

Under 2023 ökade antalet anmälda cykelstölder och stölder av elcyklar i Faluns stadskärna och vid Resecentrum/stationsområdet. Många rapporter under 2022 och 2023 handlade om stölder i butiker samt om barn och unga som hotat och trakasserat butikspersonal.`,
		problems: [
			'Cykelstölderna i stadskärnan och vid Resecentrum ökade under 2023.',
			'Butiksstölder och trakasserier av butikspersonal skapar otrygghet i stadskärnan.',
			'Begagnade sprutor och kanyler påträffas i centrala Falun.'
		]
	},
	{
		title: 'Organiserad brottslighet – kriminell ekonomi, otillbörlig påverkan och brott mot välfärden',
		areas: [],
		categories: ['bedrageri'],
		rationale: `Ett område som varit svårt att kartlägga i lägesbilden, men som ändå lyfts in, är organiserad brottslighet – kriminell ekonomi, otillbörlig påverkan och brott mot välfärden. Området pekas genom nationella kartläggningar ut som ett problemområde som både kostar samhället mycket pengar och som kan ses som demokratihotande. I nuläget saknas tillräcklig kunskap och kunskapsunderlag lokalt.`,
		problems: [
			'Lokalt kunskapsunderlag om kriminell ekonomi och brott mot välfärden saknas.',
			'Rutiner mot felaktiga utbetalningar och otillbörlig påverkan behöver förbättras.'
		]
	}
];

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
/** The part before the dash names the focus area; the plan's import may word the rest differently. */
const stem = (s: string) => normalise(s.split('–')[0]);

/** Socioeconomic figures per area as the seed describes them (lower education, more economic assistance in the three areas). */
function socioeconomicValues(municipalityId: string, areaIdOf: Map<string, string>) {
	const figures: Record<string, { education: number; assistance: number }> = {
		'Falu kommun': { education: 48, assistance: 3.1 },
		Stadskärnan: { education: 55, assistance: 3.4 },
		Bojsenburg: { education: 29, assistance: 9.8 },
		'Nedre Norslund': { education: 32, assistance: 8.6 },
		Järnet: { education: 30, assistance: 9.1 }
	};
	return Object.entries(figures).flatMap(([name, f]) => {
		const areaId = name === 'Falu kommun' ? null : (areaIdOf.get(name) ?? null);
		if (name !== 'Falu kommun' && !areaId) return [];
		const common = {
			municipalityId,
			areaId,
			regionCode: areaId ? null : '2080',
			period: '2023',
			sex: 'T',
			source: 'SCB (demodata i SCB:s format)',
			licence: 'Påhittade värden för demonstration',
			demo: true
		};
		return [
			{ ...common, indicator: 'demo_eftergymnasial', name: 'Andel 25–64 år med eftergymnasial utbildning (%)', value: f.education, unit: '%' },
			{ ...common, indicator: 'demo_ekonomiskt_bistand', name: 'Andel invånare med ekonomiskt bistånd (%)', value: f.assistance, unit: '%' }
		];
	});
}

export async function seedSituationReportDemo(db: DbOrTx, municipalityId: string): Promise<string> {
	const areas = await listAreaRows(db, municipalityId);
	const areaIdOf = new Map(areas.map((a) => [a.name, a.id]));
	await upsertIndicatorValues(db, socioeconomicValues(municipalityId, areaIdOf));

	const report = await insertReport(db, {
		municipalityId,
		title: 'Lägesbild för Falun – Brott och (o)trygghet',
		periodFrom: '2024-01-01',
		periodTo: '2024-12-31',
		summary: SUMMARY,
		sourcesUsed: `Polisanmälda brott per område (demodata: syntetiska brott 2020–2024).
Trygghetsmätning Falun 2022 och 2024 (demodata).
Kolada: anmälda brott och våldsbrott för Falun, Dalarna och riket (demodata i Koladas format).
SCB: utbildningsnivå och ekonomiskt bistånd per område (demodata).`,
		sourcesLeftOut: LEFT_OUT,
		crimeText:
			'Den anmälda brottsligheten är koncentrerad till stadskärnan, där butiksstölder och cykelstölder dominerar. Vid Resecentrum ökade cykelstölderna under 2023.',
		unsafetyText:
			'Trygghetsmätningen visar lägre trygghet en sen kväll i Bojsenburg, Nedre Norslund och Järnet än i kommunen som helhet, och kvinnor känner sig mindre trygga än män.',
		socioeconomicText: 'I Bojsenburg, Nedre Norslund och Järnet är utbildningsnivån lägre och andelen med ekonomiskt bistånd högre än i kommunen som helhet.',
		analysisText: ANALYSIS,
		demo: true
	});

	const existing = await listMunicipalityFocusAreas(db, municipalityId);
	const existingProblems = await listProblemsOf(
		db,
		existing.map((e) => e.id)
	);
	for (const [i, area] of FOCUS_AREAS.entries()) {
		// Reuse the demo plan's focus area (and its problems) rather than creating a duplicate.
		const match = existing.find((e) => stem(e.title) === stem(area.title));
		const row = await insertReportFocusArea(db, {
			reportId: report.id,
			sortOrder: i,
			title: area.title,
			rationale: area.rationale,
			areaIds: area.areas.map((name) => areaIdOf.get(name)).filter((id): id is string => !!id),
			categories: area.categories,
			focusAreaId: match?.id ?? null
		});
		const own = match ? existingProblems.filter((p) => p.focusAreaId === match.id).map((p) => ({ text: p.text, problemId: p.id as string | null })) : [];
		const added = area.problems.filter((text) => !own.some((p) => normalise(p.text) === normalise(text))).map((text) => ({ text, problemId: null }));
		await replaceReportProblems(db, row.id, [...own, ...added]);
	}
	// The demo plan "is based on" this lägesbild.
	const [plan] = await plansOfMunicipality(db, municipalityId);
	if (plan) await linkPlanToReport(db, plan.id, report.id);
	return report.id;
}
