import { UNAUTHORISED } from '../../platform/openapi-parts';

/** The lägesbild's areas and crime counts (module situation). */
export function situationOpenApiPaths() {
	const unauthorised = UNAUTHORISED;
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
													areaCode: { type: 'string', example: '2080C1010', description: 'Områdets kod (DeSO, RegSO eller kommunens egen), med area' },
													areaName: { type: 'string', description: 'Områdets namn, med area' },
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
