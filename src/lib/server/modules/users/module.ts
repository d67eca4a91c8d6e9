import { defineServerModule } from '../manifest';
import { USERS_AUDIT_EVENTS } from './users.events';
import { USERS_PERMISSIONS } from './users.permissions';

/** Accounts, sign-in, memberships, invitations and API keys. */
export default defineServerModule({ id: 'users', permissions: USERS_PERMISSIONS, auditEvents: USERS_AUDIT_EVENTS });
