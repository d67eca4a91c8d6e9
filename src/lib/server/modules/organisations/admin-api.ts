import { error, json, type RequestEvent } from '@sveltejs/kit';
import { AppError, ValidationError, requestText } from '../../platform/errors';

/** The admin API's JSON body, or a 400 in the API's error shape. */
export async function jsonBody(event: RequestEvent): Promise<Record<string, unknown>> {
	const body = await event.request.json().catch(() => null);
	if (!body || typeof body !== 'object' || Array.isArray(body)) error(400, { message: requestText('api.invalid_json'), code: 'api.invalid_json' });
	return body as Record<string, unknown>;
}

/** Runs a use case for the admin API: validation errors answer 400 with their fields, other coded errors their status. */
export async function apiResult<T>(work: () => Promise<T>, status = 200): Promise<Response> {
	try {
		const result = await work();
		return result === undefined ? new Response(null, { status: 204 }) : json(result, { status });
	} catch (caught) {
		if (caught instanceof ValidationError) return json({ message: caught.message, code: caught.code, fieldErrors: caught.fieldErrors }, { status: 400 });
		if (caught instanceof AppError) return json({ message: caught.message, code: caught.code }, { status: caught.status });
		throw caught;
	}
}

export const str = (value: unknown): string => (typeof value === 'string' ? value : '');

const ERROR = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const FIELD_ERRORS = {
	description: 'Uppgifterna behöver rättas',
	content: {
		'application/json': {
			schema: {
				type: 'object',
				properties: { message: { type: 'string' }, code: { type: 'string' }, fieldErrors: { type: 'object', additionalProperties: { type: 'string' } } }
			}
		}
	}
};
const AUTH = { '401': { description: 'Inloggning krävs', ...ERROR }, '403': { description: 'Saknar behörighet', ...ERROR } };
const ADMIN_MUNICIPALITY = {
	type: 'object',
	properties: {
		id: { type: 'string', format: 'uuid' },
		slug: { type: 'string', example: 'leksand' },
		name: { type: 'string', example: 'Leksand' },
		officialName: { type: 'string', example: 'Leksands kommun' },
		scbCode: { type: 'string', example: '2029' },
		county: { type: 'string', example: 'Dalarnas län' },
		active: { type: 'boolean' },
		exportedAt: { type: ['string', 'null'], format: 'date-time' }
	}
};
const jsonBodyOf = (properties: Record<string, unknown>, required: string[]) => ({
	required: true,
	content: { 'application/json': { schema: { type: 'object', required, properties } } }
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

/** The admin API's paths in the OpenAPI document (platform/openapi.ts). */
export const ADMIN_OPENAPI_PATHS = {
	'/admin/kommuner': {
		get: {
			summary: 'Alla kommuner i Förebygg (administratör)',
			responses: { '200': { description: 'Kommunerna', content: { 'application/json': { schema: { type: 'array', items: ADMIN_MUNICIPALITY } } } }, ...AUTH }
		},
		post: {
			summary: 'Lägg till en av Sveriges 290 kommuner med dess kommunkod (administratör)',
			requestBody: jsonBodyOf({ code: { type: 'string', example: '2029' }, officialName: { type: 'string' } }, ['code']),
			responses: { '201': { description: 'Kommunen', content: { 'application/json': { schema: ADMIN_MUNICIPALITY } } }, '400': FIELD_ERRORS, ...AUTH }
		}
	},
	'/admin/kommuner/{id}': {
		patch: {
			summary: 'Byt namn på, inaktivera eller aktivera en kommun (administratör)',
			parameters: [idParam],
			requestBody: jsonBodyOf({ name: { type: 'string' }, officialName: { type: 'string' }, active: { type: 'boolean' } }, []),
			responses: { '204': { description: 'Ändrad' }, '400': FIELD_ERRORS, '404': { description: 'Finns inte', ...ERROR }, ...AUTH }
		},
		delete: {
			summary: 'Ta bort kommunen med allt den äger; kräver en export från det senaste dygnet och namnet i confirm (administratör)',
			parameters: [idParam, { name: 'confirm', in: 'query', required: true, schema: { type: 'string', example: 'Leksand' } }],
			responses: { '200': { description: 'Borttagna rader per tabell' }, '400': FIELD_ERRORS, '404': { description: 'Finns inte', ...ERROR }, ...AUTH }
		}
	},
	'/admin/kommuner/{id}/export': {
		get: {
			summary: 'Kommunens alla rader som JSON; hämtningen registreras och tillåter borttagning i ett dygn (administratör)',
			parameters: [idParam],
			responses: { '200': { description: 'Exporten', content: { 'application/json': { schema: { type: 'object' } } } }, ...AUTH }
		}
	},
	'/admin/organisationer': {
		post: {
			summary: 'Lägg till en organisation i en kommun; en administratör kan knyta den till fler kommuner (also)',
			requestBody: jsonBodyOf(
				{
					kommun: { type: 'string', example: 'leksand' },
					name: { type: 'string' },
					type: { type: 'string', example: 'lokalpolisomrade' },
					also: { type: 'array', items: { type: 'string' }, description: 'Fler kommuner (slug) som organisationen arbetar i' }
				},
				['kommun', 'name', 'type']
			),
			responses: { '201': { description: 'Organisationen' }, '400': FIELD_ERRORS, ...AUTH }
		}
	},
	'/admin/inbjudningar': {
		get: {
			summary: 'Väntande inbjudningar i en kommun (samordnare eller administratör)',
			parameters: [{ name: 'kommun', in: 'query', required: true, schema: { type: 'string' } }],
			responses: { '200': { description: 'Inbjudningarna' }, ...AUTH }
		},
		post: {
			summary: 'Bjud in en person i en av kommunens organisationer; länken går med e-post och gäller i sju dagar',
			requestBody: jsonBodyOf(
				{
					kommun: { type: 'string' },
					organisationId: { type: 'string', format: 'uuid' },
					email: { type: 'string', format: 'email' },
					name: { type: 'string' },
					role: { type: 'string', enum: ['samordnare', 'medarbetare', 'lasare'] }
				},
				['kommun', 'organisationId', 'email', 'name', 'role']
			),
			responses: { '201': { description: 'Inbjudan (utan länk: den går bara till den inbjudna)' }, '400': FIELD_ERRORS, ...AUTH }
		}
	},
	'/admin/inbjudningar/{id}': {
		delete: {
			summary: 'Återkalla en inbjudan',
			parameters: [idParam, { name: 'kommun', in: 'query', required: true, schema: { type: 'string' } }],
			responses: { '204': { description: 'Återkallad' }, '404': { description: 'Finns inte', ...ERROR }, ...AUTH }
		}
	}
};
