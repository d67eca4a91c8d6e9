import { defineAuditEvents } from '../../platform/audit-events';

/** The audit event types of the situation module; their readable texts are `situation.audit.*` in src/lib/modules/situation/messages. */
export const SITUATION_AUDIT_EVENTS = defineAuditEvents('situation', {
	'situation.area_table.exported': { readOnly: true },
	'situation.areas.imported': {},
	'situation.crimes.deleted': {},
	'situation.crimes.imported': {},
	'situation.indicators.imported': {},
	'situation.points.read': { readOnly: true },
	'situation.polisen.imported': {},
	'situation.populations.imported': {},
	'situation.report.created': {},
	'situation.report.exported': { readOnly: true },
	'situation.report.renewal_reminded': {},
	'situation.report.adopted': {},
	'situation.report.deleted': {},
	'situation.report.published': {},
	'situation.report.updated': {},
	'situation.report_focus_area.added': {},
	'situation.report_focus_area.removed': {},
	'situation.report_focus_area.updated': {}
});
