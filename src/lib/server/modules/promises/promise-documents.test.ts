import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../platform/authz';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findAuditRows } from '../audit/audit.repository';
import { findMemberships, findUserByEmail } from '../users/public';
import { promisesModule } from './module';
import { renderPosterDocx, renderPromiseDocx } from './promise-documents';
import { widgetHtml, widgetScript } from './promise-widget';
import { getPromise, listPublicPromises, promiseFile, type PromiseView } from './promises.usecases';

async function documentText(docx: Buffer): Promise<string> {
	const zip = await JSZip.loadAsync(docx);
	const xml = await zip.file('word/document.xml')!.async('string');
	return xml
		.replace(/<w:p[ >]/g, '\n$&')
		.replace(/<[^>]+>/g, '')
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'");
}

function pdfText(pdf: Buffer): string {
	const file = path.join(os.tmpdir(), `forebygg-promise-${process.pid}-${Date.now()}.pdf`);
	fs.writeFileSync(file, pdf);
	try {
		return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
	} finally {
		fs.rmSync(file, { force: true });
	}
}

describe('the signed document, the poster and the widget', () => {
	let database: TestDb;
	let falun: PromiseView;
	let sunne: PromiseView;
	let coordinator: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		await promisesModule.seedDemo!({ db: database.db, refs: database.refs! });
		[falun] = await listPublicPromises({ db: database.db, municipalityId: database.refs!.municipalities.falun.id });
		[sunne] = await listPublicPromises({ db: database.db, municipalityId: database.refs!.municipalities.sunne.id });
		const user = (await findUserByEmail(database.db, 'samordnare@falun.demo'))!;
		coordinator = { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	});
	afterAll(() => database.close());

	it('the Word document has the familiar sections, every promise line, the activity table and the signatories', async () => {
		const text = await documentText(await renderPromiseDocx({ promise: falun, municipalityName: 'Falu kommun' }));
		for (const heading of [
			'Medborgarlöfte',
			'Inledning',
			'Problembild',
			'Polisen lovar att:',
			'Falu kommun lovar att:',
			'Aktiviteter',
			'Tidsram',
			'Uppföljning',
			'Underskrifter'
		]) {
			expect(text, heading).toContain(heading);
		}
		for (const line of falun.parties.flatMap((p) => p.lines)) expect(text).toContain(line);
		for (const column of ['Aktivitet', 'Omfattning', 'När', 'Ansvarig']) expect(text).toContain(column);
		expect(text).toContain('Införa samverkansmodellen SIG');
		expect(text).toContain('Faluns BRÅ, december 2022');
		expect(text).toContain('Joakim Storck');
		expect(text).toContain('Martin Öhman');
	});

	it('Sunne’s document keeps the extension and every activity', async () => {
		const text = await documentText(await renderPromiseDocx({ promise: sunne, municipalityName: 'Sunne kommun' }));
		expect(text).toContain('Förlängt till 2024');
		for (const activity of sunne.activities) expect(text).toContain(activity.activity);
	});

	it('the document never holds the internal notes', async () => {
		const promise = await getPromise({ db: database.db, actor: coordinator, municipalityId: database.refs!.municipalities.falun.id, promiseId: falun.id });
		const text = await documentText(
			await renderPromiseDocx({ promise: { ...promise, internalNotes: 'HEMLIG-NOTERING' } as PromiseView, municipalityName: 'Falu kommun' })
		);
		expect(text).not.toContain('HEMLIG-NOTERING');
	});

	it('the poster is A4 with the QR code as an image and the address written out', async () => {
		const url = 'https://forebygg.example.se/falun/medborgarloften/lokalpolisomrade-falun-och-falu-kommun-2022';
		const docx = await renderPosterDocx({ promise: falun, municipalityName: 'Falu kommun', url });
		const zip = await JSZip.loadAsync(docx);
		const images = Object.keys(zip.files).filter((name) => name.startsWith('word/media/'));
		expect(images).toHaveLength(1);
		const png = await zip.file(images[0])!.async('nodebuffer');
		expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
		const xml = await zip.file('word/document.xml')!.async('string');
		expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
		expect(await documentText(docx)).toContain(url);
	});

	it('PDFs come from LibreOffice and hold the text; an app export is audited', async () => {
		const municipality = { id: database.refs!.municipalities.falun.id, officialName: 'Falu kommun' };
		const url = 'https://forebygg.example.se/falun/medborgarloften/x';
		const poster = await promiseFile({
			db: database.db,
			actor: systemActor('public-site'),
			municipality,
			promise: falun,
			kind: 'affisch',
			format: 'pdf',
			url,
			ip: null
		});
		expect(poster.contentType).toBe('application/pdf');
		expect(poster.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(pdfText(poster.body)).toContain('Läs hela löftet');
		const document = await promiseFile({ db: database.db, actor: coordinator, municipality, promise: falun, kind: 'dokument', format: 'pdf', url, ip: null });
		const text = pdfText(document.body);
		expect(text).toContain('Polisen lovar att:');
		expect(text).toContain('Införa samverkansmodellen SIG');
		const audit = await findAuditRows(database.db, { action: 'promises.promise.exported', limit: 10, offset: 0 });
		expect(audit.map((row) => row.entityId)).toEqual([falun.id]);
	}, 180_000);

	it('the widget page shows the promise, each activity’s status in words and a link; the script inserts a titled iframe', () => {
		const html = widgetHtml(falun, { municipalityName: 'Falu kommun', url: 'https://x.se/falun/medborgarloften/a' });
		expect(html).toContain('<html lang="sv">');
		expect(html).toContain('Uppfyllt:');
		expect(html).toContain('Införa samverkansmodellen SIG');
		expect(html).toContain('href="https://x.se/falun/medborgarloften/a"');
		expect(html).not.toContain('<script');
		const evil = widgetHtml({ ...falun, title: '<script>alert(1)</script>' }, { municipalityName: 'Falu kommun', url: 'https://x.se' });
		expect(evil).not.toContain('<script>alert');
		const script = widgetScript('https://x.se', 'falun');
		expect(script).toContain('frame.title');
		expect(script).toContain('"https://x.se/falun/medborgarloften/"');
	});
});
