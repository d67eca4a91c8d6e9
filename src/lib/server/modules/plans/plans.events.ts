import { defineAuditEvents } from '../../platform/audit-events';

/** The audit event types of the plans module; their readable texts are `plans.audit.*` in src/lib/modules/plans/messages. */
export const PLANS_AUDIT_EVENTS = defineAuditEvents('plans', {
	'plans.decision.added': {},
	'plans.decision_document.added': {},
	'plans.round.answered': {},
	'plans.round.closed': {},
	'plans.round.opened': {},
	'plans.round.reminded': {},
	'plans.round_report.exported': { readOnly: true },
	'plans.round_sheet.exported': { readOnly: true },
	'plans.measure.added': {},
	'plans.measure.updated': {},
	'plans.plan.exported': { readOnly: true },
	'plans.plan.imported': {},
	'plans.plan.situation_report_set': {},
	'plans.plan.updated': {},
	'plans.remiss_answer.added': {}
});
