/** The ids a form field ties together: its input, hint and error message (for aria-describedby). */
export function fieldIds(name: string, hint: string | undefined, error: string | undefined, explicitId?: string) {
	// A form repeated on one page (one per decision, say) passes its own id, so ids stay unique.
	const id = explicitId ?? `field-${name}`;
	const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
	return { id, hintId: `${id}-hint`, errorId: `${id}-error`, describedBy };
}
