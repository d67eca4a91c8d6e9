import { defineAuditEvents } from '../../platform/audit-events';

/** The walks module's audit event types; their readable texts are `walks.audit.*` in src/lib/modules/walks/messages. */
export const WALKS_AUDIT_EVENTS = defineAuditEvents('walks', {
	'walks.walk.planned': {},
	'walks.walk.updated': {},
	'walks.invitation.sent': {},
	'walks.walk.published': {},
	'walks.checklist.updated': {},
	'walks.stop.scored': {},
	'walks.finding.recorded': {},
	'walks.finding.assigned': {},
	'walks.finding.linked': {},
	'walks.finding.state_changed': {},
	'walks.finding.answered': {},
	'walks.photo.added': {},
	'walks.photo.publishable_set': {},
	'walks.owner_link.created': {},
	'walks.owner_link.revoked': {},
	'walks.owner_link.used': { readOnly: true },
	'walks.protocol.exported': { readOnly: true },
	'walks.report.received': {},
	'walks.report.moderated': {},
	'walks.reminder.sent': {}
});
