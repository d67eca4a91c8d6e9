import { fail } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { findUserById } from '$lib/server/modules/users/users.repository';
import { createApiToken, listApiTokens, revokeApiToken } from '$lib/server/modules/users/api-tokens.usecases';
import { beginTotpSetup, changePassword, enableTotp } from '$lib/server/modules/users/users.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event, 'account.manage');
	const app = await runtime();
	const user = await findUserById(app.database.db, actor.userId);
	const totpRequired = event.url.searchParams.get('tvafaktor') === 'krav';
	let setup: { secret: string; qrDataUrl: string } | null = null;
	if (user && !user.totpEnabled && (totpRequired || event.url.searchParams.get('tvafaktor') === 'ny')) {
		const { secret, uri } = await beginTotpSetup({ db: app.database.db, actor });
		setup = { secret, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 192 }) };
	}
	const tokens = await listApiTokens({ db: app.database.db, actor });
	return { email: actor.email, totpEnabled: user?.totpEnabled ?? false, totpRequired, setup, tokens };
};

export const actions: Actions = {
	password: async (event) => {
		const actor = requireActor(event, 'account.manage');
		const app = await runtime();
		const form = await event.request.formData();
		const newPassword = String(form.get('newPassword') ?? '');
		if (newPassword !== String(form.get('confirm') ?? '')) return fail(400, { form: 'password', errors: { confirm: 'Lösenorden är inte lika.' } });
		let kept: { id: string }[];
		try {
			({ activeApiTokens: kept } = await changePassword({
				db: app.database.db,
				actor,
				sessionId: event.locals.sessionId ?? '',
				currentPassword: String(form.get('currentPassword') ?? ''),
				newPassword,
				ip: clientIp(event)
			}));
		} catch (caught) {
			if (caught instanceof ValidationError) return fail(400, { form: 'password', errors: caught.fieldErrors });
			throw caught;
		}
		// A changed password does not revoke keys (a reset does): the user decides, so show which still work.
		const keptIds = new Set(kept.map((t) => t.id));
		const keptTokens = (await listApiTokens({ db: app.database.db, actor })).filter((t) => keptIds.has(t.id));
		return { form: 'password', errors: {}, done: true, keptTokens };
	},
	totp: async (event) => {
		const actor = requireActor(event, 'account.manage');
		const app = await runtime();
		const code = String((await event.request.formData()).get('code') ?? '');
		const ok = await enableTotp({ db: app.database.db, actor, code, ip: clientIp(event) });
		if (!ok) return fail(400, { form: 'totp', errors: { code: 'Koden stämmer inte. Ange de sex siffrorna som appen visar just nu.' } });
		return { form: 'totp', errors: {}, done: true };
	},
	createToken: async (event) => {
		const actor = requireActor(event, 'account.manage');
		const app = await runtime();
		const form = await event.request.formData();
		const input = { name: String(form.get('tokenName') ?? ''), expiresInDays: String(form.get('expiresInDays') ?? '') };
		try {
			const created = await createApiToken({ db: app.database.db, actor, input, ip: clientIp(event) });
			return { form: 'token', errors: {}, created };
		} catch (caught) {
			if (caught instanceof ValidationError)
				return fail(400, { form: 'token', errors: { tokenName: caught.fieldErrors.name, expiresInDays: caught.fieldErrors.expiresInDays } });
			throw caught;
		}
	},
	revokeToken: async (event) => {
		const actor = requireActor(event, 'account.manage');
		const app = await runtime();
		const tokenId = String((await event.request.formData()).get('tokenId') ?? '');
		await asHttpError(() => revokeApiToken({ db: app.database.db, actor, tokenId, ip: clientIp(event) }));
		return { form: 'token', errors: {}, revoked: true };
	}
};
