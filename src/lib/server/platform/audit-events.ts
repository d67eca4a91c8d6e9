/**
 * The vocabulary modules declare their audit event types in (`modules/<m>/<m>.events.ts`). It imports
 * nothing, so a declaration file never pulls in use cases and the audit module can import every one.
 *
 * Names are `<module>.<entity>.<verb>` (`plans.measure.updated`), and each has a readable text per
 * locale under the message key `<module>.audit.<entity>.<verb>` in the module's messages files.
 *
 * What the log may hold: who, when, what kind of record (entity type and id) and which fields changed.
 * For ordinary records, the before and after values too (a coordinator must see what was changed). For
 * an event declared `sensitive: true` (personal data about individuals, such as SSPF's young people
 * and consents), only field names and references: every before/after must be null, a boolean (was it
 * set) or a record id (UUID), never the value itself; recordAudit refuses anything else.
 */
export interface AuditEventDeclaration {
	/** Its changes may carry only field names, booleans and record ids (see above). */
	sensitive?: boolean;
	/** A read or an export: nothing in the database changed. */
	readOnly?: boolean;
}

export type AuditEventDeclarations = Readonly<Record<string, AuditEventDeclaration>>;

export { auditEventMessageKey } from '$lib/modules/audit/event-text';

const EVENT_NAME = /^[a-z]+\.[a-z_]+\.[a-z_]+$/;

/** Declares a module's event types; a name outside the module's namespace or style fails at start-up and in tests. */
export function defineAuditEvents<const E extends AuditEventDeclarations>(moduleId: string, events: E): E {
	for (const name of Object.keys(events)) {
		if (!EVENT_NAME.test(name) || !name.startsWith(`${moduleId}.`)) {
			throw new Error(`Audit event ${name} must be named ${moduleId}.<entity>.<verb> (lower case, underscores)`);
		}
	}
	return events;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The fields of a sensitive event's changes that carry a value (which they must not). */
export function valuesInSensitiveChanges(changes: Record<string, { before: unknown; after: unknown }> | null | undefined): string[] {
	const allowed = (value: unknown) => value === null || value === undefined || typeof value === 'boolean' || (typeof value === 'string' && UUID.test(value));
	return Object.entries(changes ?? {})
		.filter(([, change]) => !allowed(change.before) || !allowed(change.after))
		.map(([field]) => field);
}
