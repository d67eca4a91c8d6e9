import { cyclePictureDocument } from '$lib/server/modules/est/est.picture-document';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** /app/{kommun}/est/cykel/lagesbild.docx?nr=N: the cycle's picture ("EST-lägesbild vecka 48–49") as Word. */
export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'est.read');
	const asked = Number(event.url.searchParams.get('nr'));
	const number = Number.isInteger(asked) && asked > 0 ? asked : undefined;
	const document = await asHttpError(() =>
		cyclePictureDocument({ db, actor, municipalityId: municipality.id, municipalityName: municipality.name, number, format: 'docx' })
	);
	return new Response(new Uint8Array(document.bytes), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'content-disposition': `attachment; filename="${document.filename}"`,
			'cache-control': 'private, no-store'
		}
	});
};
