/** What other modules may use of plans (the only door into plans/). */
export { getPlan, importPlan } from './plans.usecases';
export { parsePlanText } from './plan-import';
// The table readers are shared machinery on their way to platform/files (upload hardening).
export { parseCsv, readXlsxRows } from './plan-import';
/** The demo plan's text, for other modules' tests that need a real plan. */
export { FALUN_PLAN_FIXTURE } from './module';
