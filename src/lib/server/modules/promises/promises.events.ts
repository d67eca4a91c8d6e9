import { defineAuditEvents } from '../../platform/audit-events';

/** The audit event types of the promises module; their readable texts are `promises.audit.*` in src/lib/modules/promises/messages. */
export const PROMISES_AUDIT_EVENTS = defineAuditEvents('promises', {
	'promises.feedback.answered': {},
	'promises.feedback.received': {},
	'promises.follow_up.corrected': {},
	'promises.follow_up.published': {},
	'promises.follow_up.recorded': {},
	'promises.promise.created': {},
	'promises.promise.exported': { readOnly: true },
	'promises.promise.extended': {},
	'promises.promise.imported': {},
	'promises.promise.updated': {},
	'promises.promise.published': {},
	'promises.promise.status_changed': {}
});
