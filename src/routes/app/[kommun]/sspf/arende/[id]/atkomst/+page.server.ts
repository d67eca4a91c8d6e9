import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { monthlyAccessReport, readCase, todayIso } from '$lib/server/modules/sspf/sspf.usecases';
import { asHttpError } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

/** The monthly access report of a case, for its coordinator: each reader, how often, which categories (?manad=YYYY-MM). */
export const load: PageServerLoad = async (event) => {
	const { context } = await sspfRequest(event, 'sspf.case.signpost');
	const asked = event.url.searchParams.get('manad') ?? '';
	const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : todayIso().slice(0, 7);
	const report = await asHttpError(() => monthlyAccessReport(context, event.params.id, month));
	const view = await asHttpError(() => readCase(context, event.params.id));
	return { month, report, reference: view.reference, id: view.id };
};
