import { fail, redirect } from '@sveltejs/kit';
import { acceptInvitation, openInvitation } from '$lib/server/modules/users/invitations.usecases';
import { signIn } from '$lib/server/modules/users/users.usecases';
import { requestInfo, rotateSession } from '$lib/server/platform/auth-routes';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '$lib/server/platform/errors';
import { authorize, clientIp, requestLocale } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'session.manage');
	const app = await runtime();
	const invitation = await openInvitation(app.database.db, event.params.token);
	const actor = event.locals.actor;
	return {
		invitation: invitation && {
			name: invitation.name,
			email: invitation.email,
			role: invitation.role,
			municipalityName: invitation.municipalityName,
			organisationName: invitation.organisationName,
			expiresAt: invitation.expiresAt,
			hasAccount: invitation.hasAccount
		},
		signedInAs: actor?.email ?? null,
		oidcLabel: app.config.oidc?.label ?? null,
		token: event.params.token
	};
};

function landing(slug: string | null): string {
	return slug ? `/app/${slug}` : '/app';
}

export const actions: Actions = {
	/** A new person chooses a password: the account is created, and they are signed in. */
	password: async (event) => {
		authorize(event, 'session.manage');
		const app = await runtime();
		const form = await event.request.formData();
		const password = String(form.get('password') ?? '');
		if (password !== String(form.get('confirm') ?? '')) return fail(400, { errors: { confirm: 'Lösenorden är inte lika.' } as FieldErrors });
		let accepted;
		try {
			accepted = await acceptInvitation({ db: app.database.db, token: event.params.token, password, ip: clientIp(event) });
		} catch (caught) {
			if (caught instanceof ValidationError) return fail(400, { errors: caught.localise(requestLocale()).fieldErrors });
			if (caught instanceof NotFoundError || caught instanceof ForbiddenError)
				return fail(400, { errors: { password: caught.localised(requestLocale()) } as FieldErrors });
			throw caught;
		}
		const result = await signIn({ db: app.database.db, config: app.config, email: accepted.email, password, request: requestInfo(event) });
		if (!result.ok) redirect(303, '/login');
		await rotateSession(event, app, result.token);
		if (result.totpSetupRequired) redirect(303, '/app/konto?tvafaktor=krav');
		redirect(303, landing(accepted.municipalitySlug));
	},
	/** A new person who signs in through their organisation's identity provider: no password here. */
	oidc: async (event) => {
		authorize(event, 'session.manage');
		const app = await runtime();
		if (!app.config.oidc) return fail(400, { errors: { password: 'Inloggning via organisationen är inte konfigurerad.' } as FieldErrors });
		try {
			const accepted = await acceptInvitation({ db: app.database.db, token: event.params.token, password: null, ip: clientIp(event) });
			redirect(303, `/login/oidc?next=${encodeURIComponent(landing(accepted.municipalitySlug))}`);
		} catch (caught) {
			if (caught instanceof NotFoundError || caught instanceof ForbiddenError)
				return fail(400, { errors: { password: caught.localised(requestLocale()) } as FieldErrors });
			throw caught;
		}
	},
	/** A person with an account, signed in as the invited address, takes the new membership. */
	join: async (event) => {
		authorize(event, 'app.enter');
		const app = await runtime();
		try {
			const accepted = await acceptInvitation({
				db: app.database.db,
				token: event.params.token,
				password: null,
				actor: event.locals.actor,
				ip: clientIp(event)
			});
			redirect(303, landing(accepted.municipalitySlug));
		} catch (caught) {
			if (caught instanceof ForbiddenError) return fail(403, { errors: { join: 'Logga in med den e-postadress inbjudan gäller.' } as FieldErrors });
			if (caught instanceof NotFoundError) return fail(400, { errors: { join: caught.localised(requestLocale()) } as FieldErrors });
			throw caught;
		}
	}
};
