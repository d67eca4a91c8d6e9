import { listMunicipalities } from '$lib/server/modules/organisations/organisations.repository';
import { listUsersWithMemberships } from '$lib/server/modules/users/users.repository';
import { createUserFromForm } from '$lib/server/modules/users/users.routes';
import { clientIp, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import { listAllOrganisations } from '$lib/server/modules/organisations/organisations.repository';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireActor(event, 'installation.manage');
	const { db } = (await runtime()).database;
	const [users, municipalities, organisations] = await Promise.all([listUsersWithMemberships(db), listMunicipalities(db), listAllOrganisations(db)]);
	return { users, municipalities: municipalities.map((m) => ({ id: m.id, name: m.name })), organisations };
};

export const actions: Actions = {
	createUser: async (event) => {
		const actor = requireActor(event, 'installation.manage');
		const { db } = (await runtime()).database;
		return createUserFromForm({ db, actor, form: await event.request.formData(), ip: clientIp(event) });
	}
};
