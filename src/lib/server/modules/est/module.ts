import { defineServerModule } from '../manifest';
import { EST_AUDIT_EVENTS } from './est.events';
import { EST_PERMISSIONS } from './est.permissions';

/**
 * EST (effektiv samordning för trygghet, issue 13), added as a module of its own: this folder, its
 * browser half and messages in src/lib/modules/est/, its routes, its migration and its tests.
 */
export default defineServerModule({ id: 'est', permissions: EST_PERMISSIONS, auditEvents: EST_AUDIT_EVENTS });
