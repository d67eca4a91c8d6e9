import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { createReport, myReports, reportFormData, todayIso } from '$lib/server/modules/est/est.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['category', 'place', 'areaId', 'latitude', 'longitude', 'occurredOn', 'timeOfDay', 'effect', 'description'] as const;

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'est.report.create');
	const [form, mine] = await asHttpError(() =>
		Promise.all([reportFormData({ db, actor, municipalityId: municipality.id }), myReports({ db, actor, municipalityId: municipality.id })])
	);
	return {
		...form,
		mine,
		today: todayIso(),
		basemapUrl: app.config.mapBasemapUrl,
		sent: event.url.searchParams.has('skickad'),
		// Made for each rendering: a form sent twice (a resend, the phone's offline queue) is stored once.
		clientId: randomUUID()
	};
};

export const actions: Actions = {
	// Not formAction: the photo is a file, which cannot be sent back to the page with the other values.
	default: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'est.report.create');
		const data = await event.request.formData();
		const values = Object.fromEntries(FIELDS.map((name) => [name, textOf(data, name)])) as Record<(typeof FIELDS)[number], string>;
		const notifyReporter = data.get('notifyReporter') === 'on';
		const file = data.get('photo');
		const photo = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
		const clientId = textOf(data, 'clientId');
		const result = await orInvalid(
			() => createReport({ db, actor, municipalityId: municipality.id, input: { ...values, notifyReporter }, photo, clientId, ip: clientIp(event) }),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { values: { ...values, notifyReporter, clientId }, errors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/est/rapportera?skickad`);
	}
};
