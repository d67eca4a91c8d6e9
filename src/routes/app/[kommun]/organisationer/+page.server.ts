import { fail, redirect } from '@sveltejs/kit';
import { confirmOrganisation, listOrganisations, mergeOrganisation } from '$lib/server/modules/organisations/organisations.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { listUsersWithMemberships } from '$lib/server/modules/users/users.repository';
import { createUserFromForm } from '$lib/server/modules/users/users.routes';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
	const organisations = await asHttpError(() => listOrganisations({ db, actor, municipalityId: municipality.id }));
	const users = await listUsersWithMemberships(db, municipality.id);
	return { organisations, users, done: event.url.searchParams.get('klart') };
};

export const actions: Actions = {
	confirm: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const organisationId = String(form.get('organisationId') ?? '');
		const result = await orInvalid(
			() =>
				confirmOrganisation({
					db,
					actor,
					municipalityId: municipality.id,
					organisationId,
					name: String(form.get('name') ?? ''),
					type: String(form.get('type') ?? ''),
					ip: clientIp(event)
				}),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { organisationId, orgErrors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/organisationer?klart=bekraftad`);
	},
	merge: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const organisationId = String(form.get('organisationId') ?? '');
		const result = await orInvalid(
			() => mergeOrganisation({ db, actor, municipalityId: municipality.id, organisationId, intoId: String(form.get('intoId') ?? ''), ip: clientIp(event) }),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { organisationId, orgErrors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/organisationer?klart=sammanslagen`);
	},
	createUser: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		return createUserFromForm({ db, actor, form: await event.request.formData(), ip: clientIp(event), municipalityId: municipality.id });
	}
};
