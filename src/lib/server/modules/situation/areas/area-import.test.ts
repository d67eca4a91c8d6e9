import { describe, expect, it } from 'vitest';
import { AreaFileError, parseAreaGeoJson } from './area-import';

const ring = (e: number, n: number, size = 1000) => [
	[e, n],
	[e + size, n],
	[e + size, n + size],
	[e, n + size],
	[e, n]
];

function collection(features: object[], crs?: string) {
	return JSON.stringify({ type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}), features });
}

describe('reading area boundaries from GeoJSON', () => {
	it('reads SCB 2025 DeSO in EPSG:3006, keeps the source geometry and adds WGS84', () => {
		const result = parseAreaGeoJson(
			collection(
				[
					{
						type: 'Feature',
						properties: { desokod: '2080C1010', regsokod: '2080R001', kommunkod: '2080' },
						geometry: { type: 'Polygon', coordinates: [ring(534000, 6719000)] }
					},
					{ type: 'Feature', properties: { desokod: '0180C1010', kommunkod: '0180' }, geometry: { type: 'Polygon', coordinates: [ring(674000, 6580000)] } }
				],
				'urn:ogc:def:crs:EPSG::3006'
			),
			{ municipalityCode: '2080' }
		);
		expect(result.epsg).toBe(3006);
		expect(result.otherMunicipalities).toBe(1);
		expect(result.areas).toHaveLength(1);
		const [area] = result.areas;
		expect(area).toMatchObject({ kind: 'deso', code: '2080C1010', parentCode: '2080R001', sourceEpsg: 3006 });
		expect(area.sourceGeometry).toEqual({ type: 'Polygon', coordinates: [ring(534000, 6719000)] });
		const [lon, lat] = (area.geometry as { coordinates: number[][][] }).coordinates[0][0];
		expect(lat).toBeCloseTo(60.6, 1);
		expect(lon).toBeCloseTo(15.62, 1);
	});

	it('reads the 2018 property names and RegSO names, detecting metres without a crs member', () => {
		const result = parseAreaGeoJson(
			collection([
				{
					type: 'Feature',
					properties: { deso: '2080A0010', lan: '20', lannamn: 'Dalarnas län', kommun: '2080', kommunnamn: 'Falun' },
					geometry: { type: 'Polygon', coordinates: [ring(534000, 6719000)] }
				},
				{
					type: 'Feature',
					properties: { regsokod: '2080R003', regsonamn: 'Falun Centrum', kommunkod: '2080' },
					geometry: { type: 'MultiPolygon', coordinates: [[ring(534000, 6719000)], [ring(540000, 6719000)]] }
				}
			]),
			{ municipalityCode: '2080' }
		);
		expect(result.epsg).toBe(3006);
		expect(result.areas.map((a) => [a.kind, a.code, a.name])).toEqual([
			['deso', '2080A0010', '2080A0010'],
			['regso', '2080R003', 'Falun Centrum']
		]);
	});

	it('reads own areas in WGS84 with a population, and skips broken features with reasons', () => {
		const result = parseAreaGeoJson(
			collection([
				{
					type: 'Feature',
					properties: { namn: 'Stadskärnan', befolkning: '5 400', ar: 2024 },
					geometry: {
						type: 'Polygon',
						coordinates: [
							[
								[15.62, 60.6],
								[15.64, 60.6],
								[15.64, 60.61],
								[15.62, 60.61],
								[15.62, 60.6]
							]
						]
					}
				},
				{ type: 'Feature', properties: { namn: 'Punkt' }, geometry: { type: 'Point', coordinates: [15.6, 60.6] } },
				{
					type: 'Feature',
					properties: {},
					geometry: {
						type: 'Polygon',
						coordinates: [
							[
								[15.62, 60.6],
								[15.64, 60.6],
								[15.64, 60.61],
								[15.62, 60.6]
							]
						]
					}
				}
			]),
			{ municipalityCode: '2080' }
		);
		expect(result.epsg).toBe(4326);
		expect(result.areas).toHaveLength(1);
		expect(result.areas[0]).toMatchObject({ kind: 'egen', name: 'Stadskärnan', population: { year: 2024, population: 5400 } });
		const [e] = (result.areas[0].planar as { coordinates: number[][][] }).coordinates[0][0];
		expect(e).toBeGreaterThan(530000);
		expect(result.skipped.map((s) => s.feature)).toEqual([2, 3]);
		expect(result.skipped[1].reason).toMatch(/namn/);
	});

	it('refuses files that are not GeoJSON feature collections or use another CRS', () => {
		expect(() => parseAreaGeoJson('{', { municipalityCode: '2080' })).toThrow(AreaFileError);
		expect(() => parseAreaGeoJson('{"type":"Feature"}', { municipalityCode: '2080' })).toThrow(/FeatureCollection/);
		expect(() => parseAreaGeoJson(collection([], 'urn:ogc:def:crs:EPSG::3021'), { municipalityCode: '2080' })).toThrow(/3021/);
	});
});
