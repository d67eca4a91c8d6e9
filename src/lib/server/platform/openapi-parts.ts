/** Pieces of the OpenAPI document that the foundation's paths and every module's paths share. */
export const UNAUTHORISED = { description: 'Inloggning krävs', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
