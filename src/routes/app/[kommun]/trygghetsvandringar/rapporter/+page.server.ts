import { moderateResidentReport, residentReportQueue } from '$lib/server/modules/walks/walks.usecases';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'walk-report.moderate');
	return {
		...(await asHttpError(() => residentReportQueue({ db, actor, municipalityId: municipality.id }))),
		done: event.url.searchParams.has('granskad')
	};
};

export const actions: Actions = {
	moderate: formAction({
		guard: (event) => requireMunicipality(event, 'walk-report.moderate'),
		form: (raw) => `report-${raw.reportId}`,
		read: (data) => ({ reportId: textOf(data, 'reportId'), decision: textOf(data, 'decision'), walkId: textOf(data, 'walkId') }),
		run: ({ actor, municipality, db }, input: { reportId: string; decision: string; walkId: string }, event) =>
			moderateResidentReport({ db, actor, municipalityId: municipality.id, ...input, ip: clientIp(event) }),
		redirect: (_, { municipality }) => `/app/${municipality.slug}/trygghetsvandringar/rapporter?granskad`
	})
};
