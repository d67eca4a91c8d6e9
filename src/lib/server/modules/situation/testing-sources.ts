import type { PolisenEvent } from './crimes/polisen-events';

/**
 * Small files in the real formats of the lägesbild's other sources, for unit, integration and
 * browser tests: Polisen's events API and SCB's PxWeb population tables.
 */

/** In the shape of https://polisen.se/api/events (../shared/docs/data-sources.md). */
export const POLISEN_EVENTS: PolisenEvent[] = [
	{
		id: 501,
		datetime: '2025-01-05 9:40:11 +01:00',
		name: '05 januari 09.12, Stöld, Falun',
		summary: 'En cykel stals vid Resecentrum.',
		url: '/aktuellt/handelser/2025/januari/5/05-januari-09.12-stold-falun/',
		type: 'Stöld',
		location: { name: 'Falun', gps: '60.607,15.631' }
	},
	{
		id: 502,
		datetime: '2025-01-05 23:01:00 +01:00',
		name: '05 januari 22.40, Misshandel, Falun',
		summary: 'En man slogs i centrum.',
		url: '/x',
		type: 'Misshandel',
		location: { name: 'Falun', gps: '60.607,15.631' }
	},
	{
		id: 503,
		datetime: '2025-01-06 07:15:00 +01:00',
		name: '06 januari 07.00, Trafikolycka, Falun',
		summary: 'Två bilar.',
		url: '/x',
		type: 'Trafikolycka',
		location: { name: 'Falun', gps: '60.607,15.631' }
	},
	{
		id: 504,
		datetime: '2025-01-06 08:00:00 +01:00',
		name: '06 januari 07.30, Stöld, Borlänge',
		summary: '…',
		url: '/x',
		type: 'Stöld',
		location: { name: 'Borlänge', gps: '60.48,15.43' }
	},
	{
		id: 505,
		datetime: '2025-01-06 08:30:00 +01:00',
		name: 'Sammanfattning natt, Dalarnas län',
		summary: '…',
		url: '/x',
		type: 'Sammanfattning natt',
		location: { name: 'Dalarnas län', gps: '60.6,15.6' }
	},
	{
		id: 506,
		datetime: '2025-01-07 12:00:00 +01:00',
		name: '07 januari 11.00, Trolldom, Falun',
		summary: '…',
		url: '/x',
		type: 'Trolldom',
		location: { name: 'Falun', gps: '60.607,15.631' }
	},
	{
		id: 507,
		datetime: '2025-01-01 0:20:00 +01:00',
		name: '31 december 23.50, Skadegörelse, Falun',
		summary: '…',
		url: '/x',
		type: 'Skadegörelse',
		location: { name: 'Falun', gps: '60.607,15.631' }
	},
	{
		id: 502,
		datetime: '2025-01-05 23:05:00 +01:00',
		name: '05 januari 22.40, Misshandel, Falun',
		summary: 'Uppdaterad.',
		url: '/x',
		type: 'Misshandel',
		location: { name: 'Falun', gps: '60.607,15.631' }
	},
	{ id: 508, datetime: 'igår', name: 'x', summary: '…', url: '/x', type: 'Rån', location: { name: 'Falun', gps: '60.607,15.631' } }
];

const PX_AGES = ['totalt', '0-19', '20-64', '65-'];
const PX_AGE_SHARE = [1, 0.25, 0.55, 0.2];
const PX_SEX = ['1', '2', '1+2'];
const PX_SEX_SHARE = [0.49, 0.51, 1];

/** Population of a region, age group and sex in a year: consistent totals, so sums can be checked. */
export function pxPopulation(region: string, ageIndex: number, sexIndex: number, year: number): number {
	const base = region.endsWith('1010') ? 1000 : region.endsWith('1020') ? 2000 : 1500;
	return Math.round(base * (year === 2024 ? 1.01 : 1) * PX_AGE_SHARE[ageIndex] * PX_SEX_SHARE[sexIndex] * 100);
}

/**
 * BE0101Y/FolkmDesoAldKon as PxWeb's API returns it in JSON-stat2 (dimensions Region, Alder,
 * Kon, ContentsCode, Tid; values row-major with Tid varying fastest). Numbers ×100 so that
 * the age groups and sexes add up exactly.
 */
export function pxWebJsonStat(regions: string[] = ['2080C1010', '2080C1020', '0180C1010'], years = ['2023', '2024']): string {
	const value: number[] = [];
	for (const region of regions)
		for (let a = 0; a < PX_AGES.length; a++)
			for (let s = 0; s < PX_SEX.length; s++) for (const year of years) value.push(pxPopulation(region, a, s, Number(year)));
	const index = (codes: string[]) => Object.fromEntries(codes.map((c, i) => [c, i]));
	return JSON.stringify({
		class: 'dataset',
		version: '2.0',
		label: 'Folkmängden per region efter region, ålder, kön, tabellinnehåll och år',
		source: 'SCB',
		updated: '2025-03-20T06:00:00Z',
		id: ['Region', 'Alder', 'Kon', 'ContentsCode', 'Tid'],
		size: [regions.length, PX_AGES.length, PX_SEX.length, 1, years.length],
		role: { time: ['Tid'], metric: ['ContentsCode'] },
		dimension: {
			Region: { label: 'region', category: { index: index(regions), label: Object.fromEntries(regions.map((r) => [r, r])) } },
			Alder: { label: 'ålder', category: { index: index(PX_AGES), label: Object.fromEntries(PX_AGES.map((a) => [a, a === 'totalt' ? 'totalt' : `${a} år`])) } },
			Kon: { label: 'kön', category: { index: index(PX_SEX), label: { '1': 'män', '2': 'kvinnor', '1+2': 'totalt' } } },
			ContentsCode: {
				label: 'tabellinnehåll',
				category: { index: { '000007Y4': 0 }, label: { '000007Y4': 'Folkmängd' }, unit: { '000007Y4': { base: 'antal', decimals: 0 } } }
			},
			Tid: { label: 'år', category: { index: index(years), label: Object.fromEntries(years.map((y) => [y, y])) } }
		},
		value
	});
}

/** The same table as the statistical database's CSV export: a title line, code and name in the region column, a column per year, women and men only. */
export function pxWebCsv(regions: string[] = ['2080C1010', '2080C1020']): string {
	const lines = ['"Folkmängden per region efter region, ålder, kön och år"', '', '"region","ålder","kön","2023","2024"'];
	for (const region of regions)
		for (let a = 0; a < PX_AGES.length; a++)
			for (const s of [0, 1])
				lines.push(
					[
						`"${region} Falun"`,
						`"${PX_AGES[a] === 'totalt' ? 'totalt ålder' : `${PX_AGES[a]} år`}"`,
						`"${s === 0 ? 'män' : 'kvinnor'}"`,
						pxPopulation(region, a, s, 2023),
						pxPopulation(region, a, s, 2024)
					].join(',')
				);
	return lines.join('\r\n') + '\r\n';
}
