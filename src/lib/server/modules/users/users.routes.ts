import { fail } from '@sveltejs/kit';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createUser } from './users.usecases';

/** The shared form action behind "Lägg till användare" (coordinator's and admin's pages). */
export async function createUserFromForm(options: { db: Db; actor: Actor; form: FormData; ip: string | null; municipalityId?: string }) {
	const { form } = options;
	const values = {
		email: String(form.get('email') ?? ''),
		name: String(form.get('name') ?? ''),
		role: String(form.get('role') ?? ''),
		organisationId: String(form.get('organisationId') ?? '') || null,
		municipalityId: options.municipalityId ?? (String(form.get('municipalityId') ?? '') || null)
	};
	const password = String(form.get('password') ?? '');
	try {
		const user = await createUser({
			db: options.db,
			actor: options.actor,
			input: { ...values, role: values.role as never, password: password || undefined },
			ip: options.ip
		});
		return { created: user.email, values: null, errors: {} as Record<string, string> };
	} catch (caught) {
		if (caught instanceof ValidationError) return fail(400, { created: null, values, errors: caught.fieldErrors });
		if (caught instanceof ForbiddenError) return fail(403, { created: null, values, errors: { role: caught.message } });
		throw caught;
	}
}
