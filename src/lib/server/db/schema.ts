// The schema barrel: every module's tables, for drizzle-kit and the typed query layer.
export * from '../modules/organisations/organisations.table';
export * from '../modules/users/users.table';
export * from '../modules/audit/audit.table';
export * from '../modules/mail/mail.table';
export * from '../modules/plans/plans.table';
export * from '../modules/plans/follow-up.table';
export * from '../modules/promises/promises.table';
export * from '../modules/situation/situation.table';
export * from '../modules/situation/report/situation-report.table';
export * from '../platform/shared/shared.table';
