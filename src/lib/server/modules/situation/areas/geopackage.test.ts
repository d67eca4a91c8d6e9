import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AreaFileError } from './area-import';
import { decodeGeoPackageGeometry, decodeWkb, GeometryDecodeError, parseAreaGeoPackage, readGeoPackageFeatures } from './geopackage';

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.resolve('src/lib/server/modules/situation/fixtures', name)));

/** A byte writer for WKB in either byte order, independent of the decoder under test. */
class Bytes {
	private parts: number[] = [];
	constructor(private little: boolean) {}
	order(little: boolean) {
		this.little = little;
		this.parts.push(little ? 1 : 0);
		return this;
	}
	u8(v: number) {
		this.parts.push(v);
		return this;
	}
	u32(v: number) {
		const b = new DataView(new ArrayBuffer(4));
		b.setUint32(0, v, this.little);
		this.parts.push(...new Uint8Array(b.buffer));
		return this;
	}
	i32(v: number) {
		const b = new DataView(new ArrayBuffer(4));
		b.setInt32(0, v, this.little);
		this.parts.push(...new Uint8Array(b.buffer));
		return this;
	}
	f64(...values: number[]) {
		for (const v of values) {
			const b = new DataView(new ArrayBuffer(8));
			b.setFloat64(0, v, this.little);
			this.parts.push(...new Uint8Array(b.buffer));
		}
		return this;
	}
	rings(rings: number[][][], dims = 2) {
		this.u32(rings.length);
		for (const ring of rings) {
			this.u32(ring.length);
			for (const p of ring) this.f64(...p.slice(0, dims));
		}
		return this;
	}
	bytes() {
		return new Uint8Array(this.parts);
	}
}

const square = (e: number, n: number, s = 10) => [
	[e, n],
	[e + s, n],
	[e + s, n + s],
	[e, n + s],
	[e, n]
];

function polygonWkb(little: boolean, rings: number[][][]) {
	return new Bytes(little).order(little).u32(3).rings(rings).bytes();
}

function gpHeader(little: boolean, envelopeKind: number, srsId: number, empty = false) {
	const b = new Bytes(little)
		.u8(0x47)
		.u8(0x50)
		.u8(0)
		.u8((little ? 1 : 0) | (envelopeKind << 1) | (empty ? 0x10 : 0))
		.i32(srsId);
	const doubles = [0, 4, 6, 6, 8][envelopeKind] ?? 0;
	for (let i = 0; i < doubles; i++) b.f64(i * 1000);
	return b.bytes();
}

const concat = (...parts: Uint8Array[]) => {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
};

describe('WKB', () => {
	for (const little of [true, false]) {
		const order = little ? 'little endian (NDR)' : 'big endian (XDR)';
		it(`decodes a Polygon with a hole, ${order}`, () => {
			const rings = [square(533000, 6718000, 1000), square(533400, 6718400, 200)];
			expect(decodeWkb(polygonWkb(little, rings))).toEqual({ type: 'Polygon', coordinates: rings });
		});

		it(`decodes a MultiPolygon whose parts have their own byte order, ${order}`, () => {
			const a = [square(1, 2)];
			const b = [square(100, 200)];
			const wkb = new Bytes(little).order(little).u32(6).u32(2).bytes();
			expect(decodeWkb(concat(wkb, polygonWkb(!little, a), polygonWkb(little, b)))).toEqual({ type: 'MultiPolygon', coordinates: [a, b] });
		});
	}

	it('drops Z and M of ISO (1003, 2003, 3003) and EWKB Z polygons', () => {
		const ring = [
			[0, 0, 5, 7],
			[1, 0, 5, 7],
			[1, 1, 5, 7],
			[0, 0, 5, 7]
		];
		const flat = [ring.map((p) => p.slice(0, 2))];
		for (const [type, dims] of [
			[1003, 3],
			[2003, 3],
			[3003, 4],
			[0x80000003, 3]
		])
			expect(decodeWkb(new Bytes(true).order(true).u32(type).rings([ring], dims).bytes())).toEqual({ type: 'Polygon', coordinates: flat });
	});

	it('refuses other geometry types, truncated data and impossible counts with Swedish messages', () => {
		expect(() => decodeWkb(new Bytes(true).order(true).u32(1).f64(1, 2).bytes())).toThrow(/punkt, inte en polygon/);
		const whole = polygonWkb(true, [square(0, 0)]);
		expect(() => decodeWkb(whole.subarray(0, whole.length - 3))).toThrow(GeometryDecodeError);
		expect(() => decodeWkb(new Bytes(true).order(true).u32(3).u32(0xffffffff).bytes())).toThrow(/fler punkter/);
		expect(() => decodeWkb(new Uint8Array([7, 3, 0, 0, 0]))).toThrow(/byteordning/);
	});
});

describe('GeoPackage binary geometry', () => {
	const rings = [square(533000, 6718000, 1000)];
	for (const little of [true, false])
		for (const envelopeKind of [0, 1, 2, 3, 4])
			it(`reads the header (${little ? 'little' : 'big'} endian, envelope kind ${envelopeKind}) and the WKB after it`, () => {
				const blob = concat(gpHeader(little, envelopeKind, 3006), polygonWkb(!little, rings));
				expect(decodeGeoPackageGeometry(blob)).toEqual({ srsId: 3006, geometry: { type: 'Polygon', coordinates: rings } });
			});

	it('returns no geometry for the empty flag, and refuses a missing magic or an invalid envelope kind', () => {
		expect(decodeGeoPackageGeometry(gpHeader(true, 0, 4326, true))).toEqual({ srsId: 4326, geometry: null });
		const wkb = polygonWkb(true, rings);
		expect(() => decodeGeoPackageGeometry(concat(new Uint8Array([0x58, 0x50, 0, 1, 0, 0, 0, 0]), wkb))).toThrow(/GP/);
		expect(() => decodeGeoPackageGeometry(concat(new Uint8Array([0x47, 0x50, 0, 1 | (5 << 1), 0, 0, 0, 0]), wkb))).toThrow(/omslagstyp 5/);
	});
});

describe('GeoPackage files (fixtures written by fixtures/make-geopackages.py)', () => {
	it('reads the layer, its EPSG from gpkg_spatial_ref_sys and every feature with its columns', async () => {
		const read = await readGeoPackageFeatures(fixture('deso-2025-3006.gpkg'));
		expect(read.epsg).toBe(3006);
		expect(read.layers).toEqual(['DeSO_2025']);
		expect(read.features).toHaveLength(7);
		expect(read.features[0].properties).toMatchObject({ fid: 1, desokod: '2080C1010', regsokod: '2080R001', kommunkod: '2080' });
		expect(read.features[3].geometry).toEqual({
			type: 'MultiPolygon',
			coordinates: [
				[
					square(534000, 6719000, 1000),
					[
						[534400, 6719400],
						[534400, 6719600],
						[534600, 6719600],
						[534600, 6719400],
						[534400, 6719400]
					]
				]
			]
		});
	});

	it('imports SCB 2025 DeSO in EPSG:3006 like GeoJSON: source geometry kept, WGS84 for the map, other municipalities and bad geometries left out', async () => {
		const result = await parseAreaGeoPackage(fixture('deso-2025-3006.gpkg'), { municipalityCode: '2080' });
		expect(result.epsg).toBe(3006);
		expect(result.areas.map((a) => [a.kind, a.code, a.parentCode])).toEqual([
			['deso', '2080C1010', '2080R001'],
			['deso', '2080C1020', '2080R001'],
			['deso', '2080C1030', '2080R002'],
			['deso', '2080C1040', '2080R002']
		]);
		expect(result.otherMunicipalities).toBe(1);
		expect(result.skipped).toEqual([
			{ feature: 6, reason: expect.stringMatching(/saknas/), text: { code: 'situation.area_not_polygon' } },
			{ feature: 7, reason: expect.stringMatching(/punkt, inte en polygon/), text: { code: 'situation.geometry_not_polygon', params: { type: 'punkt' } } }
		]);
		const [first] = result.areas;
		expect(first.sourceGeometry).toEqual({ type: 'MultiPolygon', coordinates: [[square(533000, 6718000, 1000)]] });
		const [lon, lat] = (first.geometry as { coordinates: number[][][][] }).coordinates[0][0][0];
		expect(lat).toBeCloseTo(60.58, 1);
		expect(lon).toBeCloseTo(15.6, 1);
	});

	it('reads the 2018 property names in EPSG:4326', async () => {
		const result = await parseAreaGeoPackage(fixture('deso-2018-4326.gpkg'), { municipalityCode: '2080' });
		expect(result.epsg).toBe(4326);
		expect(result.areas.map((a) => [a.kind, a.code, a.sourceEpsg])).toEqual([['deso', '2080A0010', 4326]]);
		const [e, n] = (result.areas[0].planar as { coordinates: number[][][] }).coordinates[0][0];
		expect(e).toBeGreaterThan(530000);
		expect(n).toBeGreaterThan(6715000);
	});

	it('refuses other coordinate systems, files that are not GeoPackages and broken files with Swedish messages', async () => {
		await expect(readGeoPackageFeatures(fixture('rt90-3021.gpkg'))).rejects.toThrow(/EPSG:3021 stöds inte/);
		await expect(readGeoPackageFeatures(new TextEncoder().encode('{"type":"FeatureCollection"}'.padEnd(200)))).rejects.toThrow(/inte en GeoPackage/);
		const truncated = fixture('deso-2025-3006.gpkg').subarray(0, 1024);
		await expect(readGeoPackageFeatures(truncated)).rejects.toBeInstanceOf(AreaFileError);
		const plainSqlite = fixture('deso-2025-3006.gpkg');
		// Same SQLite file with the GeoPackage tables renamed: a SQLite database, but not a GeoPackage.
		const renamed = Buffer.from(Buffer.from(plainSqlite).toString('latin1').replaceAll('gpkg_contents', 'gpkg_xontents'), 'latin1');
		await expect(readGeoPackageFeatures(new Uint8Array(renamed))).rejects.toThrow(/gpkg_contents/);
	});
});
