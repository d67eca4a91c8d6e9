import { FileReadError } from './limits';
import { withoutNul } from './text';
import { isOle, isZip, readZip } from './zip';
import { toBytes, type BinaryInput } from './xlsx';

// WordprocessingML read with the capped zip reader and a small tag scanner.

export type DocxBlock = { kind: 'paragraph'; text: string; style: string | null } | { kind: 'table'; rows: string[][] };

function decodeXml(text: string): string {
	return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
		switch (e) {
			case 'lt':
				return '<';
			case 'gt':
				return '>';
			case 'amp':
				return '&';
			case 'quot':
				return '"';
			case 'apos':
				return "'";
			default: {
				// A character reference outside Unicode (or NUL) is dropped rather than thrown on.
				const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
				return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
			}
		}
	});
}

function attr(attrs: string, name: string): string | null {
	const m = new RegExp(`${name}="([^"]*)"`).exec(attrs);
	return m ? decodeXml(m[1]) : null;
}

/** Body of word/document.xml → paragraphs and tables in document order. Nested tables are flattened into their cell. */
export function parseDocumentXml(xml: string): DocxBlock[] {
	const blocks: DocxBlock[] = [];
	const re = /<(\/?)([A-Za-z0-9_]+:[A-Za-z0-9_]+|[A-Za-z0-9_]+)([^>]*?)(\/?)>|([^<]+)/g;
	let tblDepth = 0;
	let inText = false;
	let fallbackDepth = 0;
	let para = '';
	let paraStyle: string | null = null;
	let rows: string[][] = [];
	let cells: string[] = [];
	let cellParas: string[] = [];
	let gridSpan = 1;
	for (const m of xml.matchAll(re)) {
		const [, closing, tag, attrs, selfClosing, text] = m;
		if (text !== undefined) {
			if (inText && fallbackDepth === 0) para += decodeXml(text);
			continue;
		}
		const isClose = closing === '/';
		const isSelf = selfClosing === '/';
		if (tag === 'mc:Fallback') {
			if (isClose) fallbackDepth -= 1;
			else if (!isSelf) fallbackDepth += 1;
			continue;
		}
		if (fallbackDepth > 0) continue;
		switch (tag) {
			case 'w:t':
				inText = !isClose && !isSelf;
				break;
			case 'w:tab':
			case 'w:ptab':
				if (!isClose) para += tblDepth > 0 ? ' ' : '\t';
				break;
			case 'w:br':
			case 'w:cr':
				if (!isClose) para += '\n';
				break;
			case 'w:noBreakHyphen':
				if (!isClose) para += '-';
				break;
			case 'w:p':
				if (!isClose) {
					para = '';
					paraStyle = null;
				}
				if (isClose || isSelf) {
					const t = para.replace(/[ \u00a0]+\n/g, '\n').trim();
					if (tblDepth === 0) blocks.push({ kind: 'paragraph', text: t, style: paraStyle });
					else cellParas.push(t);
					para = '';
				}
				break;
			case 'w:pStyle':
				paraStyle = attr(attrs, 'w:val');
				break;
			case 'w:tbl':
				if (!isClose) {
					tblDepth += 1;
					if (tblDepth === 1) rows = [];
				} else {
					tblDepth -= 1;
					if (tblDepth === 0) blocks.push({ kind: 'table', rows });
				}
				break;
			case 'w:tr':
				if (tblDepth === 1) {
					if (!isClose) cells = [];
					else rows.push(cells);
				}
				break;
			case 'w:tc':
				if (tblDepth === 1) {
					if (!isClose) {
						cellParas = [];
						gridSpan = 1;
					} else {
						cells.push(
							cellParas
								.join('\n')
								.replace(/\n{3,}/g, '\n\n')
								.trim()
						);
						for (let i = 1; i < gridSpan; i++) cells.push('');
					}
				}
				break;
			case 'w:gridSpan':
				if (tblDepth === 1) gridSpan = Math.max(1, Number(attr(attrs, 'w:val') ?? '1') || 1);
				break;
			default:
				break;
		}
	}
	return blocks;
}

/**
 * The body of a .docx as paragraphs and tables in document order. Only word/document.xml is
 * inflated, within the caps. Runs in the calling thread: use readDocxBlocks (parse-pool) for uploads.
 */
export async function readDocxBlocksInProcess(input: BinaryInput): Promise<DocxBlock[]> {
	const bytes = toBytes(input);
	if (isOle(bytes)) throw new FileReadError('file.legacy_format', { format: 'doc' });
	if (!isZip(bytes)) throw new FileReadError('file.not_zip', { expected: 'docx' });
	let parts: Map<string, Uint8Array>;
	try {
		parts = readZip(bytes, { wanted: (name) => name === 'word/document.xml' });
	} catch (error) {
		if (error instanceof FileReadError && error.code.startsWith('file.limit')) throw error;
		throw new FileReadError('file.not_docx', { reason: 'damaged' });
	}
	const doc = parts.get('word/document.xml');
	if (!doc) throw new FileReadError('file.not_docx', { reason: 'no_document' });
	return parseDocumentXml(withoutNul(new TextDecoder().decode(doc)));
}
