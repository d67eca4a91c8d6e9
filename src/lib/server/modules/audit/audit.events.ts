import { defineAuditEvents } from '../../platform/audit-events';

/** The audit event types of the audit module; their readable texts are `audit.audit.*` in src/lib/modules/audit/messages. */
export const AUDIT_AUDIT_EVENTS = defineAuditEvents('audit', {
	'audit.log.checkpointed': {}
});
