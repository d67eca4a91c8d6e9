import { json } from '@sveltejs/kit';
import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { subjectAccessExtract } from '$lib/server/modules/sspf/sspf.usecases';
import { asHttpError } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** The register extract (GDPR art. 15) as JSON, for the coordinator; never cached. */
export const GET: RequestHandler = async (event) => {
	const { context } = await sspfRequest(event, 'sspf.case.manage');
	const extract = await asHttpError(() => subjectAccessExtract(context, event.params.id));
	return json(extract, {
		headers: { 'content-disposition': `attachment; filename="registerutdrag-${extract.case.reference}.json"`, 'cache-control': 'no-store' }
	});
};
