/** The OpenAPI 3.1 document of /api/v1; each module adds its paths here next to its routes. */
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
	const unauthorised = { description: 'Inloggning krävs', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
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
			...planPaths(unauthorised),
			...situationPaths(unauthorised)
		}
	};
}

/** The lägesbild's areas and crime counts (module situation). */
function situationPaths(unauthorised: object) {
	const kommun = { name: 'kommun', in: 'path', required: true, schema: { type: 'string', example: 'falun' } };
	const forbidden = { description: 'Ingen behörighet i kommunen', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
	const badRequest = { description: 'Ogiltig fråga', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
	const date = (name: string, description: string) => ({
		name,
		in: 'query',
		required: false,
		description,
		schema: { type: 'string', format: 'date', example: name === 'from' ? '2024-01-01' : '2024-12-31' }
	});
	return {
		'/kommuner/{kommun}/omraden': {
			get: {
				summary: 'Kommunens områden (kommunen, RegSO, DeSO, egna) med senast kända folkmängd',
				parameters: [kommun],
				responses: {
					'200': {
						description: 'Områdena',
						content: {
							'application/json': {
								schema: {
									type: 'array',
									items: {
										type: 'object',
										required: ['id', 'code', 'name', 'kind', 'population'],
										properties: {
											id: { type: 'string', format: 'uuid' },
											code: { type: 'string', example: '2080C1010' },
											name: { type: 'string' },
											kind: { type: 'string', enum: ['kommun', 'regso', 'deso', 'egen'] },
											population: { type: ['integer', 'null'] }
										}
									}
								}
							}
						}
					},
					'401': unauthorised,
					'403': forbidden
				}
			}
		},
		'/kommuner/{kommun}/brott': {
			get: {
				summary: 'Anmälda brott räknade per område, brottskategori och tid, med antal per 1 000 invånare',
				parameters: [
					kommun,
					{
						name: 'groupBy',
						in: 'query',
						required: false,
						description: 'Kommaseparerade dimensioner: area, category, year, month, weekday, hour. Standard: area,category,year.',
						schema: { type: 'string', example: 'area,category,year' }
					},
					date('from', 'Första dag (ÅÅÅÅ-MM-DD), inklusive'),
					date('to', 'Sista dag (ÅÅÅÅ-MM-DD), inklusive'),
					{
						name: 'kind',
						in: 'query',
						required: false,
						description: 'Bara områden av denna typ när man grupperar per område',
						schema: { type: 'string', enum: ['kommun', 'regso', 'deso', 'egen'] }
					}
				],
				responses: {
					'200': {
						description:
							'En rad per kombination av de valda dimensionerna; bara de valda fälten finns med. ratePer1000 är null utan känd folkmängd och när man grupperar per månad, veckodag eller timme.',
						content: {
							'application/json': {
								schema: {
									type: 'object',
									required: ['rows'],
									properties: {
										rows: {
											type: 'array',
											items: {
												type: 'object',
												required: ['count', 'ratePer1000'],
												properties: {
													area: { type: 'string', format: 'uuid', description: 'Områdets id (se /omraden)' },
													category: { type: 'string', example: 'cykelstold' },
													year: { type: 'integer' },
													month: { type: 'integer', minimum: 1, maximum: 12 },
													weekday: { type: 'integer', minimum: 1, maximum: 7, description: '1 = måndag' },
													hour: { type: ['integer', 'null'], minimum: 0, maximum: 23, description: 'null när klockslaget är okänt' },
													count: { type: 'integer' },
													ratePer1000: { type: ['number', 'null'] }
												}
											}
										}
									}
								}
							}
						}
					},
					'400': badRequest,
					'401': unauthorised,
					'403': forbidden
				}
			}
		}
	};
}

/** The action plans (module plans): the fields are the API contract of issue 3. */
function planPaths(unauthorised: object) {
	const problem = { type: 'object', required: ['id', 'text'], properties: { id: { type: 'string', format: 'uuid' }, text: { type: 'string' } } };
	const measure = {
		type: 'object',
		required: ['id', 'title', 'time', 'startDate', 'endDate', 'scope', 'responsible', 'cost', 'costAmount', 'goal', 'followUp', 'status'],
		properties: {
			id: { type: 'string', format: 'uuid' },
			title: { type: 'string' },
			time: { type: 'string', description: 'Tid som kommunen skrev den', example: 'Start hösten 2024' },
			startDate: { type: ['string', 'null'], format: 'date', description: 'Tolkat från Tid; våren = jan–jun, hösten = aug–dec' },
			endDate: { type: ['string', 'null'], format: 'date' },
			scope: { type: 'string', description: 'Omfattning' },
			responsible: {
				type: 'array',
				items: { type: 'object', required: ['organisation', 'lead'], properties: { organisation: { type: 'string' }, lead: { type: 'boolean' } } }
			},
			cost: { type: 'string', description: 'Kostnad som kommunen skrev den' },
			costAmount: { type: ['integer', 'null'], description: 'Belopp i kronor där det anges' },
			goal: { type: 'string', description: 'Mål' },
			followUp: { type: 'string', description: 'Uppföljning: forum och hur ofta' },
			status: { type: ['string', 'null'], enum: ['ej_paborjad', 'pagar_enligt_plan', 'pagar_med_avvikelse', 'forsenad', 'genomford', 'avbruten', null] }
		}
	};
	const plan = {
		type: 'object',
		required: ['id', 'title', 'status', 'period', 'focusAreas'],
		properties: {
			id: { type: 'string', format: 'uuid' },
			title: { type: 'string' },
			status: { type: 'string', enum: ['utkast', 'pa_remiss', 'beslutad', 'avslutad'] },
			period: { type: ['string', 'null'], example: '2024–2026' },
			focusAreas: {
				type: 'array',
				items: {
					type: 'object',
					required: ['id', 'title', 'problems', 'measures'],
					properties: {
						id: { type: 'string', format: 'uuid' },
						title: { type: 'string' },
						problems: { type: 'array', items: problem },
						measures: { type: 'array', items: measure }
					}
				}
			}
		}
	};
	const notFound = { description: 'Finns inte', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
	const forbidden = { description: 'Ingen behörighet i kommunen', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
	return {
		'/kommuner/{kommun}/atgardsplaner': {
			get: {
				summary: 'Kommunens åtgärdsplaner med fokusområden, problem och åtgärder',
				parameters: [{ name: 'kommun', in: 'path', required: true, schema: { type: 'string', example: 'falun' } }],
				responses: {
					'200': { description: 'Planerna', content: { 'application/json': { schema: { type: 'array', items: plan } } } },
					'401': unauthorised,
					'403': forbidden,
					'404': notFound
				}
			}
		},
		'/atgardsplaner/{id}': {
			get: {
				summary: 'En åtgärdsplan',
				parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
				responses: {
					'200': { description: 'Planen', content: { 'application/json': { schema: plan } } },
					'401': unauthorised,
					'403': forbidden,
					'404': notFound
				}
			}
		}
	};
}
