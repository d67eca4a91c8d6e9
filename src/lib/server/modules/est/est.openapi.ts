/**
 * EST's Open311 GeoReport v2 endpoint in the OpenAPI document. It lives beside /api/v1, at
 * /api/open311/v2, so its paths carry their own server; the keys are relative to it.
 */
export function estOpenApiPaths() {
	const servers = [{ url: '/api', description: 'Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2)' }];
	const security = [{ apiToken: [] }];
	const jurisdiction = {
		name: 'jurisdiction_id',
		in: 'query',
		required: false,
		description: 'Kommunens kortnamn. Kan utelämnas när nyckelns användare bara arbetar i en kommun.',
		schema: { type: 'string', example: 'falun' }
	};
	const apiKey = {
		name: 'api_key',
		in: 'query',
		required: false,
		description: 'Personlig API-nyckel (fbg_…), om den inte skickas som Bearer.',
		schema: { type: 'string' }
	};
	const error = {
		description: 'Fel enligt GeoReport v2',
		content: {
			'application/json': {
				schema: {
					type: 'array',
					items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } }
				}
			}
		}
	};
	const request = {
		type: 'object',
		required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
		properties: {
			service_request_id: { type: 'string', format: 'uuid' },
			status: { type: 'string', enum: ['open', 'closed'], description: 'closed när åtgärden är utförd' },
			status_notes: { type: 'string', example: 'Behandlad på EST-gruppens möte' },
			service_name: { type: 'string', example: 'Klotter' },
			service_code: { type: 'string', example: 'klotter' },
			description: { type: 'string', description: 'Fritexten; tom efter kommunens lagringstid' },
			agency_responsible: { type: 'string' },
			requested_datetime: { type: 'string', format: 'date-time' },
			address: { type: 'string' },
			lat: { type: ['number', 'null'] },
			long: { type: ['number', 'null'] }
		}
	};
	return {
		'/open311/v2/services.json': {
			servers,
			get: {
				summary: 'Open311: tjänster = kommunens EST-kategorier',
				tags: ['Open311'],
				security,
				parameters: [jurisdiction, apiKey],
				responses: {
					'200': {
						description: 'Tjänsterna',
						content: {
							'application/json': {
								schema: {
									type: 'array',
									items: {
										type: 'object',
										required: ['service_code', 'service_name', 'metadata', 'type'],
										properties: {
											service_code: { type: 'string', example: 'belysning-ur-funktion' },
											service_name: { type: 'string', example: 'Belysning ur funktion' },
											description: { type: 'string' },
											metadata: { type: 'boolean', const: false },
											type: { type: 'string', const: 'realtime' },
											keywords: { type: 'string' },
											group: { type: 'string' }
										}
									}
								}
							}
						}
					},
					'400': error,
					'401': error,
					'403': error
				}
			}
		},
		'/open311/v2/requests.json': {
			servers,
			post: {
				summary: 'Open311: lämna en EST-rapport (en plats eller situation, aldrig en enskild person)',
				description:
					'Rapporten kontrolleras som formulärets: kategori, plats (address_string eller lat/long i Sverige) och fritext utan personnummer. Datum och tid på dygnet sätts till när den tas emot. Skicka fälten som JSON; formulärkodade fält (application/x-www-form-urlencoded) tas emot bara med rubriken Origin satt till tjänstens adress (ramverkets skydd mot förfalskade formulär).',
				tags: ['Open311'],
				security,
				requestBody: {
					required: true,
					content: {
						'application/x-www-form-urlencoded': {
							schema: {
								type: 'object',
								required: ['service_code'],
								properties: {
									jurisdiction_id: { type: 'string', example: 'falun' },
									api_key: { type: 'string' },
									service_code: { type: 'string', example: 'klotter' },
									lat: { type: 'number', example: 60.6034 },
									long: { type: 'number', example: 15.6262 },
									address_string: { type: 'string', example: 'Gruvparken, gångvägen' },
									description: { type: 'string', maxLength: 2000 },
									'attribute[paverkan]': { type: 'integer', minimum: 1, maximum: 4, default: 2, description: 'Påverkan på tryggheten 1–4' },
									'attribute[tid_pa_dygnet]': { type: 'string', enum: ['natt', 'morgon', 'dag', 'kvall'] }
								}
							}
						},
						'application/json': { schema: { type: 'object' } }
					}
				},
				responses: {
					'201': {
						description: 'Mottagen',
						content: {
							'application/json': {
								schema: {
									type: 'array',
									items: {
										type: 'object',
										properties: { service_request_id: { type: 'string', format: 'uuid' }, service_notice: { type: 'string' }, account_id: { type: 'null' } }
									}
								}
							}
						}
					},
					'400': error,
					'401': error,
					'403': error
				}
			},
			get: {
				summary: 'Open311: nyckelns egna rapporter och vad som blivit av dem',
				tags: ['Open311'],
				security,
				parameters: [
					jurisdiction,
					apiKey,
					{ name: 'service_request_id', in: 'query', schema: { type: 'string' }, description: 'Kommaseparerade id' },
					{ name: 'service_code', in: 'query', schema: { type: 'string' } },
					{ name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'closed'] } },
					{ name: 'start_date', in: 'query', schema: { type: 'string', format: 'date-time' } },
					{ name: 'end_date', in: 'query', schema: { type: 'string', format: 'date-time' } }
				],
				responses: {
					'200': { description: 'Rapporterna', content: { 'application/json': { schema: { type: 'array', items: request } } } },
					'401': error,
					'403': error
				}
			}
		},
		'/open311/v2/requests/{id}.json': {
			servers,
			get: {
				summary: 'Open311: en av nyckelns egna rapporter',
				tags: ['Open311'],
				security,
				parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, jurisdiction, apiKey],
				responses: {
					'200': { description: 'Rapporten', content: { 'application/json': { schema: { type: 'array', items: request, maxItems: 1 } } } },
					'401': error,
					'403': error,
					'404': error
				}
			}
		}
	};
}
