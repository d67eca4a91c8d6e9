import { defineServerModule } from '../manifest';
import { auditCheckpointCommand, auditVerifyCommand } from './audit.cli';
import { AUDIT_AUDIT_EVENTS } from './audit.events';
import { AUDIT_PERMISSIONS } from './audit.permissions';

/** The audit log's manifest: its reading permission, its own event (the signed checkpoint) and its commands. */
export default defineServerModule({
	id: 'audit',
	permissions: AUDIT_PERMISSIONS,
	auditEvents: AUDIT_AUDIT_EVENTS,
	cli: { 'audit:verify': auditVerifyCommand, 'audit:checkpoint': auditCheckpointCommand }
});
