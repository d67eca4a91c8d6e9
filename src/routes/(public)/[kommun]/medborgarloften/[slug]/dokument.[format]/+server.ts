import { error } from '@sveltejs/kit';
import { getPublicPromise, promiseFile } from '$lib/server/modules/promises/promises.usecases';
import { asHttpError, publicMunicipality } from '$lib/server/platform/guard';
import { documentKind } from '$lib/server/modules/promises/promise-yearly-report';
import type { RequestHandler } from './$types';
import { systemActor } from '$lib/server/platform/authz';

/** The signed document of a published promise, as Word or PDF. */
export const GET: RequestHandler = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const format = event.params.format;
	if (format !== 'docx' && format !== 'pdf')
		error(404, { message: 'Formatet finns inte. Välj dokument.docx eller dokument.pdf.', code: 'promises.format_not_found' });
	const promise = await asHttpError(() => getPublicPromise({ db, municipalityId: municipality.id, slug: event.params.slug }));
	const url = `${event.url.origin}/${municipality.slug}/medborgarloften/${promise.slug}`;
	const file = await asHttpError(() =>
		promiseFile({ db, actor: systemActor('public-site'), municipality, promise, ...documentKind(event.url), format, url, ip: null })
	);
	return new Response(new Uint8Array(file.body), {
		headers: { 'content-type': file.contentType, 'content-disposition': `inline; filename="${file.fileName}"`, 'cache-control': 'public, max-age=300' }
	});
};
