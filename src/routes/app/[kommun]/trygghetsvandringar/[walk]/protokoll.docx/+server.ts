import { walkProtocol } from '$lib/server/modules/walks/walks.usecases';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

/** The follow-up meeting's protocol (docx): every finding grouped by owner. */
export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'walk.read');
	const protocol = await asHttpError(() =>
		walkProtocol({ db, actor, municipalityId: municipality.id, walkId: event.params.walk, format: 'docx', ip: clientIp(event) })
	);
	return new Response(new Uint8Array(protocol.bytes), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'content-disposition': `attachment; filename="protokoll-trygghetsvandring.docx"`,
			'cache-control': 'private, no-store'
		}
	});
};
