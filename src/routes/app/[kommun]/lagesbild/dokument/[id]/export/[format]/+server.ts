import { error } from '@sveltejs/kit';
import { exportReport, isReportExportFormat } from '$lib/server/modules/situation/report/situation-report.usecases';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import { attachment } from '$lib/server/platform/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.read');
	const format = event.params.format;
	if (!isReportExportFormat(format)) error(404, { message: 'Okänt format. Välj docx eller pdf.', code: 'situation.unknown_format' });
	// PdfUnavailableError is a 503 with a Swedish message when LibreOffice is missing.
	return attachment(
		await asHttpError(() => exportReport({ db, actor, municipality, reportId: event.params.id, format, config: app.config, ip: clientIp(event) }))
	);
};
