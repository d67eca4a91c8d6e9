import { error } from '@sveltejs/kit';
import { exportPlan, isExportFormat } from '$lib/server/modules/plans/plans.usecases';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const format = event.params.format;
	if (!isExportFormat(format)) error(404, { message: 'Okänt exportformat. Välj docx, xlsx, csv eller json.', code: 'plans.unknown_format' });
	const file = await asHttpError(() => exportPlan({ db, actor, planId: event.params.planId, municipality, format, ip: clientIp(event) }));
	return new Response(new Uint8Array(file.body), {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${encodeURIComponent(file.fileName)}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`
		}
	});
};
