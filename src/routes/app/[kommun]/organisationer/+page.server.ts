import { fail, redirect } from '@sveltejs/kit';
import {
	confirmOrganisation,
	listOrganisations,
	mergeOrganisation,
	mergeSuggestedOrganisations,
	organisationMergeSuggestions
} from '$lib/server/modules/organisations/organisations.usecases';
import { createOrganisation, updateOrganisation } from '$lib/server/modules/organisations/organisation-editing.usecases';
import {
	changeMemberRole,
	inviteUser,
	listInvitations,
	removeMember,
	resendInvitation,
	withdrawInvitation
} from '$lib/server/modules/users/invitations.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { isAdmin } from '$lib/server/platform/authz';
import { listUsersWithMemberships } from '$lib/server/modules/users/users.repository';
import { createUserFromForm } from '$lib/server/modules/users/users.routes';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
	const organisations = await asHttpError(() => listOrganisations({ db, actor, municipalityId: municipality.id }));
	const users = await listUsersWithMemberships(db, municipality.id);
	const invitations = await asHttpError(() => listInvitations({ db, actor, municipalityId: municipality.id }));
	const suggestions = await asHttpError(() => organisationMergeSuggestions({ db, actor, municipalityId: municipality.id }));
	return { organisations, suggestions, users, invitations, now: new Date(), done: event.url.searchParams.get('klart'), isAdmin: isAdmin(actor) };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export const actions: Actions = {
	confirm: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const organisationId = text(form, 'organisationId');
		const result = await orInvalid(
			() =>
				confirmOrganisation({
					db,
					actor,
					municipalityId: municipality.id,
					organisationId,
					name: text(form, 'name'),
					type: text(form, 'type'),
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
		const organisationId = text(form, 'organisationId');
		const result = await orInvalid(
			() => mergeOrganisation({ db, actor, municipalityId: municipality.id, organisationId, intoId: text(form, 'intoId'), ip: clientIp(event) }),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { organisationId, orgErrors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/organisationer?klart=sammanslagen`);
	},
	mergeSuggested: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		// The pair is posted as "a:b"; the chosen one to keep is one of them.
		const [a, b] = text(form, 'pair').split(':');
		const keepId = text(form, 'keepId');
		const mergeId = keepId === a ? b : a;
		const result = await orInvalid(
			() => mergeSuggestedOrganisations({ db, actor, municipalityId: municipality.id, keepId, mergeId: mergeId ?? '', ip: clientIp(event) }),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { pair: text(form, 'pair'), pairErrors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/organisationer?klart=sammanslagen#dubbletter`);
	},
	createOrganisation: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const values = { name: text(form, 'name'), type: text(form, 'type') };
		const result = await orInvalid(() => createOrganisation({ db, actor, municipalityId: municipality.id, ...values, ip: clientIp(event) }), ValidationError);
		if (result instanceof ValidationError) return fail(400, { section: 'createOrganisation', values, errors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/organisationer?klart=organisation`);
	},
	updateOrganisation: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const organisationId = text(form, 'organisationId');
		const result = await orInvalid(
			() =>
				updateOrganisation({
					db,
					actor,
					municipalityId: municipality.id,
					organisationId,
					name: text(form, 'name'),
					type: text(form, 'type'),
					ip: clientIp(event)
				}),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { organisationId, orgErrors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/organisationer?klart=andrad`);
	},
	invite: async (event) => {
		const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const values = { email: text(form, 'email'), name: text(form, 'name'), role: text(form, 'role'), organisationId: text(form, 'organisationId') };
		const result = await orInvalid(
			() =>
				inviteUser({
					db,
					config: app.config,
					actor,
					// Area-wide: one membership in every municipality the organisation serves (a police area's staff; the use case allows it to an admin only).
					input: { ...values, role: values.role as never, municipalityId: form.get('areaWide') === 'on' ? null : municipality.id },
					ip: clientIp(event)
				}),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { section: 'invite', values, errors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/organisationer?klart=inbjuden`);
	},
	resend: async (event) => {
		const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.manage');
		const invitationId = text(await event.request.formData(), 'invitationId');
		await asHttpError(() => resendInvitation({ db, config: app.config, actor, invitationId, municipalityId: municipality.id, ip: clientIp(event) }));
		redirect(303, `/app/${municipality.slug}/organisationer?klart=skickad`);
	},
	withdraw: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const invitationId = text(await event.request.formData(), 'invitationId');
		await asHttpError(() => withdrawInvitation({ db, actor, invitationId, municipalityId: municipality.id, ip: clientIp(event) }));
		redirect(303, `/app/${municipality.slug}/organisationer?klart=aterkallad`);
	},
	role: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const membershipId = text(form, 'membershipId');
		const result = await orInvalid(
			() => changeMemberRole({ db, actor, municipalityId: municipality.id, membershipId, role: text(form, 'role'), ip: clientIp(event) }),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { membershipId, memberErrors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/organisationer?klart=roll`);
	},
	remove: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const membershipId = text(await event.request.formData(), 'membershipId');
		const result = await orInvalid(() => removeMember({ db, actor, municipalityId: municipality.id, membershipId, ip: clientIp(event) }), ValidationError);
		if (result instanceof ValidationError) return fail(400, { membershipId, memberErrors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/organisationer?klart=borttagen`);
	},
	createUser: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		return createUserFromForm({ db, actor, form: await event.request.formData(), ip: clientIp(event), municipalityId: municipality.id });
	}
};
