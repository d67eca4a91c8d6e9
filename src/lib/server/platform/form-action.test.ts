import { isRedirect, type RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ForbiddenError, ValidationError } from './errors';
import { formAction, textOf } from './form-action';

const eventWith = (fields: Record<string, string>) => {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.set(k, v);
	return { request: new Request('http://localhost/x', { method: 'POST', body }) } as unknown as RequestEvent;
};

describe('formAction', () => {
	const calls: string[] = [];
	const action = formAction({
		guard: async () => ({ who: 'samordnare' }),
		read: (form: FormData) => ({ key: textOf(form, 'key'), title: textOf(form, 'title') }),
		form: (raw) => `item-${raw.key || 'new'}`,
		schema: z.object({ key: z.string(), title: z.string().trim().min(1, 'Ge den en rubrik.') }),
		run: async (ctx, input) => {
			calls.push(`${ctx.who}:${input.title}`);
			if (input.title === 'dubblett') throw new ValidationError({ title: 'Rubriken finns redan.' });
			if (input.title === 'förbjuden') throw new ForbiddenError('test');
			return 'id-1';
		},
		redirect: (id) => `/sak/${id}`
	});

	it('fails with the form scope, the sent values and the schema errors before the use case runs', async () => {
		const result = await action(eventWith({ key: 'a', title: '  ' }));
		expect(result).toMatchObject({ status: 400, data: { form: 'item-a', values: { key: 'a', title: '  ' }, errors: { title: 'Ge den en rubrik.' } } });
		expect(calls).toEqual([]);
	});

	it("returns the use case's validation errors, turns other errors into HTTP errors, and redirects after success", async () => {
		expect(await action(eventWith({ title: 'dubblett' }))).toMatchObject({
			status: 400,
			data: { form: 'item-new', errors: { title: 'Rubriken finns redan.' } }
		});
		await expect(action(eventWith({ title: 'förbjuden' }))).rejects.toMatchObject({ status: 403 });
		const thrown = await action(eventWith({ title: 'Ny' })).catch((e: unknown) => e);
		expect(isRedirect(thrown) && thrown.status === 303 && thrown.location).toBe('/sak/id-1');
		expect(calls).toEqual(['samordnare:dubblett', 'samordnare:förbjuden', 'samordnare:Ny']);
	});
});
