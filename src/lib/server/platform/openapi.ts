import { ADMIN_OPENAPI_PATHS } from '../modules/organisations/admin-api';
import { SERVER_MODULES } from '../modules/registry';
import { UNAUTHORISED } from './openapi-parts';

/** The OpenAPI 3.1 document of /api/v1: the foundation's paths here, each module's from its manifest (`openapi`). */
export function openApiDocument(origin: string) {
	const municipality = {
		type: 'object',
		required: ['slug', 'name', 'officialName', 'scbCode', 'county'],
		properties: {
			slug: { type: 'string', example: 'falun' },
			name: { type: 'string', example: 'Falun' },
			officialName: { type: 'string', example: 'Falu kommun' },
			scbCode: { type: 'string', pattern: '^\\d{4}$', example: '2080' },
			county: { type: 'string', example: 'Dalarnas län' }
		}
	};
	const error = { type: 'object', required: ['message'], properties: { message: { type: 'string' }, code: { type: 'string' } } };
	const unauthorised = UNAUTHORISED;
	return {
		openapi: '3.1.0',
		info: {
			title: 'Förebygg API',
			version: '1',
			description:
				'Kommunens och polisens gemensamma brottsförebyggande arbete. Autentisering med sessionscookie eller en personlig API-nyckel (skapas under Mitt konto) i rubriken Authorization: Bearer fbg_….'
		},
		servers: [{ url: `${origin}/api/v1` }],
		components: {
			securitySchemes: {
				session: { type: 'apiKey', in: 'cookie', name: 'forebygg_session' },
				apiToken: { type: 'http', scheme: 'bearer', description: 'Personlig API-nyckel, fbg_…' }
			},
			schemas: { Municipality: municipality, Error: error }
		},
		security: [{ session: [] }, { apiToken: [] }],
		paths: {
			'/me': {
				get: {
					summary: 'Den inloggade användaren och dess roller',
					responses: {
						'200': {
							description: 'Användaren',
							content: {
								'application/json': {
									schema: {
										type: 'object',
										properties: {
											email: { type: 'string' },
											name: { type: 'string' },
											memberships: {
												type: 'array',
												items: {
													type: 'object',
													properties: { role: { type: 'string' }, municipality: { type: ['string', 'null'] }, organisationId: { type: ['string', 'null'] } }
												}
											}
										}
									}
								}
							}
						},
						'401': unauthorised
					}
				}
			},
			'/kommuner': {
				get: {
					summary: 'Kommuner som användaren har åtkomst till',
					responses: {
						'200': {
							description: 'Kommunerna',
							content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Municipality' } } } }
						},
						'401': unauthorised
					}
				}
			},
			...ADMIN_OPENAPI_PATHS,
			...Object.assign({}, ...SERVER_MODULES.map((module) => module.openapi ?? {}))
		}
	};
}
