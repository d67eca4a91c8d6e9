/**
 * Hostile and oversized files for tests, benches and browser tests: each is made here from
 * scratch (no fixture on disk), small on the wire and big or slow once opened.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { deflateRawSync } from 'node:zlib';
import initSqlJs from 'sql.js';

export interface ZipInput {
	name: string;
	/** The entry's bytes, or a count of zero bytes (a bomb's payload). */
	data: Uint8Array | string | { zeros: number; fill?: number };
}

function crc32(bytes: Uint8Array): number {
	let c = ~0;
	for (let i = 0; i < bytes.length; i++) {
		c ^= bytes[i];
		for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
	}
	return ~c >>> 0;
}

/** A deflated zip written by hand, so entries may be as large (or lie as much) as a test needs. */
export function zipOf(entries: ZipInput[]): Uint8Array {
	const locals: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const raw =
			typeof entry.data === 'string'
				? Buffer.from(entry.data, 'utf8')
				: entry.data instanceof Uint8Array
					? Buffer.from(entry.data)
					: Buffer.alloc(entry.data.zeros, entry.data.fill ?? 0);
		const packed = deflateRawSync(raw, { level: 9 });
		// A bomb's CRC is not checked by the reader under test; computing it over 200 MB would only slow the test.
		const crc = raw.length > 1_000_000 ? 0 : crc32(raw);
		const name = Buffer.from(entry.name, 'utf8');
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(packed.length, 18);
		local.writeUInt32LE(Math.min(raw.length, 0xfffffffe), 22);
		local.writeUInt16LE(name.length, 26);
		locals.push(local, name, packed);
		const dir = Buffer.alloc(46);
		dir.writeUInt32LE(0x02014b50, 0);
		dir.writeUInt16LE(20, 4);
		dir.writeUInt16LE(20, 6);
		dir.writeUInt16LE(8, 10);
		dir.writeUInt32LE(crc, 16);
		dir.writeUInt32LE(packed.length, 20);
		dir.writeUInt32LE(Math.min(raw.length, 0xfffffffe), 24);
		dir.writeUInt16LE(name.length, 28);
		dir.writeUInt32LE(offset, 42);
		central.push(dir, name);
		offset += 30 + name.length + packed.length;
	}
	const dirBytes = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(dirBytes.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, dirBytes, end]));
}

const WORKBOOK_XML = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>';

/** An .xlsx of a few hundred KB whose parts inflate to more than the 200 MB cap (no part over the XML cap). */
export function xlsxZipBomb(): Uint8Array {
	return zipOf([
		{ name: 'xl/workbook.xml', data: WORKBOOK_XML },
		{ name: 'xl/media/image1.bin', data: { zeros: 90 * 1024 * 1024 } },
		{ name: 'xl/media/image2.bin', data: { zeros: 90 * 1024 * 1024 } },
		{ name: 'xl/media/image3.bin', data: { zeros: 90 * 1024 * 1024 } }
	]);
}

/** A .docx whose document body inflates past the XML cap (the 408 KB → 400 MB probe). */
export function docxZipBomb(): Uint8Array {
	return zipOf([{ name: 'word/document.xml', data: { zeros: 150 * 1024 * 1024, fill: 0x20 } }]);
}

/** A real workbook of a couple of KB with values in A1 and XFD1048576: a bounding box of 17 billion cells. */
export async function xlsxFarCorner(): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const ws = workbook.addWorksheet('Uppföljning');
	ws.getCell('A1').value = 'id';
	ws.getCell('XFD1048576').value = 'x';
	return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A workbook of `rows` × `columns` short text cells: legal, but heavy to open. */
export async function xlsxOfSize(rows: number, columns: number): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const ws = workbook.addWorksheet('Data');
	for (let r = 0; r < rows; r++) ws.addRow(Array.from({ length: columns }, (_, c) => `r${r}c${c}`));
	return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

async function sqlJs() {
	const require = createRequire(import.meta.url);
	const wasm = fs.readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'));
	return initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
}

/** The GeoPackage with its feature table replaced by a recursive VIEW that never stops producing rows. */
export async function geoPackageWithRecursiveView(geoPackage: Uint8Array): Promise<Uint8Array> {
	const SQL = await sqlJs();
	const db = new SQL.Database(geoPackage);
	try {
		const [layer] = db.exec(`select table_name from gpkg_contents where data_type = 'features'`)[0].values[0] as string[];
		db.run(`alter table "${layer}" rename to "${layer}_data"`);
		db.run(`create view "${layer}" as with recursive n(i) as (select 1 union all select i + 1 from n) select d.* from "${layer}_data" d, n`);
		return db.export();
	} finally {
		db.close();
	}
}

/**
 * The GeoPackage grown past `bytes` by doubling its features, the copies given DeSO codes (and
 * kommunkod) of another municipality: a real-size upload that writes nothing to the demo data.
 */
export async function geoPackageOfSize(geoPackage: Uint8Array, bytes: number, municipalityCode: string): Promise<Uint8Array> {
	const SQL = await sqlJs();
	const db = new SQL.Database(geoPackage);
	try {
		const [layer] = db.exec(`select table_name from gpkg_contents where data_type = 'features'`)[0].values[0] as string[];
		const columns = db
			.exec(`pragma table_info("${layer}")`)[0]
			.values.map((v) => String(v[1]))
			.filter((c) => c.toLowerCase() !== 'fid');
		const value = (c: string) =>
			/^desokod$/i.test(c) ? `'${municipalityCode}C' || printf('%04d', abs(random()) % 10000)` : /^kommunkod$/i.test(c) ? `'${municipalityCode}'` : `"${c}"`;
		db.run(`delete from "${layer}"`);
		const original = new SQL.Database(geoPackage);
		const rows = original.exec(`select ${columns.map((c) => `"${c}"`).join(', ')} from "${layer}"`)[0].values;
		original.close();
		const insert = db.prepare(`insert into "${layer}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`);
		for (const row of rows)
			insert.run(row.map((v, i) => (/^desokod$/i.test(columns[i]) ? `${municipalityCode}C0000` : /^kommunkod$/i.test(columns[i]) ? municipalityCode : v)));
		insert.free();
		for (let i = 0; i < 20 && db.export().byteLength < bytes; i++)
			db.run(`insert into "${layer}" (${columns.map((c) => `"${c}"`).join(', ')}) select ${columns.map(value).join(', ')} from "${layer}"`);
		return db.export();
	} finally {
		db.close();
	}
}
