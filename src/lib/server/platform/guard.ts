import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import type { Db } from '../db/client';
import { getMunicipality } from '../modules/organisations/organisations.usecases';
import type { MunicipalityRow } from '../modules/organisations/organisations.repository';
import { runtime, type Runtime } from '../runtime';
import { AppError, ValidationError } from './errors';
import { decide, type Action, type Actor, type ResourceOf } from './authz';

/**
 * The route-side door to the policy. It records the decision on the request, so hooks can
 * refuse any response of a route that never asked (see hooks.server.ts).
 */
export function authorize<A extends Action>(event: RequestEvent, action: A, resource?: ResourceOf<A>): Actor | null {
	const decision = decide(event.locals.actor, action, resource);
	event.locals.policy = { action, allowed: decision.allowed, reason: decision.reason };
	if (decision.allowed) return event.locals.actor;
	const isApi = event.url.pathname.startsWith('/api/');
	if (!event.locals.actor) {
		if (isApi) error(401, { message: 'Inloggning krävs.', code: 'auth.required' });
		redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	error(403, { message: 'Du har inte behörighet till det här.', code: 'auth.forbidden' });
}

/** For routes that need a signed-in user. */
export function requireActor<A extends Action = 'app.enter'>(event: RequestEvent, action: A = 'app.enter' as A, resource?: ResourceOf<A>): Actor {
	return authorize(event, action, resource) as Actor;
}

export interface MunicipalityContext {
	actor: Actor;
	municipality: MunicipalityRow;
	db: Db;
	app: Runtime;
}

/** Resolves the `[kommun]` parameter and authorises `action` in that municipality. */
export async function requireMunicipality(event: RequestEvent, action: Action = 'municipality.read'): Promise<MunicipalityContext> {
	const app = await runtime();
	if (!event.locals.actor) requireActor(event);
	const municipality = await asHttpError(() => getMunicipality(app.database.db, event.params.kommun ?? ''));
	const actor = requireActor(event, action, { municipalityId: municipality.id });
	return { actor, municipality, db: app.database.db, app };
}

export async function publicMunicipality(event: RequestEvent) {
	authorize(event, 'public.read');
	const app = await runtime();
	return { municipality: await asHttpError(() => getMunicipality(app.database.db, event.params.kommun ?? '')), db: app.database.db, app };
}

/** The locale of the request being answered (Swedish outside one: the CLI, jobs, tests). */
export function requestLocale(): 'sv' | 'en' {
	try {
		return getRequestEvent().locals.locale ?? 'sv';
	} catch {
		return 'sv';
	}
}

/** Turns the domain's coded errors into SvelteKit HTTP errors with the same code, in the request's language. */
export async function asHttpError<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (caught) {
		if (caught instanceof AppError) error(caught.status, { message: caught.localised(requestLocale()), code: caught.code });
		throw caught;
	}
}

/**
 * For form actions: the use case's result, or the validation error the form should show
 * (returned, not thrown); any other app error becomes its HTTP error as in asHttpError.
 */
export async function orInvalid<T, E extends AppError>(work: () => Promise<T>, invalid: abstract new (...args: never[]) => E): Promise<T | E> {
	try {
		return await work();
	} catch (caught) {
		if (caught instanceof ValidationError) caught.localise(requestLocale());
		if (caught instanceof invalid) return caught;
		if (caught instanceof AppError) error(caught.status, { message: caught.localised(requestLocale()), code: caught.code });
		throw caught;
	}
}

export function clientIp(event: RequestEvent): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

/**
 * For layouts: refuses (and records the refusal) when the action is not allowed, but records
 * nothing when it is, so every page below must still make its own decision.
 */
export function guardLayout<A extends Action>(event: RequestEvent, action: A, resource?: ResourceOf<A>): Actor {
	if (!decide(event.locals.actor, action, resource).allowed) authorize(event, action, resource);
	return event.locals.actor as Actor;
}

export async function layoutMunicipality(event: RequestEvent): Promise<MunicipalityContext> {
	const app = await runtime();
	guardLayout(event, 'app.enter');
	const municipality = await asHttpError(() => getMunicipality(app.database.db, event.params.kommun ?? ''));
	const actor = guardLayout(event, 'municipality.read', { municipalityId: municipality.id });
	return { actor, municipality, db: app.database.db, app };
}
