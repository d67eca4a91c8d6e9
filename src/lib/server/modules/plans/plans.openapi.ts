import { UNAUTHORISED } from '../../platform/openapi-parts';

/** The action plans (module plans): the fields are the API contract of issue 3. */
export function plansOpenApiPaths() {
	const unauthorised = UNAUTHORISED;
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
