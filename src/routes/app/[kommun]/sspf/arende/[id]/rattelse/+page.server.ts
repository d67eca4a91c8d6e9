import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { readCase, rectificationHistory, rectifyCaseField } from '$lib/server/modules/sspf/sspf.usecases';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

/** Rectification (GDPR art. 16) for the coordinator: the corrected value, the earlier one kept (sealed) with the reason. */
export const load: PageServerLoad = async (event) => {
	const { context } = await sspfRequest(event, 'sspf.case.signpost');
	const history = await asHttpError(() => rectificationHistory(context, event.params.id));
	const view = await asHttpError(() => readCase(context, event.params.id));
	return { view, history, saved: event.url.searchParams.has('sparad') };
};

/** Guardians are written one per line, "name, telephone". */
const guardiansOf = (text: string) =>
	text
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line) => {
			const [name = '', ...phone] = line.split(',');
			return { name: name.trim(), phone: phone.join(',').trim() };
		});

export const actions: Actions = {
	rectify: formAction({
		guard: (event) => sspfRequest(event, 'sspf.case.signpost'),
		form: 'rectify',
		read: (form) => ({ field: textOf(form, 'field'), value: textOf(form, 'value'), reason: textOf(form, 'reason') }),
		run: ({ context }, input, event) =>
			rectifyCaseField(context, event.params.id!, input.field, input.field === 'guardians' ? guardiansOf(input.value) : input.value.trim(), input.reason),
		redirect: (_, { municipality }, event) => `/app/${municipality.slug}/sspf/arende/${event.params.id}/rattelse?sparad`
	})
};
