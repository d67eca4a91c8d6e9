import { fail, redirect } from '@sveltejs/kit';
import { PROMISE_STATUSES, isPromiseStatus } from '$lib/modules/promises/constants';
import { extendPromise, getPromise, setPromiseStatus } from '$lib/server/modules/promises/promises.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const promise = await asHttpError(() => getPromise({ db, actor, municipalityId: municipality.id, promiseId: event.params.promiseId }));
	return { promise, saved: event.url.searchParams.has('sparat'), origin: event.url.origin };
};

export const actions: Actions = {
	status: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const status = String((await event.request.formData()).get('status') ?? '');
		if (!isPromiseStatus(status)) return fail(400, { statusErrors: { status: `Välj en av: ${PROMISE_STATUSES.join(', ')}.` } as Record<string, string> });
		await asHttpError(() => setPromiseStatus({ db, actor, municipalityId: municipality.id, promiseId: event.params.promiseId, status, ip: clientIp(event) }));
		redirect(303, `/app/${municipality.slug}/medborgarloften/${event.params.promiseId}?sparat=1`);
	},
	extend: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const input = { toYear: String(form.get('toYear') ?? ''), decidedOn: String(form.get('decidedOn') ?? ''), text: String(form.get('text') ?? '') };
		const invalid = await orInvalid(
			() => extendPromise({ db, actor, municipalityId: municipality.id, promiseId: event.params.promiseId, input, ip: clientIp(event) }),
			ValidationError
		);
		if (invalid instanceof ValidationError) return fail(400, { extendValues: input, extendErrors: invalid.fieldErrors });
		redirect(303, `/app/${municipality.slug}/medborgarloften/${event.params.promiseId}?sparat=1`);
	}
};
