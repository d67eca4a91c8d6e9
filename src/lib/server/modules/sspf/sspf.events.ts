import { defineAuditEvents } from '../../platform/audit-events';

/**
 * SSPF's audit event types; every one is sensitive: a row holds who, which case (a reference) and
 * which fields or categories, never a value (recordAudit refuses values). Texts: `sspf.audit.*`.
 */
export const SSPF_AUDIT_EVENTS = defineAuditEvents('sspf', {
	'sspf.group_member.added': { sensitive: true },
	'sspf.group_member.removed': { sensitive: true },
	'sspf.case.created': { sensitive: true },
	'sspf.case.read': { sensitive: true, readOnly: true },
	'sspf.case.searched': { sensitive: true, readOnly: true },
	'sspf.case.status_changed': { sensitive: true },
	'sspf.case.rectified': { sensitive: true },
	'sspf.case.extracted': { sensitive: true, readOnly: true },
	'sspf.case.erased': { sensitive: true },
	'sspf.case.keys_rotated': { sensitive: true },
	'sspf.team.changed': { sensitive: true },
	'sspf.consent.recorded': { sensitive: true },
	'sspf.consent.withdrawn': { sensitive: true },
	'sspf.consent.reminded': { sensitive: true },
	'sspf.action.reminded': { sensitive: true },
	'sspf.entry.added': { sensitive: true },
	'sspf.entry.updated': { sensitive: true },
	'sspf.meeting.created': { sensitive: true },
	'sspf.settings.changed': { sensitive: true },
	'sspf.statistics.read': { sensitive: true, readOnly: true }
});
