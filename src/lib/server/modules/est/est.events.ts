import { defineAuditEvents } from '../../platform/audit-events';

/** EST's audit event types; their readable texts are `est.audit.*` in src/lib/modules/est/messages. */
export const EST_AUDIT_EVENTS = defineAuditEvents('est', {
	'est.cycle_settings.updated': {}
});
