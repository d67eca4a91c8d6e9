import { defineServerModule } from '../manifest';
import { ORGANISATIONS_AUDIT_EVENTS } from './organisations.events';
import { ORGANISATIONS_PERMISSIONS } from './organisations.permissions';

/** Municipalities, police areas and the organisations taking part. */
export default defineServerModule({ id: 'organisations', permissions: ORGANISATIONS_PERMISSIONS, auditEvents: ORGANISATIONS_AUDIT_EVENTS });
