/**
 * The message key of an audit event type's readable text: `plans.measure.updated` →
 * `plans.audit.measure.updated`, in that module's messages files. Browser-safe: the log pages use it.
 */
export function auditEventMessageKey(type: string): string {
	const [moduleId, ...rest] = type.split('.');
	return `${moduleId}.audit.${rest.join('.')}`;
}

/** The readable text of an event type; a type no longer declared (an old row) shows as it was written. */
export function auditEventText(t: (key: never) => string, type: string): string {
	const key = auditEventMessageKey(type);
	const text = t(key as never);
	return text === key ? type : text;
}
