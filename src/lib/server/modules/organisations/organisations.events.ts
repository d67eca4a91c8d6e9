import { defineAuditEvents } from '../../platform/audit-events';

/** The audit event types of the organisations module; their readable texts are `organisations.audit.*` in src/lib/modules/organisations/messages. */
export const ORGANISATIONS_AUDIT_EVENTS = defineAuditEvents('organisations', {
	'organisations.organisation.confirmed': {},
	'organisations.organisation.created': {},
	'organisations.organisation.merged': {},
	'organisations.organisation.updated': {},
	'organisations.organisation.linked': {},
	'organisations.organisation.unlinked': {},
	'organisations.municipality.created': {},
	'organisations.municipality.deleted': {},
	'organisations.municipality.exported': { readOnly: true },
	'organisations.municipality.renamed': {},
	'organisations.municipality.activated': {},
	'organisations.municipality.deactivated': {}
});
