import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { retentionSetting, setRetentionSetting } from '$lib/server/modules/sspf/sspf.usecases';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

/** The municipality's SSPF settings: how long closed cases are kept before they are erased. */
export const load: PageServerLoad = async (event) => {
	const { municipality, context } = await sspfRequest(event, 'sspf.case.signpost');
	return {
		retentionMonths: await asHttpError(() => retentionSetting(context, municipality.id)),
		saved: event.url.searchParams.has('sparad')
	};
};

export const actions: Actions = {
	retention: formAction({
		guard: (event) => sspfRequest(event, 'sspf.case.signpost'),
		form: 'retention',
		read: (form) => ({ retentionMonths: textOf(form, 'retentionMonths') }),
		run: ({ municipality, context }, input) => setRetentionSetting(context, municipality.id, input.retentionMonths),
		redirect: (_, { municipality }) => `/app/${municipality.slug}/sspf/installningar?sparad`
	})
};
