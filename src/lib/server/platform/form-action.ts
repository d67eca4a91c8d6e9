import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { ValidationError, validationErrorFromIssues, type FieldErrors } from './errors';
import { orInvalid, requestLocale } from './guard';

/** What a failed form action returns to its page: the form's scope, what was sent, and the errors per field. */
export interface FormFailure {
	form: string;
	values: Record<string, unknown>;
	errors: FieldErrors;
	message?: string;
}

/** The part of a Zod schema the helper uses (any z.object(…) fits). */
interface Schema<Input> {
	safeParse(value: unknown): { success: true; data: Input } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/** The first message per field in the reader's language, keyed as the form names the field (`activities.0.unit` → `activities-0-unit`). */
export function zodFieldErrors(issues: { path: PropertyKey[]; message: string }[]): FieldErrors {
	return validationErrorFromIssues(issues).localise(requestLocale()).fieldErrors;
}

/**
 * One shape for every form action: guard → read the posted fields → parse them with the module's
 * Zod schema → run the use case → on a validation error `fail(400)` with the form's scope, the
 * sent values and the errors per field (the page's ErrorSummary and fields take their ids from
 * the same scope), otherwise redirect (303) so a reload does not post again. Any other error of
 * the use case becomes its HTTP error.
 */
export function formAction<Ctx, Raw extends Record<string, unknown>, Input = Raw, Result = unknown>(spec: {
	/** Who may post and what the action needs (actor, municipality, db): the route's guard. */
	guard: (event: RequestEvent) => Promise<Ctx>;
	/** The form's scope on the page; from the posted fields when the form repeats (one per focus area). */
	form: string | ((raw: Raw) => string);
	/** The posted fields, as the page shows them again after a failure. */
	read: (data: FormData) => Raw;
	/** The module's schema, checked here at the edge; the use case checks again. Without it the fields go as read. */
	schema?: Schema<Input>;
	run: (ctx: Ctx, input: Input, event: RequestEvent) => Promise<Result>;
	/** Where to go after success. */
	redirect: (result: Result, ctx: Ctx, event: RequestEvent) => string;
}) {
	return async (event: RequestEvent) => {
		const ctx = await spec.guard(event);
		const raw = spec.read(await event.request.formData());
		const form = typeof spec.form === 'function' ? spec.form(raw) : spec.form;
		const failure = (errors: FieldErrors, message?: string) => fail(400, { form, values: raw, errors, ...(message ? { message } : {}) } satisfies FormFailure);
		let input = raw as unknown as Input;
		if (spec.schema) {
			const parsed = spec.schema.safeParse(raw);
			if (!parsed.success) return failure(zodFieldErrors(parsed.error.issues));
			input = parsed.data;
		}
		const result = await orInvalid(() => spec.run(ctx, input, event), ValidationError);
		if (result instanceof ValidationError) return failure(result.fieldErrors, Object.keys(result.fieldErrors).length ? undefined : result.message);
		redirect(303, spec.redirect(result, ctx, event));
	};
}

/** A posted text field ('' when missing). */
export const textOf = (data: FormData, name: string) => String(data.get(name) ?? '');
