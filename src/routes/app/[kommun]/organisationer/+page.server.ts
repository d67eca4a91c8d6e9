import { listOrganisations } from '$lib/server/modules/organisations/organisations.usecases';
import { listUsersWithMemberships } from '$lib/server/modules/users/users.repository';
import { createUserFromForm } from '$lib/server/modules/users/users.routes';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
	const organisations = await asHttpError(() => listOrganisations({ db, actor, municipalityId: municipality.id }));
	const users = await listUsersWithMemberships(db, municipality.id);
	return { organisations, users };
};

export const actions: Actions = {
	createUser: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		return createUserFromForm({ db, actor, form: await event.request.formData(), ip: clientIp(event), municipalityId: municipality.id });
	}
};
