import { defineAuditEvents } from '../../platform/audit-events';

/** The audit event types of the users module; their readable texts are `users.audit.*` in src/lib/modules/users/messages. */
export const USERS_AUDIT_EVENTS = defineAuditEvents('users', {
	'users.oidc.unknown_user': {},
	'users.password.reset': {},
	'users.password.reset_requested': {},
	'users.password.changed': {},
	'users.session.signed_in': {},
	'users.session.sign_in_failed': {},
	'users.session.refused_locked': {},
	'users.session.refused_throttled': {},
	'users.session.signed_out': {},
	'users.session.signed_out_everywhere': {},
	'users.totp.failed': {},
	'users.totp.verified': {},
	'users.totp.enabled': { sensitive: true },
	'users.user.created': {},
	'users.first_admin.created': {},
	'users.membership.added': {},
	'users.membership.removed': {},
	'users.membership.role_changed': {},
	'users.api_token.created': {},
	'users.api_token.revoked': {},
	'users.invitation.created': {},
	'users.invitation.accepted': {},
	'users.invitation.resent': {},
	'users.invitation.withdrawn': {}
});
