import type { DbOrTx } from '../../db/client';
import { listAreaRows } from './areas/areas.repository';
import { upsertIndicatorValues } from './indicators/indicators.repository';
import { isoWeekday, type CrimeCategory, type CrimeRow } from './situation.models';
import { saveAreas, loadAssigner, type AreaInput } from './areas/areas.usecases';
import { saveCrimeRows } from './crimes/crimes.usecases';
import { bboxOf, containsPoint, mapGeometry, prepareShape, swerefToWgs84, type Geometry, type Position } from '../../platform/geo/spatial';
import { seededRandom } from '../../platform/seeded-random';

/**
 * Demo data for Falun: approximate areas named in the seed documents, five years of
 * synthetic crimes showing the seed's patterns, and Kolada-style indicators and a survey.
 * Everything is marked as demo; none of it is real statistics.
 */

/** An irregular polygon around a centre (SWEREF 99 TM metres), wobbling by ±15 %. */
function blob(e: number, n: number, rx: number, ry: number, corners: number, seed: number): Position[] {
	const random = seededRandom(seed);
	const ring: Position[] = [];
	for (let i = 0; i < corners; i++) {
		const angle = (i / corners) * 2 * Math.PI;
		const wobble = 0.85 + random() * 0.3;
		ring.push([Math.round(e + Math.cos(angle) * rx * wobble), Math.round(n + Math.sin(angle) * ry * wobble)]);
	}
	ring.push(ring[0]);
	return ring;
}

// Stora torget in Falun is near E 534 795, N 6 719 127.
const DEMO_AREAS: { kind: 'kommun' | 'egen'; code: string; name: string; ring: Position[]; population: number }[] = [
	{ kind: 'kommun', code: '2080', name: 'Falu kommun', ring: blob(528000, 6724000, 30000, 26000, 16, 1), population: 59800 },
	{ kind: 'egen', code: 'stadskarnan', name: 'Stadskärnan', ring: blob(534800, 6719150, 750, 520, 12, 2), population: 4800 },
	{ kind: 'egen', code: 'knutpunkten-holmtorget', name: 'Knutpunkten/Holmtorget', ring: blob(534620, 6719260, 140, 110, 8, 3), population: 150 },
	{ kind: 'egen', code: 'resecentrum', name: 'Resecentrum', ring: blob(535520, 6718680, 200, 150, 8, 4), population: 120 },
	{ kind: 'egen', code: 'bojsenburg', name: 'Bojsenburg', ring: blob(533500, 6720350, 600, 450, 10, 5), population: 3200 },
	{ kind: 'egen', code: 'nedre-norslund', name: 'Nedre Norslund', ring: blob(535900, 6720500, 650, 480, 10, 6), population: 3900 },
	{ kind: 'egen', code: 'jarnet', name: 'Järnet', ring: blob(533600, 6717700, 550, 420, 10, 7), population: 2600 }
];

const YEARS = [2020, 2021, 2022, 2023, 2024];

export function demoAreas(): AreaInput[] {
	return DEMO_AREAS.map((a) => {
		const planar: Geometry = { type: 'Polygon', coordinates: [a.ring] };
		const wgs = mapGeometry(planar, ([e, n]) => {
			const [lon, lat] = swerefToWgs84(e, n);
			return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
		});
		// Populations grow a little each year; women and men about half each.
		const population = YEARS.flatMap((year, i) => {
			const total = Math.round(a.population * (0.985 + i * 0.004));
			const women = Math.round(total * 0.502);
			return [
				{ year, population: total },
				{ year, sex: 'K', population: women },
				{ year, sex: 'M', population: total - women }
			];
		});
		return {
			kind: a.kind,
			code: a.code,
			name: a.name,
			sourceEpsg: 3006 as const,
			sourceGeometry: planar,
			geometry: wgs,
			bbox: bboxOf(wgs),
			population,
			approximate: true
		};
	});
}

interface CategoryProfile {
	id: CrimeCategory;
	perYear: number;
	/** Share of the category's events in each named place; the rest fall in the town or the wider municipality. */
	places: Partial<Record<string, number>>;
	/** Relative level per year 2020–2024. */
	trend?: number[];
	hours: number[];
	/** Share with no known hour (time windows, e.g. burglary found in the evening). */
	unknownHour: number;
	summer?: boolean;
	weekend?: boolean;
}

const DAY = [9, 10, 11, 12, 13, 14, 15, 16, 17];
const EVENING = [18, 19, 20, 21, 22, 23, 0, 1, 2];
const ALL = Array.from({ length: 24 }, (_, h) => h);

const PROFILES: CategoryProfile[] = [
	{
		id: 'cykelstold',
		perYear: 700,
		places: { stadskarnan: 0.38, 'knutpunkten-holmtorget': 0.08, resecentrum: 0.16, bojsenburg: 0.04 },
		trend: [0.9, 0.95, 1, 1.6, 1.5],
		hours: [...DAY, 7, 8, 18, 19, 20, 21],
		unknownHour: 0.35,
		summer: true
	},
	{
		id: 'butiksstold',
		perYear: 850,
		places: { stadskarnan: 0.55, 'knutpunkten-holmtorget': 0.15 },
		trend: [0.9, 0.95, 1.15, 1.25, 1.1],
		hours: [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
		unknownHour: 0.05
	},
	{
		id: 'ovrig_stold',
		perYear: 1500,
		places: { stadskarnan: 0.2, resecentrum: 0.04, bojsenburg: 0.05, 'nedre-norslund': 0.05, jarnet: 0.05 },
		hours: ALL,
		unknownHour: 0.3
	},
	{
		id: 'stold_fordon',
		perYear: 650,
		places: { bojsenburg: 0.07, 'nedre-norslund': 0.08, jarnet: 0.07, resecentrum: 0.04 },
		hours: [...EVENING, 3, 4, 5],
		unknownHour: 0.45
	},
	{ id: 'bostadsinbrott', perYear: 220, places: { bojsenburg: 0.06, 'nedre-norslund': 0.07, jarnet: 0.06 }, hours: DAY, unknownHour: 0.6 },
	{
		id: 'skadegorelse',
		perYear: 1400,
		places: { stadskarnan: 0.15, bojsenburg: 0.1, 'nedre-norslund': 0.11, jarnet: 0.1, resecentrum: 0.03 },
		hours: [...EVENING, 3],
		unknownHour: 0.4,
		weekend: true
	},
	{
		id: 'misshandel',
		perYear: 650,
		places: { stadskarnan: 0.3, 'knutpunkten-holmtorget': 0.05, bojsenburg: 0.07, 'nedre-norslund': 0.08, jarnet: 0.07 },
		hours: [...EVENING, 3, 16, 17],
		unknownHour: 0.1,
		weekend: true
	},
	{ id: 'hot', perYear: 700, places: { stadskarnan: 0.2, bojsenburg: 0.07, 'nedre-norslund': 0.08, jarnet: 0.07 }, hours: ALL, unknownHour: 0.2 },
	{
		id: 'narkotika',
		perYear: 800,
		places: { stadskarnan: 0.3, 'knutpunkten-holmtorget': 0.08, resecentrum: 0.06, bojsenburg: 0.05, jarnet: 0.05 },
		trend: [0.85, 0.95, 1.1, 1.2, 1.25],
		hours: [...DAY, ...EVENING],
		unknownHour: 0.05
	},
	{ id: 'bedrageri', perYear: 1150, places: {}, hours: ALL, unknownHour: 0.7 },
	{ id: 'sexualbrott', perYear: 130, places: { stadskarnan: 0.25 }, hours: [...EVENING, ...DAY], unknownHour: 0.3, weekend: true },
	{ id: 'ran', perYear: 45, places: { stadskarnan: 0.35, resecentrum: 0.1 }, hours: EVENING, unknownHour: 0.05, weekend: true },
	{ id: 'brand', perYear: 90, places: { bojsenburg: 0.08, jarnet: 0.08, 'nedre-norslund': 0.08 }, hours: EVENING, unknownHour: 0.2, summer: true },
	{ id: 'ovrigt', perYear: 1100, places: { stadskarnan: 0.1 }, hours: ALL, unknownHour: 0.3 }
];

const pad = (n: number) => String(n).padStart(2, '0');
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** About 50,000 synthetic crimes over 2020–2024 with the patterns Falun's lägesbild describes. */
export function demoCrimeRows(): CrimeRow[] {
	const random = seededRandom(2080);
	const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
	const shapes = new Map(DEMO_AREAS.map((a) => [a.code, { ring: a.ring, shape: prepareShape({ type: 'Polygon', coordinates: [a.ring] }) }]));
	const pointIn = (code: string): Position => {
		const { shape } = shapes.get(code)!;
		const [minX, minY, maxX, maxY] = shape.bbox;
		for (;;) {
			const e = minX + random() * (maxX - minX);
			const n = minY + random() * (maxY - minY);
			if (containsPoint(shape, e, n)) return [Math.round(e), Math.round(n)];
		}
	};
	const town = (): Position => {
		// Most other crimes happen in the town around the centre, fewer out in the municipality.
		const kommun = shapes.get('2080')!.shape;
		for (;;) {
			const [r, angle] = random() < 0.75 ? [Math.sqrt(random()) * 4000, random() * 2 * Math.PI] : [Math.sqrt(random()) * 24000, random() * 2 * Math.PI];
			const e = 534800 + Math.cos(angle) * r;
			const n = 6719100 + Math.sin(angle) * r;
			if (containsPoint(kommun, e, n)) return [Math.round(e), Math.round(n)];
		}
	};
	const rows: CrimeRow[] = [];
	let serial = 0;
	for (const profile of PROFILES) {
		const placeEntries = Object.entries(profile.places) as [string, number][];
		for (const [yi, year] of YEARS.entries()) {
			const count = Math.round(profile.perYear * (profile.trend?.[yi] ?? 1) * (0.95 + random() * 0.1));
			for (let i = 0; i < count; i++) {
				let month = 1 + Math.floor(random() * 12);
				if (profile.summer && random() < 0.35) month = 5 + Math.floor(random() * 5);
				let day = 1 + Math.floor(random() * DAYS_IN_MONTH[month - 1]);
				let date = `${year}-${pad(month)}-${pad(day)}`;
				if (profile.weekend && random() < 0.4) {
					// Move to the nearest Friday or Saturday night.
					const weekday = isoWeekday(date);
					const shift = weekday <= 5 ? 5 - weekday + (random() < 0.5 ? 1 : 0) : 0;
					day = Math.min(DAYS_IN_MONTH[month - 1], day + shift);
					date = `${year}-${pad(month)}-${pad(day)}`;
				}
				const hour = random() < profile.unknownHour ? null : pick(profile.hours);
				let roll = random();
				let place: string | null = null;
				for (const [code, share] of placeEntries) {
					if (roll < share) {
						place = code;
						break;
					}
					roll -= share;
				}
				const [easting, northing] = place ? pointIn(place) : town();
				const [longitude, latitude] = swerefToWgs84(easting, northing);
				rows.push({
					hashKey: `demo-${++serial}`,
					category: profile.id,
					crimeCode: null,
					occurredOn: hour === null ? date : `${date}T${pad(hour)}:${pad(Math.floor(random() * 60))}`,
					year,
					month,
					weekday: isoWeekday(date),
					hour,
					easting,
					northing,
					latitude: Math.round(latitude * 1e6) / 1e6,
					longitude: Math.round(longitude * 1e6) / 1e6,
					areaCode: null
				});
			}
		}
	}
	return rows;
}

/** Kolada-style crime KPIs for Falun, Dalarna and Sweden, and a safety survey per area: all demo values. */
function demoIndicators(municipalityId: string, areaIdOf: Map<string, string>) {
	const random = seededRandom(20);
	const values: Parameters<typeof upsertIndicatorValues>[1] = [];
	const kpis = [
		{ id: 'N07403', name: 'Anmälda våldsbrott, antal/100 000 inv', levels: { '2080': 1010, '0020': 1080, '0000': 1140 } },
		{ id: 'N07540', name: 'Anmälda brott totalt, antal/100 000 inv', levels: { '2080': 12900, '0020': 13100, '0000': 13900 } }
	];
	for (const kpi of kpis)
		for (const [region, level] of Object.entries(kpi.levels))
			for (const [i, year] of YEARS.entries())
				values.push({
					municipalityId,
					regionCode: region,
					indicator: kpi.id,
					name: kpi.name,
					period: String(year),
					sex: 'T',
					value: Math.round(level * (0.97 + i * 0.01 + random() * 0.02)),
					unit: 'antal/100 000 inv',
					source: 'Kolada (demodata i Koladas format)',
					licence: 'CC BY 4.0 (Kolada); värdena är påhittade',
					demo: true
				});
	// Brå's NTU reports by sex and age group for the county and the country; the municipality's
	// own survey asks the same question. Side by side, with breakdowns, on the indicators page.
	const worry: Record<string, number> = { '2080': 24, '0020': 22, '0000': 27 };
	const ageDelta: Record<string, number> = { totalt: 0, '16-24': -4, '25-44': 1, '45-64': 2, '65-84': 0 };
	for (const [region, level] of Object.entries(worry))
		for (const [i, year] of [2022, 2023, 2024].entries())
			for (const [sex, sexDelta] of [
				['T', 0],
				['K', 5],
				['M', -5]
			] as const)
				for (const [ageGroup, delta] of Object.entries(ageDelta))
					values.push({
						municipalityId,
						regionCode: region,
						indicator: 'otrygg_bostadsomrade',
						name: 'Otrygg eller mycket otrygg ute sent en kväll i det egna bostadsområdet, andel (%)',
						period: String(year),
						sex,
						ageGroup,
						value: Math.round((level + sexDelta + delta + i * 0.6 + random() * 1.5) * 10) / 10,
						unit: '%',
						source: region === '2080' ? 'Trygghetsmätning Falun (demodata)' : 'Brå, Nationella trygghetsundersökningen (demodata i NTU:s format)',
						licence: 'Påhittade värden för demonstration',
						demo: true
					});
	// Lower trust in the three residential areas, as the seed describes.
	const safe: Record<string, number> = { '2080': 78, stadskarnan: 66, bojsenburg: 58, 'nedre-norslund': 60, jarnet: 57 };
	for (const [code, share] of Object.entries(safe))
		for (const year of [2022, 2024])
			for (const [sex, delta] of [
				['T', 0],
				['K', -6],
				['M', 6]
			] as const)
				values.push({
					municipalityId,
					areaId: areaIdOf.get(code) ?? null,
					regionCode: code === '2080' ? '2080' : null,
					indicator: 'trygg_kvall',
					name: 'Känner sig trygg utomhus i området en sen kväll, andel (%)',
					period: String(year),
					sex,
					value: share + delta + (year === 2024 ? -1 : 0),
					unit: '%',
					respondents: code === '2080' ? (sex === 'T' ? 1850 : 920) : sex === 'T' ? 210 : 105,
					source: 'Trygghetsmätning Falun (demodata)',
					licence: 'Påhittade värden för demonstration',
					demo: true
				});
	return values;
}

export async function seedSituationDemo(db: DbOrTx, municipalityId: string): Promise<{ areas: number; events: number }> {
	const areas = await saveAreas(db, municipalityId, demoAreas(), 'demo: ungefärliga områden ritade efter Faluns åtgärdsplan');
	const assigner = await loadAssigner(db, municipalityId);
	const rows = demoCrimeRows();
	const saved = await saveCrimeRows(db, {
		municipalityId,
		sourceId: null,
		fileName: 'demodata: syntetiska brott 2020–2024',
		rows,
		rejected: 0,
		assigner,
		actorId: null,
		demo: true
	});
	const areaIdOf = new Map((await listAreaRows(db, municipalityId)).map((a) => [a.code, a.id]));
	await upsertIndicatorValues(db, demoIndicators(municipalityId, areaIdOf));
	return { areas, events: saved.imported };
}
