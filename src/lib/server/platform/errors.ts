import { createTranslator, type Locale, type MessageKey } from '$lib/i18n';
import { SV_MESSAGES } from '$lib/i18n/catalogue.generated';

/** Messages per form field name, shown at the field and in the error summary. */
export type FieldErrors = Record<string, string>;
export type ErrorParams = Record<string, string | number>;

/** The message key of a coded error's text: `plans.round_closed` → `plans.error.round_closed` (in that module's messages). */
export function errorMessageKey(code: string): string {
	const [namespace, ...rest] = code.split('.');
	return `${namespace}.error.${rest.join('.')}`;
}

/** The code's text in `locale` from the message files, or null when the code has none. */
export function errorText(code: string, params: ErrorParams | undefined, locale: Locale): string | null {
	const key = errorMessageKey(code);
	return key in SV_MESSAGES ? createTranslator(locale)(key as MessageKey, params) : null;
}

/**
 * Errors with a stable code and parameters. Use cases throw them; the edge (platform/guard.ts for pages
 * and forms, the API helpers, hooks) translates them with the request's locale: the text is the code's
 * message `<namespace>.error.<rest>` in the module's messages files. `message` is the Swedish text
 * (the default locale), so logs and Swedish pages read as before.
 *
 * The older form `new AppError(code, status, 'Svensk text')` still works: its Swedish text is kept and
 * the English page shows the code's English text when the messages have one.
 */
export class AppError extends Error {
	readonly params?: ErrorParams;
	constructor(
		readonly code: string,
		readonly status: number,
		messageOrParams?: string | ErrorParams,
		readonly details?: Record<string, unknown>
	) {
		const params = typeof messageOrParams === 'object' ? messageOrParams : undefined;
		super(typeof messageOrParams === 'string' ? messageOrParams : (errorText(code, params, 'sv') ?? code));
		this.params = params;
	}

	/** The text for a reader of `locale`. */
	localised(locale: Locale): string {
		if (locale === 'sv') return this.message;
		return errorText(this.code, this.params, locale) ?? this.message;
	}
}

/**
 * An error whose code is the caller's (`plans.import_not_zip`, what an API client branches on) and
 * whose text is another coded message (`file.not_zip`, what a reader of the file needs to know).
 */
export class AppErrorWithText extends AppError {
	constructor(
		code: string,
		status: number,
		readonly text: FieldCode
	) {
		super(code, status, errorText(text.code, text.params, 'sv') ?? text.code);
	}

	override localised(locale: Locale): string {
		return errorText(this.text.code, this.text.params, locale) ?? this.message;
	}
}

export class ForbiddenError extends AppError {
	constructor(reason: string) {
		super('auth.forbidden', 403, {}, { reason });
	}
}

export class NotFoundError extends AppError {
	constructor(code: string, message?: string) {
		super(code, 404, message ?? errorText(code, undefined, 'sv') ?? errorText('app.not_found', undefined, 'sv') ?? code);
	}

	/** A code without its own text reads as the generic "does not exist". */
	override localised(locale: Locale): string {
		if (locale === 'sv') return this.message;
		return errorText(this.code, this.params, locale) ?? errorText('app.not_found', undefined, locale) ?? this.message;
	}
}

/** A field's coded message: its code (the text `<namespace>.error.<rest>`) and parameters. */
export interface FieldCode {
	code: string;
	params?: ErrorParams;
}

/**
 * Why one entry of a reported (not thrown) list of problems went wrong: a rejected row, a left-out
 * event, an import note. `reason` is the Swedish text (logs, stored reports), `text` gives it in the
 * reader's language.
 */
export interface CodedReason {
	reason: string;
	text: FieldCode;
}

export function codedReason(code: string, params?: ErrorParams): CodedReason {
	return { reason: errorText(code, params, 'sv') ?? code, text: params ? { code, params } : { code } };
}

/** A reason's text for a reader of `locale`; one without a code keeps its own text. */
export function reasonText(entry: { reason: string; text?: FieldCode }, locale: Locale): string {
	return entry.text ? (errorText(entry.text.code, entry.text.params, locale) ?? entry.reason) : entry.reason;
}

/** Import notes (`message` and its code) with each message in the reader's language. */
export function localiseNotes<T extends { message: string; text?: FieldCode }>(notes: T[], locale: Locale): T[] {
	return notes.map((note) => ({ ...note, message: reasonText({ reason: note.message, text: note.text }, locale) }));
}

/** The list with each `reason` in the reader's language, as a page shows it. */
export function localiseReasons<T extends { reason: string; text?: FieldCode }>(entries: T[], locale: Locale): T[] {
	return entries.map((entry) => ({ ...entry, reason: reasonText(entry, locale) }));
}

/** Where the platform learns the language of the request being answered (hooks.server.ts sets it). */
let currentLocale: () => Locale = () => 'sv';

export function setLocaleSource(source: () => Locale): void {
	currentLocale = source;
}

/** A coded message in the language of the request being answered (Swedish outside one). */
export function requestText(code: string, params?: ErrorParams): string {
	return errorText(code, params, currentLocale()) ?? code;
}

export class ValidationError extends AppError {
	private readonly swedish: Record<string, string>;
	private locale: Locale | null = null;

	constructor(
		fieldErrors: Record<string, string>,
		message?: string,
		/** The coded fields, so the edge can give their text in the reader's language. */
		readonly fieldCodes: Record<string, FieldCode> = {}
	) {
		super('validation.failed', 400, message ?? errorText('validation.failed', undefined, 'sv') ?? 'Uppgifterna behöver rättas.', { fieldErrors });
		this.swedish = fieldErrors;
	}

	/**
	 * Messages per form field: coded fields in the language of the request being answered (or the one
	 * `localise` chose), so no page can show a Swedish message to an English reader by forgetting to
	 * translate; uncoded fields keep their text.
	 */
	get fieldErrors(): Record<string, string> {
		const locale = this.locale ?? currentLocale();
		const texts = { ...this.swedish };
		for (const [field, { code, params }] of Object.entries(this.fieldCodes)) texts[field] = errorText(code, params, locale) ?? texts[field];
		return texts;
	}

	/** Fixes the language of `fieldErrors` (outside a request, or for another reader). */
	localise(locale: Locale): this {
		this.locale = locale;
		return this;
	}
}

/** A ValidationError whose every field message is coded (Swedish text now, the reader's language at the edge). */
export function codedValidationError(fields: Record<string, FieldCode>): ValidationError {
	const swedish = Object.fromEntries(Object.entries(fields).map(([field, { code, params }]) => [field, errorText(code, params, 'sv') ?? code]));
	return new ValidationError(swedish, undefined, fields);
}

/** A schema message that is a code (`users.email_invalid`) rather than a text: its text is the module's `users.error.email_invalid`. */
const MESSAGE_CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** The part of a Zod issue read here; `minimum`/`maximum` become the code's parameters (`{minimum} tecken`). */
export interface SchemaIssue {
	path: readonly PropertyKey[];
	message: string;
	minimum?: unknown;
	maximum?: unknown;
}

function issueCode(issue: SchemaIssue): FieldCode | null {
	if (!MESSAGE_CODE.test(issue.message) || !(errorMessageKey(issue.message) in SV_MESSAGES)) return null;
	const params: ErrorParams = {};
	for (const limit of ['minimum', 'maximum'] as const) {
		const value = issue[limit];
		if (typeof value === 'number' || typeof value === 'bigint') params[limit] = Number(value);
	}
	return { code: issue.message, params };
}

/**
 * The ValidationError of a failed schema parse: the first issue per field, keyed as the form names the
 * field (`activities.0.unit` → `activities-0-unit`, or by `key`). Schemas give codes as messages
 * (`{ message: 'users.email_invalid' }`), so the edge shows them in the reader's language; a message
 * that is not a code is shown as written.
 */
export function validationErrorFromIssues(
	issues: readonly SchemaIssue[],
	key: (path: readonly PropertyKey[]) => string = (path) => path.map(String).join('-') || 'form',
	/** Fields the use case found wrong besides the schema's, reported in the same pass. */
	also: Record<string, FieldCode> = {}
): ValidationError {
	const texts: FieldErrors = {};
	const codes: Record<string, FieldCode> = { ...also };
	for (const [field, code] of Object.entries(also)) texts[field] = errorText(code.code, code.params, 'sv') ?? code.code;
	for (const issue of issues) {
		const field = key(issue.path);
		if (field in texts) continue;
		const code = issueCode(issue);
		if (code) codes[field] = code;
		texts[field] = code ? (errorText(code.code, code.params, 'sv') ?? issue.message) : issue.message;
	}
	return new ValidationError(texts, undefined, codes);
}

/**
 * An error about an uploaded file or one field (a file that cannot be read), shown at that field:
 * in the reader's language when the error is coded, else its own text.
 */
export function fieldError(error: AppError, field: string): ValidationError {
	const text = textCode(error);
	if (errorText(text.code, text.params, 'sv') === null) return new ValidationError({ [field]: error.message });
	return codedValidationError({ [field]: text });
}

/** The coded text an error shows its reader: the reader's text of an AppErrorWithText, else its own code. */
export function textCode(error: AppError): FieldCode {
	return error instanceof AppErrorWithText ? error.text : { code: error.code, params: error.params };
}
