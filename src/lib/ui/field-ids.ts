/**
 * The id of a form field's input: `field-<name>`, or `<scope>-<name>` for a field of a scoped
 * form. A page with several forms (a report's text, each focus area, the adoption) gives each
 * its scope, so two forms with a `title` field have two ids, and the error summary of each form
 * links to its own field: both take the id from here.
 */
export function fieldId(name: string, scope?: string): string {
	return scope ? `${scope}-${name}` : `field-${name}`;
}

/** The ids a form field ties together: its input, hint and error message (for aria-describedby). */
export function fieldIds(name: string, hint: string | undefined, error: string | undefined, explicitId?: string, scope?: string) {
	// A form repeated on one page (one per decision, say) passes its own id or scope, so ids stay unique.
	const id = explicitId ?? fieldId(name, scope);
	const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
	return { id, hintId: `${id}-hint`, errorId: `${id}-error`, describedBy };
}
