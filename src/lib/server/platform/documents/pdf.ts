/**
 * PDF from a generated Word document through LibreOffice (headless): the same engine the
 * municipality's staff open the .docx with, so the PDF and the Word file agree page for page.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../errors';

const run = promisify(execFile);
const CANDIDATES = ['soffice', 'libreoffice', '/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'];

let found: Promise<string | null> | null = null;

/** The LibreOffice binary: SOFFICE_PATH, else the first candidate that answers --version. */
export function findSoffice(): Promise<string | null> {
	found ??= (async () => {
		for (const candidate of [process.env.SOFFICE_PATH, ...CANDIDATES].filter((c): c is string => !!c)) {
			try {
				await run(candidate, ['--version'], { timeout: 30_000 });
				return candidate;
			} catch {
				// try the next one
			}
		}
		return null;
	})();
	return found;
}

export class PdfUnavailableError extends AppError {
	constructor() {
		super(
			'reports.pdf_unavailable',
			503,
			'PDF kan inte skapas på den här servern eftersom LibreOffice saknas. Ladda ner Word-filen och spara den som PDF, eller be driften installera LibreOffice (paketet libreoffice-writer-nogui).'
		);
	}
}

/** Converts .docx bytes to PDF bytes. Each call gets its own LibreOffice profile, so conversions can run side by side. */
export async function convertDocxToPdf(docx: Uint8Array): Promise<Buffer> {
	const soffice = await findSoffice();
	if (!soffice) throw new PdfUnavailableError();
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'forebygg-pdf-'));
	try {
		const input = path.join(dir, 'document.docx');
		await fs.writeFile(input, docx);
		await run(
			soffice,
			[`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, input],
			{ timeout: 120_000 }
		);
		return await fs.readFile(path.join(dir, 'document.pdf'));
	} finally {
		await fs.rm(dir, { recursive: true, force: true });
	}
}
