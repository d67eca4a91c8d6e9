import { error } from '@sveltejs/kit';
import { exportPlan, isExportFormat } from '$lib/server/modules/plans/plans.usecases';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import { attachment } from '$lib/server/platform/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const format = event.params.format;
	if (!isExportFormat(format)) error(404, { message: 'Okänt exportformat. Välj docx, xlsx, csv eller json.', code: 'plans.unknown_format' });
	return attachment(await asHttpError(() => exportPlan({ db, actor, planId: event.params.planId, municipality, format, ip: clientIp(event) })));
};
