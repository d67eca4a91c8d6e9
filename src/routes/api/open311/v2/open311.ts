import { json, type RequestEvent } from '@sveltejs/kit';
import { getMunicipality } from '$lib/server/modules/organisations/organisations.usecases';
import { resolveApiToken } from '$lib/server/modules/users/api-tokens.usecases';
import { findMunicipalitiesByIds } from '$lib/server/modules/organisations/public';
import { decide, type Actor } from '$lib/server/platform/authz';
import { AppError, ValidationError } from '$lib/server/platform/errors';
import { requestLocale } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';

/** GeoReport v2 errors: a list of { code, description }. */
export function open311Error(status: number, description: string, headers: Record<string, string> = {}) {
	return json([{ code: status, description }], { status, headers });
}

/** The request's form fields or JSON body as strings (GeoReport v2 posts form fields; JSON is accepted too). */
export async function bodyOf(event: RequestEvent): Promise<Record<string, string>> {
	const type = event.request.headers.get('content-type') ?? '';
	if (type.includes('application/json')) {
		const body = (await event.request.json().catch(() => null)) as Record<string, unknown> | null;
		return Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
	}
	if (type.includes('form')) {
		const form = await event.request.formData();
		return Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string') as [string, string][]);
	}
	return {};
}

/**
 * Who calls and for which municipality: the personal API token as `Authorization: Bearer fbg_…`
 * (hooks resolved it) or as GeoReport's `api_key` parameter; the municipality is `jurisdiction_id`
 * (its slug), or the caller's only municipality. The decision is recorded on the request as every
 * route's is. Returns the context, or the GeoReport error to answer with.
 */
export async function open311Context(event: RequestEvent, params: Record<string, string>) {
	const app = await runtime();
	const db = app.database.db;
	const apiKey = params.api_key ?? event.url.searchParams.get('api_key');
	if (!event.locals.actor && apiKey) event.locals.actor = await resolveApiToken({ db, token: apiKey });
	const actor = event.locals.actor as Actor | null;
	const fail = (status: number, reason: string, description: string, headers: Record<string, string> = {}) => {
		event.locals.policy = { action: 'est.report.create', allowed: false, reason };
		return { error: open311Error(status, description, headers) } as const;
	};
	if (!actor) return fail(401, 'no_actor', 'API-nyckel krävs (api_key eller Authorization: Bearer fbg_…).', { 'www-authenticate': 'Bearer' });
	const jurisdiction = params.jurisdiction_id ?? event.url.searchParams.get('jurisdiction_id');
	let slug = jurisdiction;
	if (!slug) {
		const own = [...new Set(actor.memberships.map((m) => m.municipalityId).filter(Boolean))];
		if (own.length !== 1) return fail(400, 'jurisdiction_missing', 'Ange jurisdiction_id (kommunens kortnamn, t.ex. falun).');
		slug = (await findMunicipalitiesByIds(db, [own[0]!]))[0]?.slug ?? '';
	}
	let municipality;
	try {
		municipality = await getMunicipality(db, slug);
	} catch (error) {
		if (error instanceof AppError) return fail(404, 'jurisdiction_unknown', 'Okänd jurisdiction_id.');
		throw error;
	}
	const decision = decide(actor, 'est.report.create', { municipalityId: municipality.id });
	event.locals.policy = { action: 'est.report.create', allowed: decision.allowed, reason: decision.reason };
	if (!decision.allowed) return { error: open311Error(403, 'Nyckelns användare får inte rapportera i EST i kommunen.') } as const;
	return { actor, municipality, db } as const;
}

/** A use case's coded error as GeoReport's error list: each field's problem in the caller's language. */
export function open311Failure(error: unknown): Response {
	if (error instanceof ValidationError) {
		error.localise(requestLocale());
		return json(
			Object.entries(error.fieldErrors).map(([field, description]) => ({ code: 400, description: `${field}: ${description}` })),
			{ status: 400 }
		);
	}
	if (error instanceof AppError && error.status < 500) return open311Error(error.status, error.localised(requestLocale()));
	throw error;
}
