import { defineServerModule } from '../manifest';
import { AUDIT_AUDIT_EVENTS } from './audit.events';
import { AUDIT_PERMISSIONS } from './audit.permissions';

/** The audit log's manifest: its reading permission and its own event (the signed checkpoint). */
export default defineServerModule({
	id: 'audit',
	permissions: AUDIT_PERMISSIONS,
	auditEvents: AUDIT_AUDIT_EVENTS
});
