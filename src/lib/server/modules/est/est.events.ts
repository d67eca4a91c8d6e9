import { defineAuditEvents } from '../../platform/audit-events';

/**
 * EST's audit event types; their readable texts are `est.audit.*` in src/lib/modules/est/messages.
 * A report's free text never goes into the log (only whether there was one): retention removes it
 * from the report after its time, and the log must not keep it longer.
 */
export const EST_AUDIT_EVENTS = defineAuditEvents('est', {
	'est.cycle_settings.updated': {},
	'est.categories.updated': {},
	'est.participants.updated': {},
	'est.report.created': {},
	'est.report_photo.viewed': { readOnly: true },
	'est.meeting.created': {},
	'est.priority.added': {},
	'est.priority.released': {},
	'est.task.decided': {},
	'est.task.updated': {},
	'est.task.checked': {},
	'est.report_content.removed': {},
	'est.reports.exported': { readOnly: true },
	'est.escalation_settings.updated': {},
	'est.escalation.raised': {},
	'est.escalation.outcome_recorded': {},
	'est.escalation.measure_created': {},
	'est.reports.imported': {}
});
