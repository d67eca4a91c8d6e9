/**
 * What other modules may use of the audit log (the only door into audit/, see eslint.config.js):
 * recording a row in the caller's transaction and reading the log.
 */
export { browseAuditLog, recordAudit, type AuditContext } from './audit.usecases';
export type { AuditEventType } from '../audit-events.generated';
