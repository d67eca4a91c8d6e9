import type { RequestEvent } from '@sveltejs/kit';
import { findUserByEmail } from '$lib/server/modules/users/public';
import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { addGroupMember, listGroups, removeGroupMember } from '$lib/server/modules/sspf/sspf.usecases';
import { decide } from '$lib/server/platform/authz';
import { codedValidationError } from '$lib/server/platform/errors';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

/** The styrgrupp, the beredningsgrupp and the explicit SSPF coordinator role; the municipality's coordinator manages them. */
export const load: PageServerLoad = async (event) => {
	const { actor, municipality, context } = await sspfRequest(event, 'sspf.case.signpost');
	return {
		members: await asHttpError(() => listGroups(context, municipality.id)),
		canManage: decide(actor, 'sspf.groups.manage', { municipalityId: municipality.id }).allowed,
		saved: event.url.searchParams.has('sparad')
	};
};

const guard = (event: RequestEvent) => sspfRequest(event, 'sspf.case.signpost');
const back = (_: unknown, { municipality }: Awaited<ReturnType<typeof guard>>) => `/app/${municipality.slug}/sspf/grupper?sparad`;

export const actions: Actions = {
	add: formAction({
		guard,
		form: 'add',
		read: (form) => ({ email: textOf(form, 'email').trim(), groupKind: textOf(form, 'groupKind'), coordinator: form.get('coordinator') === 'on' }),
		run: async ({ municipality, context }, input) => {
			const user = input.email ? await findUserByEmail(context.db, input.email) : null;
			if (!user) throw codedValidationError({ email: { code: 'sspf.user_not_found' } });
			if (input.groupKind !== 'styrgrupp' && input.groupKind !== 'beredningsgrupp') throw codedValidationError({ groupKind: { code: 'sspf.field_invalid' } });
			await addGroupMember(context, { municipalityId: municipality.id, userId: user.id, groupKind: input.groupKind, coordinator: input.coordinator });
		},
		redirect: back
	}),
	remove: formAction({
		guard,
		form: 'remove',
		read: (form) => ({ memberId: textOf(form, 'memberId') }),
		run: ({ municipality, context }, input) => removeGroupMember(context, municipality.id, input.memberId),
		redirect: back
	})
};
