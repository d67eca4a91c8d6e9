import { error } from '@sveltejs/kit';
import { generateFollowUpReport, isReportFormat } from '$lib/server/modules/plans/follow-up.usecases';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import { attachment } from '$lib/server/platform/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const format = event.params.format;
	if (!isReportFormat(format)) error(404, { message: 'Okänt rapportformat. Välj docx eller pdf.', code: 'plans.unknown_format' });
	const file = await asHttpError(() =>
		generateFollowUpReport({ db, actor, roundId: event.params.roundId, planId: event.params.planId, municipality, format, ip: clientIp(event) })
	);
	return attachment(file);
};
