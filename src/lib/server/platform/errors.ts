/** Messages per form field name, shown at the field and in the error summary. */
export type FieldErrors = Record<string, string>;

/** Errors with stable codes; hooks map the code to an HTTP status and a Swedish message. */
export class AppError extends Error {
	constructor(
		readonly code: string,
		readonly status: number,
		message: string,
		readonly details?: Record<string, unknown>
	) {
		super(message);
	}
}

export class ForbiddenError extends AppError {
	constructor(reason: string) {
		super('auth.forbidden', 403, 'Du har inte behörighet till det här.', { reason });
	}
}

export class NotFoundError extends AppError {
	constructor(code: string, message = 'Sidan eller posten finns inte.') {
		super(code, 404, message);
	}
}

export class ValidationError extends AppError {
	constructor(
		readonly fieldErrors: Record<string, string>,
		message = 'Uppgifterna behöver rättas.'
	) {
		super('validation.failed', 400, message, { fieldErrors });
	}
}
