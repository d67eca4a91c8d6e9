import { error, fail, redirect } from '@sveltejs/kit';
import { findMunicipalityById, listAllOrganisations, listOrganisationsOfMunicipality } from '$lib/server/modules/organisations/organisations.repository';
import { linkOrganisation } from '$lib/server/modules/organisations/organisation-editing.usecases';
import {
	EXPORT_VALID_HOURS,
	deleteMunicipality,
	exportIsRecent,
	renameMunicipality,
	setMunicipalityActive
} from '$lib/server/modules/organisations/municipalities.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { isUuid } from '$lib/server/platform/ids';
import { clientIp, orInvalid, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireActor(event, 'installation.manage');
	const { db } = (await runtime()).database;
	const municipality = isUuid(event.params.id) ? await findMunicipalityById(db, event.params.id) : undefined;
	if (!municipality) error(404, { message: 'Kommunen finns inte i Förebygg.', code: 'organisations.municipality_not_found' });
	return {
		municipality,
		organisations: await listOrganisationsOfMunicipality(db, municipality.id),
		allOrganisations: await listAllOrganisations(db),
		exportRecent: exportIsRecent(municipality),
		exportValidHours: EXPORT_VALID_HOURS,
		added: event.url.searchParams.get('tillagd') === '1',
		done: event.url.searchParams.get('klart')
	};
};

export const actions: Actions = {
	rename: async (event) => {
		const actor = requireActor(event, 'installation.manage');
		const { db } = (await runtime()).database;
		const form = await event.request.formData();
		const values = { name: String(form.get('name') ?? ''), officialName: String(form.get('officialName') ?? '') };
		const result = await orInvalid(() => renameMunicipality({ db, actor, municipalityId: event.params.id, ...values, ip: clientIp(event) }), ValidationError);
		if (result instanceof ValidationError) return fail(400, { form: 'rename', values, errors: result.fieldErrors });
		redirect(303, `/app/admin/kommuner/${event.params.id}?klart=namn`);
	},
	active: async (event) => {
		const actor = requireActor(event, 'installation.manage');
		const { db } = (await runtime()).database;
		const active = String((await event.request.formData()).get('active') ?? '') === '1';
		await orInvalid(() => setMunicipalityActive({ db, actor, municipalityId: event.params.id, active, ip: clientIp(event) }), ValidationError);
		redirect(303, `/app/admin/kommuner/${event.params.id}?klart=${active ? 'aktiv' : 'inaktiv'}`);
	},
	/** An organisation of another municipality (a police area, a region) starts or stops working here too. */
	link: async (event) => {
		const actor = requireActor(event, 'installation.manage');
		const { db } = (await runtime()).database;
		const form = await event.request.formData();
		const linked = String(form.get('linked') ?? '1') === '1';
		const result = await orInvalid(
			() =>
				linkOrganisation({ db, actor, organisationId: String(form.get('organisationId') ?? ''), municipalityId: event.params.id, linked, ip: clientIp(event) }),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { form: 'link', values: {}, errors: result.fieldErrors });
		redirect(303, `/app/admin/kommuner/${event.params.id}?klart=${linked ? 'kopplad' : 'bortkopplad'}`);
	},
	delete: async (event) => {
		const actor = requireActor(event, 'installation.manage');
		const { db } = (await runtime()).database;
		const form = await event.request.formData();
		const typedName = String(form.get('typedName') ?? '');
		const municipality = isUuid(event.params.id) ? await findMunicipalityById(db, event.params.id) : undefined;
		const result = await orInvalid(
			() =>
				deleteMunicipality({
					db,
					actor,
					municipalityId: event.params.id,
					typedName,
					exportConfirmed: form.get('exportConfirmed') === 'on',
					ip: clientIp(event)
				}),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { form: 'delete', values: { typedName }, errors: result.fieldErrors });
		redirect(303, `/app/admin/kommuner?borttagen=${encodeURIComponent(municipality?.name ?? '')}`);
	}
};
