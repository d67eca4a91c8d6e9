import { inflateRawSync } from 'node:zlib';
import { FILE_LIMITS, FileReadError, limitErrors } from './limits';

/**
 * A zip (xlsx, docx) read from its central directory, each entry inflated with a byte budget:
 * zlib stops as soon as the budget is spent, so a bomb costs at most the cap, whatever sizes the
 * file's headers claim.
 */
export interface ZipEntry {
	name: string;
	method: number;
	compressedSize: number;
	localHeaderOffset: number;
}

const notZip = () => new FileReadError('file.not_zip', { expected: 'zip' });

export function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05 || bytes[2] === 0x07);
}

/** The pre-2007 binary Office format (.xls/.doc) or an encrypted Office file: an OLE compound file. */
export function isOle(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let eocd = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
		if (view.getUint32(i, true) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw notZip();
	const count = view.getUint16(eocd + 10, true);
	const dirSize = view.getUint32(eocd + 12, true);
	const dirOffset = view.getUint32(eocd + 16, true);
	if (count === 0xffff || dirOffset === 0xffffffff) throw new FileReadError('file.zip64');
	if (count > FILE_LIMITS.zipEntries) throw limitErrors.entries();
	if (dirOffset + dirSize > bytes.length) throw notZip();
	const entries: ZipEntry[] = [];
	let p = dirOffset;
	for (let n = 0; n < count; n++) {
		if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw notZip();
		const method = view.getUint16(p + 10, true);
		const compressedSize = view.getUint32(p + 20, true);
		const nameLength = view.getUint16(p + 28, true);
		const extraLength = view.getUint16(p + 30, true);
		const commentLength = view.getUint16(p + 32, true);
		const localHeaderOffset = view.getUint32(p + 42, true);
		if (p + 46 + nameLength > bytes.length) throw notZip();
		const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
		entries.push({ name, method, compressedSize, localHeaderOffset });
		p += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

/** Inflates one entry with at most `budget` bytes of output; throws the cap's error when it would be more. */
export function inflateZipEntry(bytes: Uint8Array, entry: ZipEntry, budget: number, onOverBudget: () => FileReadError): Uint8Array {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const at = entry.localHeaderOffset;
	if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw notZip();
	const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
	const end = start + entry.compressedSize;
	if (end > bytes.length) throw notZip();
	const data = bytes.subarray(start, end);
	if (entry.method === 0) {
		if (data.length > budget) throw onOverBudget();
		return data;
	}
	if (entry.method !== 8) throw new FileReadError('file.zip_method');
	try {
		return inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
	} catch (error) {
		if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw onOverBudget();
		throw notZip();
	}
}

/**
 * Inflates the entries `wanted` picks (all by default) within the caps: the total, and per XML
 * part. Every entry is counted even when not wanted when `countAll` is set, since a reader that
 * later opens the zip itself (exceljs) inflates all of it.
 */
export function readZip(bytes: Uint8Array, options: { wanted?: (name: string) => boolean; countAll?: boolean } = {}): Map<string, Uint8Array> {
	const entries = listZipEntries(bytes);
	const out = new Map<string, Uint8Array>();
	let total = 0;
	for (const entry of entries) {
		if (entry.name.endsWith('/')) continue;
		const wanted = options.wanted ? options.wanted(entry.name) : true;
		if (!wanted && !options.countAll) continue;
		const remaining = FILE_LIMITS.inflatedBytes - total;
		const isXml = /\.(xml|rels)$/i.test(entry.name);
		const budget = isXml ? Math.min(remaining, FILE_LIMITS.xmlBytes) : remaining;
		const data = inflateZipEntry(bytes, entry, budget, () =>
			isXml && FILE_LIMITS.xmlBytes < remaining ? limitErrors.xml(entry.name) : limitErrors.inflated()
		);
		total += data.length;
		if (wanted) out.set(entry.name, data);
	}
	return out;
}
