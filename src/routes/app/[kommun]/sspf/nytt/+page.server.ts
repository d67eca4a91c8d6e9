import { fail, redirect } from '@sveltejs/kit';
import { createCase } from '$lib/server/modules/sspf/sspf.usecases';
import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { ValidationError } from '$lib/server/platform/errors';
import { orInvalid } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await sspfRequest(event, 'sspf.case.manage');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const { municipality, context } = await sspfRequest(event, 'sspf.case.manage');
		const form = await event.request.formData();
		const text = (name: string) => String(form.get(name) ?? '').trim();
		const guardians = [1, 2].map((n) => ({ name: text(`guardian${n}`), phone: text(`guardian${n}Phone`) })).filter((guardian) => guardian.name !== '');
		const values = {
			name: text('name'),
			personnummer: text('personnummer'),
			guardians,
			referralFrom: text('referralFrom'),
			referralSource: text('referralSource'),
			referralReason: text('referralReason'),
			referredOn: text('referredOn')
		};
		const result = await orInvalid(() => createCase(context, municipality.id, values), ValidationError);
		// The personal identity number is not sent back to the page.
		if (result instanceof ValidationError) return fail(400, { errors: result.fieldErrors, values: { ...values, personnummer: '' } });
		redirect(303, `/app/${municipality.slug}/sspf/arende/${result.id}`);
	}
};
