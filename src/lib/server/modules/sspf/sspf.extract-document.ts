import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { FONT, bodyParagraph, pageNumberFooter } from '../../platform/documents/docx-kit';
import { convertDocxToPdf } from '../../platform/documents/pdf';
import type { subjectAccessExtract } from './sspf.usecases';

type Extract = Awaited<ReturnType<typeof subjectAccessExtract>>;

const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
const line = (label: string, value: unknown) => bodyParagraph(`${label}: ${typeof value === 'string' ? value : JSON.stringify(value ?? '')}`);

/**
 * The register extract (GDPR art. 15) as a Word document: every section of the JSON extract in
 * readable form, for the coordinator to hand to the person. PDF goes through the platform's converter.
 */
export async function extractDocx(extract: Extract): Promise<Buffer> {
	const children: Paragraph[] = [
		new Paragraph({ text: `Registerutdrag – ${extract.case.reference}`, heading: HeadingLevel.HEADING_1 }),
		bodyParagraph(`Framställt ${extract.producedAt.slice(0, 10)} ur Förebygg (SSPF / Sociala insatsgrupper).`),
		heading('Personen'),
		line('Namn', extract.youngPerson.name),
		line('Personnummer', extract.youngPerson.personnummer),
		line('Vårdnadshavare', (extract.guardians as { name: string; phone: string }[]).map((g) => `${g.name} ${g.phone}`.trim()).join(', ') || '–'),
		heading('Ärendet'),
		line('Status', extract.case.status),
		line('Remitterad', `${extract.case.referredOn} (${extract.case.referralSource})`),
		line('Remiss från', extract.referral.from),
		line('Skäl', extract.referral.reason),
		line('Team', extract.team.map((t) => `${t.name}, ${t.organisation}`).join('; ') || '–'),
		heading('Samtycken'),
		...extract.consents.map((c) =>
			bodyParagraph(
				`${c.validFrom} – ${c.validTo}: ${c.categories.join(', ')}; mottagare ${c.recipients.length}; undertecknat av ${(c.signatories as { name: string }[]).map((s) => s.name).join(', ')}${c.withdrawnAt ? `; återkallat ${c.withdrawnAt.slice(0, 10)}` : ''}`
			)
		),
		heading('Kartläggning, plan och anteckningar'),
		...extract.entries.map((e) =>
			bodyParagraph(
				`${e.occurredOn} ${e.kind} (${e.category}): ${Object.values(e.data as Record<string, unknown>)
					.map(String)
					.join(' – ')}`
			)
		),
		heading('Rättelser'),
		...(extract.rectifications.length
			? extract.rectifications.map((r) => bodyParagraph(`${r.changedAt.slice(0, 10)} ${r.field}: tidigare "${String(r.before)}" (${r.reason})`))
			: [bodyParagraph('Inga.')]),
		heading('Vem har läst ärendet'),
		...extract.accessLog.map((a) => bodyParagraph(`${a.at.slice(0, 16).replace('T', ' ')} ${a.who ?? ''}: ${a.action} ${a.shown.join(', ')}`))
	];
	const document = new Document({
		styles: { default: { document: { run: { font: FONT } } } },
		sections: [{ footers: { default: pageNumberFooter() }, children }]
	});
	return Packer.toBuffer(document);
}

export async function extractPdf(extract: Extract): Promise<Buffer> {
	return convertDocxToPdf(await extractDocx(extract));
}
