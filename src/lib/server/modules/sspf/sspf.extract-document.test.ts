import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { findSoffice } from '../../platform/documents/pdf';
import { extractDocx, extractPdf } from './sspf.extract-document';

/** The PDF needs LibreOffice (as the other PDF exports); the Word file is checked everywhere. */
const soffice = await findSoffice();

const EXTRACT = {
	producedAt: '2026-06-15T10:00:00.000Z',
	case: { reference: 'SIG-2026-001', status: 'aktuell', referredOn: '2026-04-01', closedOn: null, referralSource: 'skola' },
	youngPerson: { name: 'Testperson Ett', personnummer: '201206029813' },
	guardians: [{ name: 'Vårdnadshavare Ett', phone: '070-000 00 01' }],
	referral: { from: 'Skolan', reason: 'Fiktiv remiss.' },
	team: [{ name: 'Selma Skolkurator', organisation: 'Barn- och utbildningsförvaltningen' }],
	consents: [
		{
			validFrom: '2026-04-01',
			validTo: '2027-03-31',
			categories: ['skola'],
			recipients: [{ organisationId: '00000000-0000-4000-8000-000000000001', unit: '' }],
			signatories: [{ role: 'vardnadshavare', name: 'Vårdnadshavare Ett' }],
			withdrawnAt: null,
			withdrawnCategories: [],
			withdrawnRecipients: []
		}
	],
	entries: [
		{
			kind: 'assessment',
			category: 'skola',
			occurredOn: '2026-04-02',
			dueOn: null,
			doneOn: null,
			data: { factor: 'language_school', level: 'finns', note: 'Hög frånvaro.' }
		}
	],
	rectifications: [{ field: 'referralFrom', before: 'Fel källa', reason: 'Rättat', changedAt: '2026-05-01T00:00:00.000Z' }],
	accessLog: [{ at: '2026-06-01T09:00:00.000Z', who: 'kommunpolis@falun.demo', action: 'sspf.case.read', shown: ['grund'], refused: [] }]
};

describe('the register extract as a document', () => {
	it('holds every section of the extract in the Word file', async () => {
		const xml = strFromU8(unzipSync(new Uint8Array(await extractDocx(EXTRACT)))['word/document.xml']!);
		for (const text of [
			'Registerutdrag – SIG-2026-001',
			'Testperson Ett',
			'201206029813',
			'Vårdnadshavare Ett',
			'Fiktiv remiss.',
			'Hög frånvaro.',
			'Fel källa',
			'kommunpolis@falun.demo'
		])
			expect(xml).toContain(text);
	});

	it.skipIf(!soffice)(
		'comes out as a PDF where LibreOffice is installed',
		async () => {
			const pdf = await extractPdf(EXTRACT);
			expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		},
		120_000
	);
});
