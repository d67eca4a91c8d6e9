/**
 * Text of an uploaded file: UTF-8 when it is valid UTF-8, otherwise Windows-1252 (what Excel on a
 * Swedish Windows saves CSV as). Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 and
 * turns 0x96 (the en dash in "12–17 år") into a control character, so the 0x80–0x9F range is
 * mapped here from the code page itself.
 */

const CP1252_HIGH: readonly number[] = [
	0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c,
	0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178
];

export function decodeWindows1252(bytes: Uint8Array): string {
	const parts: string[] = [];
	const CHUNK = 8192;
	for (let start = 0; start < bytes.length; start += CHUNK) {
		const end = Math.min(bytes.length, start + CHUNK);
		const codes = new Array<number>(end - start);
		for (let i = start; i < end; i++) {
			const b = bytes[i];
			codes[i - start] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b;
		}
		parts.push(String.fromCharCode(...codes));
	}
	return parts.join('');
}

/** The file's text without a byte-order mark: UTF-8, or Windows-1252 when the bytes are not valid UTF-8. */
export function decodeText(input: Uint8Array | ArrayBuffer): string {
	const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		text = decodeWindows1252(bytes);
	}
	return withoutNul(text.replace(/^\ufeff/, ''));
}

/** NUL never belongs in a table cell or a line of text, and PostgreSQL cannot store it in text or jsonb. */
export const withoutNul = (text: string) => (text.includes('\u0000') ? text.replaceAll('\u0000', '') : text);
