import { json } from '@sveltejs/kit';
import { extractPdf } from '$lib/server/modules/sspf/sspf.extract-document';
import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { subjectAccessExtract } from '$lib/server/modules/sspf/sspf.usecases';
import { asHttpError } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** The register extract (GDPR art. 15) for the coordinator: JSON, or PDF with ?format=pdf; never cached. */
export const GET: RequestHandler = async (event) => {
	const { context } = await sspfRequest(event, 'sspf.case.manage');
	const extract = await asHttpError(() => subjectAccessExtract(context, event.params.id));
	const name = `registerutdrag-${extract.case.reference}`;
	if (event.url.searchParams.get('format') === 'pdf') {
		const pdf = await asHttpError(() => extractPdf(extract));
		return new Response(new Uint8Array(pdf), {
			headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}.pdf"`, 'cache-control': 'no-store' }
		});
	}
	return json(extract, { headers: { 'content-disposition': `attachment; filename="${name}.json"`, 'cache-control': 'no-store' } });
};
