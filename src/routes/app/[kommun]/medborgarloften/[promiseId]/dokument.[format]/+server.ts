import { error } from '@sveltejs/kit';
import { getPromise, promiseFile } from '$lib/server/modules/promises/promises.usecases';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import { documentKind } from '$lib/server/modules/promises/promise-yearly-report';
import type { RequestHandler } from './$types';

/** The signed document of any promise of the municipality, drafts included, for the people in the app. */
export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const format = event.params.format;
	if (format !== 'docx' && format !== 'pdf') error(404, { message: 'Formatet finns inte. Välj .docx eller .pdf.', code: 'promises.format_not_found' });
	const promise = await asHttpError(() => getPromise({ db, actor, municipalityId: municipality.id, promiseId: event.params.promiseId }));
	const url = `${event.url.origin}/${municipality.slug}/medborgarloften/${promise.slug}`;
	const file = await asHttpError(() => promiseFile({ db, actor, municipality, promise, ...documentKind(event.url), format, url, ip: clientIp(event) }));
	return new Response(new Uint8Array(file.body), {
		headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName}"`, 'cache-control': 'private, no-store' }
	});
};
